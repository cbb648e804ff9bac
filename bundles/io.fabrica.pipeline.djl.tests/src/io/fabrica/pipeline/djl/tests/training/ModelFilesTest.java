package io.fabrica.pipeline.djl.tests.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabrica.pipeline.djl.training.ModelKind;
import io.fabrica.pipeline.djl.training.ModelTrainer;
import io.fabrica.pipeline.djl.training.TrainingData;
import io.fabrica.pipeline.djl.training.TrainingException;
import io.fabrica.pipeline.djl.training.TrainingOptions;
import io.fabrica.pipeline.djl.training.TrainingProgress;
import io.fabrica.pipeline.djl.training.TrainingResult;

/**
 * The files {@link ModelTrainer} writes: reproducible from the seed, re-exportable from the saved
 * parameters, and never replaced by a cancelled or failed run.
 */
class ModelFilesTest {

    private static final TrainingOptions OPTIONS = new TrainingOptions(5, 6, 6, 0.2, 16, 0.01f);
    private static final TrainingData BLOBS = Synthetic.blobs(30, 3, 21);

    @TempDir
    Path dir;

    @Test
    void sameSeedGivesIdenticalFilesAndResults() throws Exception {
        TrainingResult first = ModelTrainer.train(ModelKind.MLP_CLASSIFIER, BLOBS, OPTIONS, dir.resolve("a/m.onnx"), null);
        TrainingResult second = ModelTrainer.train(ModelKind.MLP_CLASSIFIER, BLOBS, OPTIONS, dir.resolve("b/m.onnx"), null);

        assertArrayEquals(Files.readAllBytes(dir.resolve("a/m.onnx")), Files.readAllBytes(dir.resolve("b/m.onnx")));
        assertArrayEquals(Files.readAllBytes(dir.resolve("a/m-0000.params")),
                Files.readAllBytes(dir.resolve("b/m-0000.params")));
        assertArrayEquals(first.validationScores(), second.validationScores(), 0f);
        assertEquals(first.bestValidationLoss(), second.bestValidationLoss(), 0d);
    }

    @Test
    void anotherSeedGivesAnotherModel() throws Exception {
        ModelTrainer.train(ModelKind.MLP_CLASSIFIER, BLOBS, OPTIONS, dir.resolve("a/m.onnx"), null);
        ModelTrainer.train(ModelKind.MLP_CLASSIFIER, BLOBS, OPTIONS.withSeed(6), dir.resolve("b/m.onnx"), null);

        assertFalse(Arrays.equals(Files.readAllBytes(dir.resolve("a/m.onnx")),
                Files.readAllBytes(dir.resolve("b/m.onnx"))), "the seed drives initialization and shuffling");
    }

    @Test
    void cancelledTrainingLeavesExistingFilesUntouched() throws Exception {
        Path onnx = dir.resolve("model.onnx");
        Path params = dir.resolve("model-0000.params");
        Files.writeString(onnx, "the model in production");
        Files.writeString(params, "its parameters");
        TrainingProgress cancelAfterTwoEpochs = new TrainingProgress() {
            private int epochs;

            @Override
            public void epoch(int epoch, int maxEpochs, double trainLoss, double validationLoss) {
                epochs = epoch;
            }

            @Override
            public boolean cancelled() {
                return epochs >= 2;
            }
        };

        TrainingException e = assertThrows(TrainingException.class, () -> ModelTrainer.train(
                ModelKind.MLP_CLASSIFIER, BLOBS, OPTIONS, onnx, cancelAfterTwoEpochs));

        assertEquals("cancelled", e.getMessage());
        assertEquals("the model in production", Files.readString(onnx, StandardCharsets.UTF_8));
        assertEquals("its parameters", Files.readString(params, StandardCharsets.UTF_8));
        assertEquals(List.of(params, onnx), listing(), "no staging leftovers");
    }

    @Test
    void divergingTrainingFailsAndLeavesExistingFilesUntouched() throws Exception {
        Path onnx = dir.resolve("model.onnx");
        Files.writeString(onnx, "the model in production");
        TrainingOptions absurdRate = new TrainingOptions(5, 5, 5, 0.2, 16, 1e30f);

        TrainingException e = assertThrows(TrainingException.class, () -> ModelTrainer.train(
                ModelKind.AUTOENCODER, TrainingData.unlabeled(Synthetic.normal(100, 1), new int[] {6}), absurdRate,
                onnx, null));

        assertTrue(e.getMessage().contains("diverged"), e.getMessage());
        assertEquals("the model in production", Files.readString(onnx, StandardCharsets.UTF_8));
        assertEquals(List.of(onnx), listing(), "no parameters, no staging leftovers");
    }

    @Test
    void exportFromSavedParametersReproducesTheTrainedFile() throws Exception {
        Path onnx = dir.resolve("trained.onnx");
        TrainingResult result = ModelTrainer.train(ModelKind.MLP_CLASSIFIER, BLOBS, OPTIONS, onnx, null);
        Path again = dir.resolve("export/again.onnx");

        double error = ModelTrainer.export(ModelKind.MLP_CLASSIFIER, result.inputShape(), result.outputShape(),
                dir.resolve("trained-0000.params"), again);

        assertTrue(error < 1e-4, "verified in ONNX Runtime: " + error);
        assertArrayEquals(Files.readAllBytes(onnx), Files.readAllBytes(again));
    }

    @Test
    void exportNamesAMissingParametersFile() {
        Path missing = dir.resolve("nothing-0000.params");
        TrainingException e = assertThrows(TrainingException.class, () -> ModelTrainer.export(
                ModelKind.AUTOENCODER, new int[] {6}, new int[] {6}, missing, dir.resolve("x.onnx")));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void exportRejectsParametersOfAnotherArchitectureAndWritesNothing() throws Exception {
        TrainingResult result = ModelTrainer.train(ModelKind.MLP_CLASSIFIER, BLOBS, OPTIONS.withEpochs(1, 1),
                dir.resolve("mlp.onnx"), null);
        Path params = dir.resolve("mlp-0000.params");
        Path target = dir.resolve("wrong.onnx");

        TrainingException asAutoencoder = assertThrows(TrainingException.class, () -> ModelTrainer.export(
                ModelKind.AUTOENCODER, new int[] {4}, new int[] {4}, params, target));
        TrainingException otherClasses = assertThrows(TrainingException.class, () -> ModelTrainer.export(
                ModelKind.MLP_CLASSIFIER, result.inputShape(), new int[] {5}, params, target));
        TrainingException notParams = assertThrows(TrainingException.class, () -> ModelTrainer.export(
                ModelKind.MLP_CLASSIFIER, result.inputShape(), result.outputShape(), dir.resolve("mlp.onnx"), target));

        assertTrue(asAutoencoder.getMessage().contains(params.toString()), asAutoencoder.getMessage());
        assertTrue(otherClasses.getMessage().contains("shape"), otherClasses.getMessage());
        assertTrue(notParams.getMessage().contains("not a DJL parameters file"), notParams.getMessage());
        assertFalse(Files.exists(target));
        assertEquals(List.of(dir.resolve("mlp-0000.params"), dir.resolve("mlp.onnx")), listing());
    }

    private List<Path> listing() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
