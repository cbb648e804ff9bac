package io.fabrica.pipeline.djl.training;

/**
 * How {@link ModelTrainer#train} trains: Adam with a fixed learning rate on mini-batches, early
 * stopping on the validation loss.
 *
 * @param seed seeds PyTorch's initialization and the shuffling of the training split: the same seed,
 *        data and options give the same model
 * @param maxEpochs the most passes over the training split, at least 1
 * @param patience stop after this many epochs without a lower validation loss, at least 1
 * @param validationFraction the last part of the samples (in time order) used for validation,
 *        greater than 0 and less than 1
 * @param batchSize samples per optimizer step, at least 1
 * @param learningRate Adam's learning rate, positive and finite
 */
public record TrainingOptions(long seed, int maxEpochs, int patience, double validationFraction, int batchSize,
        float learningRate) {

    /**
     * @throws IllegalArgumentException if a value is out of its range; the message names it
     */
    public TrainingOptions {
        require(maxEpochs >= 1, "maxEpochs must be at least 1 but is " + maxEpochs);
        require(patience >= 1, "patience must be at least 1 but is " + patience);
        require(validationFraction > 0 && validationFraction < 1,
                "validationFraction must be greater than 0 and less than 1 but is " + validationFraction);
        require(batchSize >= 1, "batchSize must be at least 1 but is " + batchSize);
        require(learningRate > 0 && Float.isFinite(learningRate),
                "learningRate must be positive and finite but is " + learningRate);
    }

    /**
     * @return seed 42, at most 200 epochs, patience 15, validation fraction 0.2, batch size 32,
     *         learning rate 0.001
     */
    public static TrainingOptions defaults() {
        return new TrainingOptions(42, 200, 15, 0.2, 32, 1e-3f);
    }

    /**
     * @param newSeed the seed
     * @return these options with another seed
     */
    public TrainingOptions withSeed(long newSeed) {
        return new TrainingOptions(newSeed, maxEpochs, patience, validationFraction, batchSize, learningRate);
    }

    /**
     * @param newMaxEpochs the most epochs
     * @param newPatience the patience
     * @return these options with other epoch limits
     */
    public TrainingOptions withEpochs(int newMaxEpochs, int newPatience) {
        return new TrainingOptions(seed, newMaxEpochs, newPatience, validationFraction, batchSize, learningRate);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
