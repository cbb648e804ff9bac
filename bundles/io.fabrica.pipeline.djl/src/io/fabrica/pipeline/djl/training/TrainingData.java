package io.fabrica.pipeline.djl.training;

import java.util.List;

/**
 * The samples to train on.
 *
 * <p>{@code inputs[i]} is one sample, row-major with shape {@code inputShape}: {@code {F}} for
 * feature vectors, {@code {1, H, W}} for gray images. Samples are in time order: the last part
 * becomes the validation split (see {@link TrainingOptions#validationFraction()}). For classifiers
 * {@code labels[i]} is the index of sample {@code i}'s class in {@code classes}; an autoencoder
 * needs neither ({@code null}) and must be given normal data only.
 *
 * <p>The arrays are not copied (training data can be large); do not change them while a training
 * runs. The record does not check the data: {@link ModelTrainer#train} does, and reports problems
 * as {@link TrainingException}.
 *
 * @param inputs the samples, in time order
 * @param inputShape the shape of one sample
 * @param labels class index per sample; {@code null} for {@link ModelKind#AUTOENCODER}
 * @param classes the class names; {@code null} for {@link ModelKind#AUTOENCODER}
 */
public record TrainingData(float[][] inputs, int[] inputShape, int[] labels, List<String> classes) {

    /**
     * Data for an autoencoder: samples without labels.
     *
     * @param inputs the samples, in time order
     * @param inputShape the shape of one sample
     * @return the data
     */
    public static TrainingData unlabeled(float[][] inputs, int[] inputShape) {
        return new TrainingData(inputs, inputShape, null, null);
    }
}
