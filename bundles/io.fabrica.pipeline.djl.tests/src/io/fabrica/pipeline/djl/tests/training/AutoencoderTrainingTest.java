package io.fabrica.pipeline.djl.tests.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.ndarray.types.Shape;
import io.fabrica.pipeline.djl.training.ModelKind;
import io.fabrica.pipeline.djl.training.ModelTrainer;
import io.fabrica.pipeline.djl.training.TrainingData;
import io.fabrica.pipeline.djl.training.TrainingOptions;
import io.fabrica.pipeline.djl.training.TrainingResult;

/**
 * The autoencoder, trained on normal data only, gives shifted (anomalous) data clearly higher
 * reconstruction errors, and its ONNX file outputs the per-feature squared error.
 */
class AutoencoderTrainingTest {

    private static final int[] SHAPE = {6};
    private static final TrainingOptions OPTIONS = new TrainingOptions(7, 80, 10, 0.2, 32, 0.01f);

    @TempDir
    Path dir;

    @Test
    void shiftedDataScoresAboveNormalData() throws Exception {
        Path onnx = dir.resolve("machine.onnx");
        TrainingResult result = ModelTrainer.train(ModelKind.AUTOENCODER,
                TrainingData.unlabeled(Synthetic.normal(400, 3), SHAPE), OPTIONS, onnx, null);

        assertEquals(ModelKind.AUTOENCODER, result.kind());
        assertArrayEquals(SHAPE, result.outputShape(), "one squared error per feature");
        assertEquals(80, result.validationScores().length, "a score per validation sample (last 20 %)");
        assertTrue(result.exportMaxAbsError() < 1e-4, "ONNX matches PyTorch: " + result.exportMaxAbsError());

        float[] normal = scores(onnx, Synthetic.normal(200, 99));
        float[] shifted = scores(onnx, Synthetic.shifted(200, 98));
        float normal95 = percentile(normal, 0.95);
        float shiftedMedian = percentile(shifted, 0.5);
        assertTrue(shiftedMedian > normal95, "median anomalous error " + shiftedMedian
                + " must exceed the 95th percentile of normal errors " + normal95);
        assertTrue(percentile(result.validationScores(), 0.95) < shiftedMedian,
                "validation scores are normal scores, usable for a threshold");
    }

    @Test
    void onnxOutputsSquaredErrorPerFeature() throws Exception {
        Path onnx = dir.resolve("error.onnx");
        float[][] normal = Synthetic.normal(60, 4);
        ModelTrainer.train(ModelKind.AUTOENCODER, TrainingData.unlabeled(normal, SHAPE), OPTIONS.withEpochs(3, 3),
                onnx, null);

        OnnxFile.Signature signature = OnnxFile.signature(onnx, SHAPE);
        assertEquals(List.of("input"), signature.inputs());
        assertEquals(List.of("error"), signature.outputs());
        assertEquals(new Shape(1, 6), signature.outputShapes().get(0));
        for (float[] row : OnnxFile.run(onnx, normal, SHAPE)) {
            for (float squared : row) {
                assertTrue(squared >= 0, "a squared error is never negative: " + Arrays.toString(row));
            }
        }
    }

    private static float[] scores(Path onnx, float[][] samples) throws Exception {
        float[][] errors = OnnxFile.run(onnx, samples, SHAPE);
        float[] scores = new float[errors.length];
        for (int i = 0; i < errors.length; i++) {
            scores[i] = OnnxFile.mean(errors[i]);
        }
        return scores;
    }

    private static float percentile(float[] values, double p) {
        float[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    }
}
