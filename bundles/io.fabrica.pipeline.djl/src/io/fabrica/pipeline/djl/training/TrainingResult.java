package io.fabrica.pipeline.djl.training;

/**
 * What {@link ModelTrainer#train} produced. Shapes are per sample, without the batch dimension.
 *
 * @param kind the model kind
 * @param inputShape the shape of one input sample: {@code {F}} or {@code {1, H, W}}
 * @param outputShape the shape of one output: {@code {F}} (autoencoder error) or {@code {C}}
 *        (class probabilities)
 * @param epochs the epochs run (fewer than the maximum when early stopping ended the training)
 * @param bestEpoch the 1-based epoch with the lowest validation loss; its parameters were exported
 * @param bestValidationLoss that loss (mean squared error or softmax cross-entropy)
 * @param trainSeconds wall-clock time of the training loop, without export and verification
 * @param validationScores one score per validation sample, in time order, computed by the exported
 *        ONNX model: for {@link ModelKind#AUTOENCODER} the mean squared reconstruction error of the
 *        sample (a basis for an anomaly threshold), for classifiers the highest class probability
 * @param exportMaxAbsError the largest absolute difference between the ONNX Runtime outputs and the
 *        PyTorch outputs on the validation split; below {@link ModelTrainer#MAX_EXPORT_ERROR}
 */
public record TrainingResult(ModelKind kind, int[] inputShape, int[] outputShape, int epochs, int bestEpoch,
        double bestValidationLoss, double trainSeconds, float[] validationScores, double exportMaxAbsError) {
}
