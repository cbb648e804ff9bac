package io.fabrica.ui.pipeline.internal.training;

/**
 * The losses after one training epoch, as reported by the trainer.
 *
 * @param epoch the epoch, 1-based
 * @param maxEpochs the most epochs this training runs (early stopping may end it sooner)
 * @param trainingLoss mean loss over the training split
 * @param validationLoss mean loss over the validation split
 */
public record EpochLoss(int epoch, int maxEpochs, double trainingLoss, double validationLoss) {

    /** @return the progress line shown in the Progress view, e.g. {@code epoch 12/200 loss 0.0213} */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "epoch %d/%d loss %.4g (validation %.4g)", epoch, maxEpochs, trainingLoss, validationLoss);
    }
}
