package io.fabrica.pipeline.djl.tests.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabrica.pipeline.djl.training.ModelKind;
import io.fabrica.pipeline.djl.training.ModelTrainer;
import io.fabrica.pipeline.djl.training.TrainingData;
import io.fabrica.pipeline.djl.training.TrainingException;
import io.fabrica.pipeline.djl.training.TrainingOptions;

/**
 * Bad data is rejected before anything trains or is written, with a message that names the
 * problem and, where there is one, the sample and position.
 */
class TrainingDataValidationTest {

    private static final List<String> TWO = List.of("ok", "bad");

    @TempDir
    Path dir;

    @AfterEach
    void nothingWasWritten() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.toList());
        }
    }

    @Test
    void nanIsRejectedWithSampleAndPosition() {
        float[][] inputs = vectors(20, 3);
        inputs[7][2] = Float.NaN;
        assertMessage(ModelKind.AUTOENCODER, TrainingData.unlabeled(inputs, new int[] {3}), "sample 7", "NaN",
                "position 2");
    }

    @Test
    void infinityIsRejected() {
        float[][] inputs = vectors(20, 3);
        inputs[0][0] = Float.NEGATIVE_INFINITY;
        assertMessage(ModelKind.AUTOENCODER, TrainingData.unlabeled(inputs, new int[] {3}), "sample 0", "Infinity");
    }

    @Test
    void wrongLengthNamesTheSample() {
        float[][] inputs = vectors(20, 3);
        inputs[12] = new float[5];
        assertMessage(ModelKind.AUTOENCODER, TrainingData.unlabeled(inputs, new int[] {3}), "sample 12", "5 values",
                "needs 3");
    }

    @Test
    void classifierWithoutLabelsIsRejected() {
        assertMessage(ModelKind.MLP_CLASSIFIER, new TrainingData(vectors(20, 3), new int[] {3}, null, TWO),
                "labels are missing");
    }

    @Test
    void labelOutOfRangeIsRejected() {
        int[] labels = new int[20];
        labels[4] = 2;
        assertMessage(ModelKind.MLP_CLASSIFIER, new TrainingData(vectors(20, 3), new int[] {3}, labels, TWO),
                "sample 4", "label 2");
    }

    @Test
    void labelCountMustMatchSampleCount() {
        assertMessage(ModelKind.MLP_CLASSIFIER, new TrainingData(vectors(20, 3), new int[] {3}, new int[19], TWO),
                "19 labels for 20 samples");
    }

    @Test
    void oneClassIsNotEnough() {
        assertMessage(ModelKind.MLP_CLASSIFIER,
                new TrainingData(vectors(20, 3), new int[] {3}, new int[20], List.of("only")), "at least 2 classes");
    }

    @Test
    void emptyDataIsRejected() {
        assertMessage(ModelKind.AUTOENCODER, TrainingData.unlabeled(new float[0][], new int[] {3}), "no samples");
    }

    @Test
    void tooFewSamplesForTheSplitAreRejected() {
        assertMessage(ModelKind.AUTOENCODER, TrainingData.unlabeled(vectors(5, 3), new int[] {3}), "too few samples",
                "4 for training and 1 for validation");
    }

    @Test
    void cnnNeedsGrayImagesWithSidesDivisibleByFour() {
        TrainingData rgb = new TrainingData(vectors(20, 3 * 8 * 8), new int[] {3, 8, 8}, new int[20], TWO);
        TrainingData odd = new TrainingData(vectors(20, 30), new int[] {1, 5, 6}, new int[20], TWO);
        assertMessage(ModelKind.CNN_CLASSIFIER, rgb, "[1, H, W]", "[3, 8, 8]");
        assertMessage(ModelKind.CNN_CLASSIFIER, odd, "divisible by 4", "[1, 5, 6]");
    }

    @Test
    void vectorModelsNeedOneDimensionalSamples() {
        assertMessage(ModelKind.MLP_CLASSIFIER, new TrainingData(vectors(20, 16), new int[] {1, 4, 4}, new int[20], TWO),
                "feature vectors", "[1, 4, 4]");
    }

    @Test
    void invalidOptionsAreRejectedWhenBuilt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TrainingOptions(1, 10, 3, 1.0, 32, 1e-3f));
        assertTrue(e.getMessage().contains("validationFraction"), e.getMessage());
        assertEquals(new TrainingOptions(42, 200, 15, 0.2, 32, 1e-3f), TrainingOptions.defaults());
    }

    private void assertMessage(ModelKind kind, TrainingData data, String... parts) {
        TrainingException e = assertThrows(TrainingException.class,
                () -> ModelTrainer.train(kind, data, TrainingOptions.defaults(), dir.resolve("m.onnx"), null));
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' should mention '" + part + "'");
        }
    }

    private static float[][] vectors(int count, int length) {
        float[][] inputs = new float[count][length];
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < length; j++) {
                inputs[i][j] = (i * 31 + j * 7) % 10 / 10f;
            }
        }
        return inputs;
    }
}
