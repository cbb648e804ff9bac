package io.fabrica.pipeline.djl.training;

import java.util.Arrays;
import java.util.List;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;

/**
 * The layers of one model, the single description from which both the DJL block (for training)
 * and the ONNX graph (for export) are made, so that the two cannot drift apart. Layer {@code i}
 * is child {@code i} of the {@link SequentialBlock}.
 */
final class Architecture {

    /** One layer; each maps to exactly one DJL block and one or more ONNX nodes. */
    sealed interface Layer permits Dense, Conv, Relu, MaxPool, Flatten {
    }

    /** Fully connected layer with bias (DJL {@code Linear}, ONNX {@code Gemm}). */
    record Dense(int units) implements Layer {
    }

    /** 3x3 convolution, padding 1, stride 1, with bias (DJL {@code Conv2d}, ONNX {@code Conv}). */
    record Conv(int filters) implements Layer {
    }

    /** Rectified linear unit. */
    record Relu() implements Layer {
    }

    /** 2x2 max pooling, stride 2. */
    record MaxPool() implements Layer {
    }

    /** Flattens [C, H, W] to [C·H·W] (row-major, the same in DJL and ONNX). */
    record Flatten() implements Layer {
    }

    static final int KERNEL = 3;
    static final int PADDING = 1;
    static final int POOL = 2;

    private static final int MLP_HIDDEN_1 = 32;
    private static final int MLP_HIDDEN_2 = 16;
    private static final int CNN_FILTERS_1 = 8;
    private static final int CNN_FILTERS_2 = 16;

    private final ModelKind kind;
    private final int[] inputShape;
    private final int[] outputShape;
    private final List<Layer> layers;

    private Architecture(ModelKind kind, int[] inputShape, int[] outputShape, List<Layer> layers) {
        this.kind = kind;
        this.inputShape = inputShape.clone();
        this.outputShape = outputShape.clone();
        this.layers = List.copyOf(layers);
    }

    /**
     * @param kind the model kind
     * @param inputShape the checked shape of one sample
     * @param classes the number of classes (ignored for the autoencoder)
     * @return the architecture
     */
    static Architecture of(ModelKind kind, int[] inputShape, int classes) {
        int features = inputShape[0];
        return switch (kind) {
            case AUTOENCODER -> new Architecture(kind, inputShape, inputShape, autoencoder(features));
            case MLP_CLASSIFIER -> new Architecture(kind, inputShape, new int[] {classes}, mlp(classes));
            case CNN_CLASSIFIER -> new Architecture(kind, inputShape, new int[] {classes}, cnn(classes));
        };
    }

    /**
     * Rebuilds the architecture of a trained model from its shapes.
     *
     * @param kind the model kind
     * @param inputShape the shape of one sample
     * @param outputShape the shape of one output as reported by {@link TrainingResult#outputShape()}
     * @return the architecture
     * @throws TrainingException if the shapes do not fit the kind
     */
    static Architecture of(ModelKind kind, int[] inputShape, int[] outputShape) throws TrainingException {
        DataCheck.checkShape(kind, inputShape);
        boolean fits = outputShape != null && (kind.isClassifier()
                ? outputShape.length == 1 && outputShape[0] >= 2
                : Arrays.equals(outputShape, inputShape));
        if (!fits) {
            String expected = kind.isClassifier() ? "[C] with at least 2 classes" : Arrays.toString(inputShape);
            throw new TrainingException("output shape " + Arrays.toString(outputShape) + " does not fit " + kind
                    + " with input shape " + Arrays.toString(inputShape) + "; expected " + expected);
        }
        return of(kind, inputShape, outputShape[0]);
    }

    /**
     * h = max(8, F); the bottleneck b = max(2, F/2), kept below F (but at least 1) so the net cannot
     * copy its input. Not narrower: the ReLU after the bottleneck keeps codes non-negative, and in
     * experiments a 2-unit ReLU code for 6 features on a 2-D plane often stuck at a poor fit.
     */
    private static List<Layer> autoencoder(int features) {
        int hidden = Math.max(8, features);
        int bottleneck = Math.max(1, Math.min(features - 1, Math.max(2, features / 2)));
        return List.of(new Dense(hidden), new Relu(), new Dense(bottleneck), new Relu(),
                new Dense(hidden), new Relu(), new Dense(features));
    }

    private static List<Layer> mlp(int classes) {
        return List.of(new Dense(MLP_HIDDEN_1), new Relu(), new Dense(MLP_HIDDEN_2), new Relu(), new Dense(classes));
    }

    private static List<Layer> cnn(int classes) {
        return List.of(new Conv(CNN_FILTERS_1), new Relu(), new MaxPool(), new Conv(CNN_FILTERS_2), new Relu(),
                new MaxPool(), new Flatten(), new Dense(classes));
    }

    /** @return a new, uninitialized DJL block with one child per layer */
    SequentialBlock newBlock() {
        SequentialBlock block = new SequentialBlock();
        layers.forEach(layer -> block.add(toBlock(layer)));
        return block;
    }

    private static Block toBlock(Layer layer) {
        return switch (layer) {
            case Dense d -> Linear.builder().setUnits(d.units()).build();
            case Conv c -> Conv2d.builder().setKernelShape(new Shape(KERNEL, KERNEL))
                    .optPadding(new Shape(PADDING, PADDING)).setFilters(c.filters()).build();
            case Relu r -> Activation.reluBlock();
            case MaxPool m -> Pool.maxPool2dBlock(new Shape(POOL, POOL), new Shape(POOL, POOL));
            case Flatten f -> Blocks.batchFlattenBlock();
        };
    }

    ModelKind kind() {
        return kind;
    }

    List<Layer> layers() {
        return layers;
    }

    /** @return the shape of one sample, a copy */
    int[] inputShape() {
        return inputShape.clone();
    }

    /** @return the shape of one output, a copy */
    int[] outputShape() {
        return outputShape.clone();
    }

    /** @return the number of values in one sample */
    int inputSize() {
        return size(inputShape);
    }

    /** @return the number of values in one output */
    int outputSize() {
        return size(outputShape);
    }

    /**
     * @param batch the batch size
     * @return the shape of a batch of samples
     */
    Shape batchShape(int batch) {
        long[] dims = new long[inputShape.length + 1];
        dims[0] = batch;
        for (int i = 0; i < inputShape.length; i++) {
            dims[i + 1] = inputShape[i];
        }
        return new Shape(dims);
    }

    /**
     * Turns the network's raw output (reconstruction or logits) into what the exported model
     * outputs, in plain Java, as the reference for the ONNX Runtime result.
     *
     * @param inputs {@code count} samples, flat
     * @param raw the network output for them, flat
     * @param count the number of samples
     * @return squared reconstruction errors or class probabilities, flat
     */
    float[] postProcess(float[] inputs, float[] raw, int count) {
        if (!kind.isClassifier()) {
            float[] error = new float[raw.length];
            for (int i = 0; i < raw.length; i++) {
                float difference = inputs[i] - raw[i];
                error[i] = difference * difference;
            }
            return error;
        }
        float[] probabilities = new float[raw.length];
        int classes = outputSize();
        for (int s = 0; s < count; s++) {
            softmax(raw, s * classes, classes, probabilities);
        }
        return probabilities;
    }

    private static void softmax(float[] logits, int offset, int length, float[] into) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = offset; i < offset + length; i++) {
            max = Math.max(max, logits[i]);
        }
        double sum = 0;
        for (int i = offset; i < offset + length; i++) {
            sum += Math.exp(logits[i] - max);
        }
        for (int i = offset; i < offset + length; i++) {
            into[i] = (float) (Math.exp(logits[i] - max) / sum);
        }
    }

    /**
     * Reduces one exported output row to the sample's score.
     *
     * @param outputs exported outputs, flat
     * @param sample the sample index
     * @return the mean squared reconstruction error (autoencoder) or the highest probability
     */
    float score(float[] outputs, int sample) {
        int width = outputSize();
        double sum = 0;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = sample * width; i < (sample + 1) * width; i++) {
            sum += outputs[i];
            max = Math.max(max, outputs[i]);
        }
        return kind.isClassifier() ? max : (float) (sum / width);
    }

    static int size(int[] shape) {
        int size = 1;
        for (int d : shape) {
            size = Math.multiplyExact(size, d);
        }
        return size;
    }

    /** @return kind and shapes, for messages, e.g. {@code MLP_CLASSIFIER with input [4] and output [3]} */
    String describe() {
        return kind + " with input " + Arrays.toString(inputShape) + " and output " + Arrays.toString(outputShape);
    }

    @Override
    public String toString() {
        return describe() + " " + layers;
    }
}
