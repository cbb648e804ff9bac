package io.fabrica.pipeline.djl.training;

/**
 * Receives the progress of {@link ModelTrainer#train} and can cancel it. Both methods are called
 * on the training thread; keep them fast.
 */
public interface TrainingProgress {

    /**
     * Called after every epoch.
     *
     * @param epoch the epoch just finished, 1-based
     * @param maxEpochs the most epochs the training will run (early stopping may end it sooner)
     * @param trainLoss the mean loss over the training split in this epoch
     * @param validationLoss the mean loss over the validation split after this epoch
     */
    void epoch(int epoch, int maxEpochs, double trainLoss, double validationLoss);

    /**
     * Asked before every batch; once it answers {@code true} the training stops, writes nothing and
     * throws {@code TrainingException("cancelled")}.
     *
     * @return whether the training should stop
     */
    default boolean cancelled() {
        return false;
    }
}
