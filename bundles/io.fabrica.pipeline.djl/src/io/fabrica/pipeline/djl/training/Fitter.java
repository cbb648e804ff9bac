package io.fabrica.pipeline.djl.training;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;
import java.util.stream.IntStream;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

/**
 * The training loop: Adam on shuffled mini-batches of the training split, the validation loss
 * after every epoch, early stopping with patience, and at the end the parameters of the best epoch
 * back in the model's block.
 *
 * <p>Batches are built from the Java arrays on demand, each in its own sub-manager that is closed
 * after the step, so native memory stays at one batch plus the model.
 */
final class Fitter {

    /**
     * @param epochs the epochs run
     * @param bestEpoch the 1-based epoch whose parameters the block now holds
     * @param bestLoss its validation loss
     * @param seconds the wall-clock time of the loop
     */
    record Outcome(int epochs, int bestEpoch, double bestLoss, double seconds) {
    }

    private static final double NANOS_PER_SECOND = 1e9;

    private final Model model;
    private final Architecture architecture;
    private final TrainingData data;
    private final int trainingCount;
    private final TrainingOptions options;
    private final TrainingProgress progress;

    /**
     * @param model the model, its block set and not yet initialized
     * @param architecture the block's layers
     * @param data checked data
     * @param trainingCount the leading samples that train; the rest validate
     * @param options the options
     * @param progress the listener, not {@code null}
     */
    Fitter(Model model, Architecture architecture, TrainingData data, int trainingCount, TrainingOptions options,
            TrainingProgress progress) {
        this.model = model;
        this.architecture = architecture;
        this.data = data;
        this.trainingCount = trainingCount;
        this.options = options;
        this.progress = progress;
    }

    /**
     * Trains and leaves the best epoch's parameters in the block.
     *
     * @return what happened
     * @throws TrainingException if cancelled ({@code "cancelled"}) or the loss became NaN/infinite
     */
    Outcome fit() throws TrainingException {
        long start = System.nanoTime();
        Best best = new Best();
        int epochs;
        // PyTorch's intra-op thread count is not exported by the wrapped engine bundle, so it stays at its default
        try (Trainer trainer = model.newTrainer(config())) {
            trainer.initialize(architecture.batchShape(options.batchSize()));
            epochs = runEpochs(trainer, best);
        }
        restore(model.getBlock(), model.getNDManager(), best.parameters);
        return new Outcome(epochs, best.epoch, best.loss, (System.nanoTime() - start) / NANOS_PER_SECOND);
    }

    /** @return the number of epochs run; stops at the maximum or when patience runs out */
    private int runEpochs(Trainer trainer, Best best) throws TrainingException {
        Random shuffling = new Random(options.seed());
        int[] order = IntStream.range(0, trainingCount).toArray();
        int epoch = 0;
        while (epoch < options.maxEpochs() && epoch - best.epoch < options.patience()) {
            epoch++;
            shuffle(order, shuffling);
            double trainLoss = trainEpoch(trainer, order);
            double validationLoss = validationLoss(trainer);
            checkFinite(epoch, trainLoss, validationLoss);
            best.offer(epoch, validationLoss, model.getBlock());
            progress.epoch(epoch, options.maxEpochs(), trainLoss, validationLoss);
        }
        return epoch;
    }

    private DefaultTrainingConfig config() {
        Loss loss = architecture.kind().isClassifier()
                ? Loss.softmaxCrossEntropyLoss()
                : Loss.l2Loss("MeanSquaredError", 1f); // weight 1: the plain mean, not DJL's default half
        return new DefaultTrainingConfig(loss)
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(options.learningRate())).build())
                .optDevices(new Device[] {Device.cpu()});
    }

    /** @return the mean training loss of the epoch, weighted by batch size */
    private double trainEpoch(Trainer trainer, int[] order) throws TrainingException {
        double sum = 0;
        for (int from = 0; from < order.length; from += options.batchSize()) {
            checkCancelled();
            int count = Math.min(options.batchSize(), order.length - from);
            try (NDManager step = trainer.getManager().newSubManager()) {
                NDList[] batch = batch(step, order, from, count);
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDArray loss = trainer.getLoss().evaluate(batch[1], trainer.forward(batch[0]));
                    collector.backward(loss);
                    sum += loss.getFloat() * count;
                }
                trainer.step();
            }
        }
        return sum / order.length;
    }

    /** @return the mean loss over the validation split, weighted by batch size */
    private double validationLoss(Trainer trainer) throws TrainingException {
        int samples = data.inputs().length;
        int[] validation = IntStream.range(trainingCount, samples).toArray();
        double sum = 0;
        for (int from = 0; from < validation.length; from += options.batchSize()) {
            checkCancelled();
            int count = Math.min(options.batchSize(), validation.length - from);
            try (NDManager step = trainer.getManager().newSubManager()) {
                NDList[] batch = batch(step, validation, from, count);
                NDArray loss = trainer.getLoss().evaluate(batch[1], trainer.evaluate(batch[0]));
                sum += loss.getFloat() * count;
            }
        }
        return sum / validation.length;
    }

    /** @return {inputs, labels}; an autoencoder's labels are its inputs */
    private NDList[] batch(NDManager manager, int[] indices, int from, int count) {
        int size = architecture.inputSize();
        float[] flat = new float[count * size];
        for (int s = 0; s < count; s++) {
            System.arraycopy(data.inputs()[indices[from + s]], 0, flat, s * size, size);
        }
        NDArray inputs = manager.create(flat, architecture.batchShape(count));
        if (!architecture.kind().isClassifier()) {
            return new NDList[] {new NDList(inputs), new NDList(inputs)};
        }
        float[] labels = new float[count];
        for (int s = 0; s < count; s++) {
            labels[s] = data.labels()[indices[from + s]];
        }
        return new NDList[] {new NDList(inputs), new NDList(manager.create(labels, new Shape(count)))};
    }

    private void checkCancelled() throws TrainingException {
        if (progress.cancelled()) {
            throw new TrainingException("cancelled");
        }
    }

    private static void checkFinite(int epoch, double trainLoss, double validationLoss) throws TrainingException {
        if (!Double.isFinite(trainLoss) || !Double.isFinite(validationLoss)) {
            throw new TrainingException("training diverged in epoch " + epoch + " (training loss " + trainLoss
                    + ", validation loss " + validationLoss + "); try a lower learning rate or scale the inputs");
        }
    }

    /** Fisher-Yates with the seeded generator, so the same seed gives the same batches. */
    private static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
    }

    /** The epoch with the lowest validation loss so far and a copy of its parameters. */
    private static final class Best {
        private byte[] parameters;
        private int epoch;
        private double loss = Double.POSITIVE_INFINITY;

        void offer(int candidateEpoch, double candidateLoss, Block block) throws TrainingException {
            if (candidateLoss < loss) {
                parameters = snapshot(block);
                epoch = candidateEpoch;
                loss = candidateLoss;
            }
        }
    }

    /** Copies the parameters exactly, in DJL's own encoding. */
    private static byte[] snapshot(Block block) throws TrainingException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        } catch (IOException e) {
            throw new TrainingException("cannot copy the model parameters: " + e, e);
        }
        return bytes.toByteArray();
    }

    private static void restore(Block block, NDManager manager, byte[] snapshot) throws TrainingException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
            block.loadParameters(manager, in);
        } catch (IOException | MalformedModelException e) {
            throw new TrainingException("cannot restore the parameters of the best epoch: " + e, e);
        }
    }
}
