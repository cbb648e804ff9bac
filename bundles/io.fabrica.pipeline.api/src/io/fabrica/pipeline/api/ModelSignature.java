package io.fabrica.pipeline.api;

import java.util.Arrays;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The input and output of a model for one sample (without the batch dimension), e.g. input
 * {@code [13]} and output {@code [13]} for an autoencoder on 13 features, or input {@code [1, 64, 64]}
 * and output {@code [2]} for an image classifier.
 *
 * <p>Implemented by Fabrica; vendors use it: inference sessions create their signature, Fabrica reads
 * it. Immutable (the shapes are copied in and out) and thread-safe.
 *
 * @param inputName the model's input tensor name
 * @param inputShape the input shape per sample, every dimension positive
 * @param outputName the model's output tensor name
 * @param outputShape the output shape per sample, every dimension positive
 * @since 1.0
 */
@ProviderType
public record ModelSignature(String inputName, int[] inputShape, String outputName, int[] outputShape) {

    /**
     * Copies the shapes so that the record stays immutable.
     *
     * @throws NullPointerException if a shape is {@code null}
     */
    public ModelSignature {
        inputShape = inputShape.clone();
        outputShape = outputShape.clone();
    }

    /** @return the number of input values per sample */
    public int inputSize() {
        return product(inputShape);
    }

    /** @return the number of output values per sample */
    public int outputSize() {
        return product(outputShape);
    }

    /** @return a copy of the input shape */
    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    /** @return a copy of the output shape */
    @Override
    public int[] outputShape() {
        return outputShape.clone();
    }

    private static int product(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** @return whether the other is a signature with the same names and shapes */
    @Override
    public boolean equals(Object other) {
        return other instanceof ModelSignature s && inputName.equals(s.inputName) && outputName.equals(s.outputName)
                && Arrays.equals(inputShape, s.inputShape) && Arrays.equals(outputShape, s.outputShape);
    }

    /** @return a hash consistent with {@link #equals} */
    @Override
    public int hashCode() {
        return inputName.hashCode() * 31 + Arrays.hashCode(inputShape);
    }

    /** @return e.g. {@code input[13] -> output[13]} */
    @Override
    public String toString() {
        return inputName + Arrays.toString(inputShape) + " -> " + outputName + Arrays.toString(outputShape);
    }
}
