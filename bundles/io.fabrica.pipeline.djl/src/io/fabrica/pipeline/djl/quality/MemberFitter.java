package io.fabrica.pipeline.djl.quality;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.Device;
import io.fabrica.pipeline.djl.DjlEngines;
import io.fabrica.pipeline.djl.training.TrainingException;

/**
 * Trains one ensemble member with DJL on the PyTorch engine: {@code Linear(F→32) ReLU Linear(32→16)
 * ReLU Linear(16→T)}, mean squared error on standardized targets, Adam, a fixed number of epochs (the
 * ensemble's calibration on unseen parts, not early stopping, guards against over-fitting).
 */
final class MemberFitter {

    static final int EPOCHS = 300;
    private static final int BATCH = 32;
    private static final float LEARNING_RATE = 0.005f;
    private static final int[] HIDDEN = {32, 16};
    /** PyTorch training is not re-entrant across models in one engine here; one member at a time. */
    private static final Object LOCK = new Object();

    private MemberFitter() {
    }

    static Mlp fit(float[][] inputs, float[][] targets, long seed, IntConsumer epochDone) throws TrainingException {
        int features = inputs[0].length;
        int outputs = targets[0].length;
        synchronized (LOCK) {
            try (Model model = DjlEngines.newModel("quality-member", DjlEngines.PYTORCH)) {
                DjlEngines.engine(DjlEngines.PYTORCH).setRandomSeed(Long.hashCode(seed));
                SequentialBlock block = new SequentialBlock().add(Linear.builder().setUnits(HIDDEN[0]).build()).add(Activation::relu)
                        .add(Linear.builder().setUnits(HIDDEN[1]).build()).add(Activation::relu).add(Linear.builder().setUnits(outputs).build());
                model.setBlock(block);
                train(model, inputs, targets, seed, epochDone);
                return weights(block, new int[] {features, HIDDEN[0], HIDDEN[1], outputs});
            } catch (RuntimeException e) {
                throw new TrainingException("training the quality model failed: " + e, e);
            }
        }
    }

    private static void train(Model model, float[][] inputs, float[][] targets, long seed, IntConsumer epochDone) throws TrainingException {
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss("MeanSquaredError", 1f))
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(LEARNING_RATE)).build()).optDevices(new Device[] {Device.cpu()});
        SplittableRandom shuffling = new SplittableRandom(seed);
        int[] order = java.util.stream.IntStream.range(0, inputs.length).toArray();
        try (Trainer trainer = model.newTrainer(config)) {
            trainer.initialize(new Shape(BATCH, inputs[0].length));
            for (int epoch = 0; epoch < EPOCHS; epoch++) {
                shuffle(order, shuffling);
                double loss = 0;
                for (int from = 0; from < order.length; from += BATCH) {
                    loss += step(trainer, inputs, targets, order, from, Math.min(BATCH, order.length - from));
                }
                if (!Double.isFinite(loss)) {
                    throw new TrainingException("the quality model diverged in epoch " + (epoch + 1) + " (loss " + loss + ")");
                }
                if (epochDone != null) {
                    epochDone.accept(epoch + 1);
                }
            }
        }
    }

    private static double step(Trainer trainer, float[][] inputs, float[][] targets, int[] order, int from, int count) {
        float[][] x = new float[count][];
        float[][] y = new float[count][];
        for (int i = 0; i < count; i++) {
            x[i] = inputs[order[from + i]];
            y[i] = targets[order[from + i]];
        }
        try (NDManager batch = trainer.getManager().newSubManager()) {
            NDArray xs = batch.create(x);
            NDArray ys = batch.create(y);
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDArray loss = trainer.getLoss().evaluate(new NDList(ys), trainer.forward(new NDList(xs)));
                collector.backward(loss);
                double value = loss.getFloat() * count;
                trainer.step();
                return value;
            }
        }
    }

    private static void shuffle(int[] order, SplittableRandom random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    private static Mlp weights(SequentialBlock block, int[] sizes) throws TrainingException {
        List<Block> linear = block.getChildren().values().stream().filter(Linear.class::isInstance).toList();
        float[][] w = new float[linear.size()][];
        float[][] b = new float[linear.size()][];
        for (int layer = 0; layer < linear.size(); layer++) {
            w[layer] = linear.get(layer).getParameters().get("weight").getArray().toFloatArray();
            b[layer] = linear.get(layer).getParameters().get("bias").getArray().toFloatArray();
            if (w[layer].length != sizes[layer] * sizes[layer + 1]) {
                throw new TrainingException("layer " + layer + " has " + w[layer].length + " weights, expected " + sizes[layer] * sizes[layer + 1]);
            }
        }
        return new Mlp(w, b, sizes);
    }
}
