package io.fabrica.pipeline.djl.tests.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * The MLP classifier learns three Gaussian blobs, and the exported ONNX file (run in ONNX Runtime)
 * classifies the validation split, outputs probabilities and matches the PyTorch model.
 */
class MlpClassifierTrainingTest {

    private static final TrainingOptions OPTIONS = new TrainingOptions(7, 60, 8, 0.2, 32, 0.01f);

    @TempDir
    Path dir;

    @Test
    void separatesThreeBlobsAndExportsProbabilities() throws Exception {
        TrainingData data = Synthetic.blobs(100, 3, 11);
        Path onnx = dir.resolve("blobs.onnx");
        List<Integer> epochs = new ArrayList<>();

        TrainingResult result = ModelTrainer.train(ModelKind.MLP_CLASSIFIER, data, OPTIONS, onnx,
                (epoch, max, trainLoss, validationLoss) -> epochs.add(epoch));

        assertEquals(ModelKind.MLP_CLASSIFIER, result.kind());
        assertArrayEquals(new int[] {4}, result.inputShape());
        assertArrayEquals(new int[] {3}, result.outputShape());
        assertTrue(result.exportMaxAbsError() < 1e-4, "ONNX matches PyTorch: " + result.exportMaxAbsError());
        assertEquals(result.epochs(), epochs.size(), "one progress call per epoch");
        assertTrue(result.bestEpoch() >= 1 && result.bestEpoch() <= result.epochs());
        assertTrue(Files.isRegularFile(onnx));
        assertTrue(Files.isRegularFile(dir.resolve("blobs-0000.params")));

        float[][] validation = Arrays.copyOfRange(data.inputs(), 240, 300);
        int[] labels = Arrays.copyOfRange(data.labels(), 240, 300);
        float[][] probabilities = OnnxFile.run(onnx, validation, data.inputShape());
        int correct = 0;
        for (int i = 0; i < validation.length; i++) {
            assertEquals(1f, sum(probabilities[i]), 1e-5f, "softmax rows sum to 1");
            assertEquals(max(probabilities[i]), result.validationScores()[i], 1e-6f, "score is the top probability");
            correct += OnnxFile.argMax(probabilities[i]) == labels[i] ? 1 : 0;
        }
        double accuracy = correct / (double) validation.length;
        assertTrue(accuracy > 0.9, "validation accuracy " + accuracy);
    }

    @Test
    void onnxFileHasTheDocumentedSignature() throws Exception {
        Path onnx = dir.resolve("signature.onnx");
        ModelTrainer.train(ModelKind.MLP_CLASSIFIER, Synthetic.blobs(20, 3, 5), OPTIONS.withEpochs(2, 2), onnx, null);

        OnnxFile.Signature signature = OnnxFile.signature(onnx, new int[] {4});
        assertEquals(List.of("input"), signature.inputs());
        assertEquals(List.of("probabilities"), signature.outputs());
        assertEquals(new Shape(1, 3), signature.outputShapes().get(0), "one probability per class");
    }

    private static float sum(float[] row) {
        float sum = 0;
        for (float v : row) {
            sum += v;
        }
        return sum;
    }

    private static float max(float[] row) {
        float max = row[0];
        for (float v : row) {
            max = Math.max(max, v);
        }
        return max;
    }
}
