package io.fabrica.pipeline.djl.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.NoopTranslator;
import io.fabrica.pipeline.djl.DjlEngines;

/**
 * Proves the DJL + PyTorch joint inside OSGi: natives come from the Maven Central jars (fragments
 * of the engine bundle), a small MLP trains on CPU and its loss falls, and the saved parameters
 * reload into a fresh model that gives bit-identical outputs.
 */
class PyTorchTrainingTest {

    private static final int SAMPLES = 256;
    private static final int BATCH = 32;
    private static final int STEPS = 60;

    @TempDir
    Path dir;

    @Test
    void mlpTrainsSavesAndReloadsWithIdenticalOutputs() throws Exception {
        Engine pytorch = DjlEngines.engine(DjlEngines.PYTORCH);
        assertEquals(DjlEngines.PYTORCH, pytorch.getEngineName());
        pytorch.setRandomSeed(7);

        try (NDManager manager = DjlEngines.newManager(DjlEngines.PYTORCH);
                Model model = DjlEngines.newModel("mlp", DjlEngines.PYTORCH)) {
            // target: y = sin(2 x0) - x1^2 + 0.5, x uniform in [-1, 1]^2
            NDArray x = manager.randomUniform(-1f, 1f, new Shape(SAMPLES, 2));
            NDArray y = x.get(":, 0:1").mul(2).sin().sub(x.get(":, 1:2").square()).add(0.5f);
            ArrayDataset data = new ArrayDataset.Builder().setData(x).optLabels(y).setSampling(BATCH, true).build();

            model.setBlock(mlp());
            float before;
            float after;
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.01f)).build())
                    .optDevices(new Device[] {Device.cpu()}))) {
                trainer.initialize(new Shape(BATCH, 2));
                before = loss(trainer, x, y);
                train(trainer, data);
                after = loss(trainer, x, y);
            }
            assertTrue(after < before * 0.5f, "loss should at least halve: " + before + " -> " + after);

            model.save(dir, "mlp");
            assertTrue(Files.exists(dir.resolve("mlp-0000.params")), "parameters file written");
            float[] probe = {0.1f, -0.2f, 0.7f, 0.4f, -0.9f, 0.3f};
            float[] original = predict(model, manager, probe);
            try (Model reloaded = DjlEngines.newModel("mlp", DjlEngines.PYTORCH)) {
                reloaded.setBlock(mlp());
                reloaded.load(dir, "mlp");
                assertArrayEquals(original, predict(reloaded, manager, probe), 0f);
            }
        }
    }

    private static SequentialBlock mlp() {
        return new SequentialBlock()
                .add(Linear.builder().setUnits(16).build())
                .add(Activation::relu)
                .add(Linear.builder().setUnits(16).build())
                .add(Activation::relu)
                .add(Linear.builder().setUnits(1).build());
    }

    private static void train(Trainer trainer, ArrayDataset data) throws Exception {
        int step = 0;
        while (step < STEPS) {
            for (Batch batch : trainer.iterateDataset(data)) {
                try (batch; GradientCollector collector = trainer.newGradientCollector()) {
                    NDList prediction = trainer.forward(batch.getData());
                    collector.backward(trainer.getLoss().evaluate(batch.getLabels(), prediction));
                }
                trainer.step();
                if (++step == STEPS) {
                    return;
                }
            }
        }
    }

    private static float loss(Trainer trainer, NDArray x, NDArray y) {
        return trainer.getLoss().evaluate(new NDList(y), trainer.evaluate(new NDList(x))).getFloat();
    }

    private static float[] predict(Model model, NDManager manager, float[] xy) throws Exception {
        try (Predictor<NDList, NDList> predictor = model.newPredictor(new NoopTranslator())) {
            return predictor.predict(new NDList(manager.create(xy, new Shape(xy.length / 2, 2))))
                    .singletonOrThrow().toFloatArray();
        }
    }
}
