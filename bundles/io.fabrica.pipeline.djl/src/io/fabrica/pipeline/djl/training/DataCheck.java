package io.fabrica.pipeline.djl.training;

import java.util.Arrays;

/**
 * Checks training data before anything is trained or written, so that a user learns which sample
 * and which value are wrong instead of getting an engine error.
 */
final class DataCheck {

    /** Fewer training samples cannot train even the smallest model meaningfully. */
    static final int MIN_TRAINING_SAMPLES = 4;

    /** One validation sample would make early stopping follow noise. */
    static final int MIN_VALIDATION_SAMPLES = 2;

    private DataCheck() {
    }

    /**
     * @param kind the model kind
     * @param data the data
     * @param options the options (for the split)
     * @return the number of leading samples that train; the rest validate
     * @throws TrainingException naming the first problem found
     */
    static int check(ModelKind kind, TrainingData data, TrainingOptions options) throws TrainingException {
        if (data == null || data.inputs() == null || data.inputs().length == 0) {
            throw new TrainingException("no samples to train on");
        }
        checkShape(kind, data.inputShape());
        checkSamples(data.inputs(), data.inputShape());
        if (kind.isClassifier()) {
            checkLabels(kind, data);
        }
        return trainingCount(data.inputs().length, options.validationFraction());
    }

    /**
     * Checks a per-sample input shape against what the kind's architecture accepts.
     *
     * @param kind the model kind
     * @param shape the shape of one sample
     * @throws TrainingException if the kind cannot take such samples
     */
    static void checkShape(ModelKind kind, int[] shape) throws TrainingException {
        if (shape == null || shape.length == 0 || Arrays.stream(shape).anyMatch(d -> d <= 0)) {
            throw new TrainingException("invalid input shape " + Arrays.toString(shape)
                    + ": it needs at least one dimension, all positive");
        }
        if (kind == ModelKind.CNN_CLASSIFIER) {
            if (shape.length != 3 || shape[0] != 1 || shape[1] % 4 != 0 || shape[2] % 4 != 0) {
                throw new TrainingException(kind + " needs gray images of shape [1, H, W] with H and W divisible by 4,"
                        + " but the input shape is " + Arrays.toString(shape));
            }
        } else if (shape.length != 1) {
            throw new TrainingException(kind + " needs feature vectors of shape [F], but the input shape is "
                    + Arrays.toString(shape));
        }
    }

    private static void checkSamples(float[][] inputs, int[] shape) throws TrainingException {
        int size = Arrays.stream(shape).reduce(1, Math::multiplyExact);
        for (int i = 0; i < inputs.length; i++) {
            float[] sample = inputs[i];
            if (sample == null) {
                throw new TrainingException("sample " + i + " is missing (null)");
            }
            if (sample.length != size) {
                throw new TrainingException("sample " + i + " has " + sample.length + " values, but the input shape "
                        + Arrays.toString(shape) + " needs " + size);
            }
            for (int j = 0; j < sample.length; j++) {
                if (!Float.isFinite(sample[j])) {
                    throw new TrainingException("sample " + i + " has the invalid value " + sample[j]
                            + " at position " + j + "; NaN and infinite values cannot be trained on");
                }
            }
        }
    }

    private static void checkLabels(ModelKind kind, TrainingData data) throws TrainingException {
        int[] labels = data.labels();
        if (labels == null) {
            throw new TrainingException("labels are missing: " + kind + " needs a class label for every sample");
        }
        int classes = data.classes() == null ? 0 : data.classes().size();
        if (classes < 2) {
            throw new TrainingException(kind + " needs at least 2 classes, but " + classes + " are given");
        }
        if (labels.length != data.inputs().length) {
            throw new TrainingException("there are " + labels.length + " labels for " + data.inputs().length
                    + " samples; every sample needs exactly one label");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new TrainingException("sample " + i + " has the label " + labels[i]
                        + ", but a class index must be between 0 and " + (classes - 1) + " (" + classes + " classes)");
            }
        }
    }

    private static int trainingCount(int samples, double validationFraction) throws TrainingException {
        int training = (int) Math.round(samples * (1 - validationFraction));
        int validation = samples - training;
        if (training < MIN_TRAINING_SAMPLES || validation < MIN_VALIDATION_SAMPLES) {
            throw new TrainingException("too few samples: " + samples + " samples with validation fraction "
                    + validationFraction + " leave " + training + " for training and " + validation
                    + " for validation, but at least " + MIN_TRAINING_SAMPLES + " and " + MIN_VALIDATION_SAMPLES
                    + " are needed");
        }
        return training;
    }
}
