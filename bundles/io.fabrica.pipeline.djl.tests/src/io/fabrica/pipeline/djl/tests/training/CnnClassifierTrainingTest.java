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
 * The CNN tells 32x32 gray images of a bright square from images of a bright line, and its ONNX
 * export (Conv with pads, MaxPool with kernel_shape/strides: int-list attributes) runs in ONNX
 * Runtime with the PyTorch model's outputs.
 */
class CnnClassifierTrainingTest {

    private static final int SIDE = Synthetic.IMAGE_SIZE;

    @TempDir
    Path dir;

    @Test
    void separatesSquaresFromLines() throws Exception {
        TrainingData data = Synthetic.squaresAndLines(150, 13);
        Path onnx = dir.resolve("shapes.onnx");
        TrainingResult result = ModelTrainer.train(ModelKind.CNN_CLASSIFIER, data,
                new TrainingOptions(7, 30, 5, 0.2, 32, 0.01f), onnx, null);

        assertArrayEquals(new int[] {1, SIDE, SIDE}, result.inputShape());
        assertArrayEquals(new int[] {2}, result.outputShape());
        assertTrue(result.exportMaxAbsError() < 1e-4, "ONNX matches PyTorch: " + result.exportMaxAbsError());

        int from = 240;
        float[][] validation = Arrays.copyOfRange(data.inputs(), from, data.inputs().length);
        float[][] probabilities = OnnxFile.run(onnx, validation, data.inputShape());
        int correct = 0;
        for (int i = 0; i < validation.length; i++) {
            correct += OnnxFile.argMax(probabilities[i]) == data.labels()[from + i] ? 1 : 0;
        }
        double accuracy = correct / (double) validation.length;
        assertTrue(accuracy > 0.9, "validation accuracy " + accuracy);
        assertEquals(validation.length, result.validationScores().length);
    }

    @Test
    void onnxFileTakesBatchesOfGrayImages() throws Exception {
        Path onnx = dir.resolve("tiny.onnx");
        TrainingData data = Synthetic.squaresAndLines(10, 3);
        ModelTrainer.train(ModelKind.CNN_CLASSIFIER, data, new TrainingOptions(1, 1, 1, 0.2, 8, 0.01f), onnx, null);

        OnnxFile.Signature signature = OnnxFile.signature(onnx, data.inputShape());
        assertEquals(List.of("input"), signature.inputs());
        assertEquals(List.of("probabilities"), signature.outputs());
        assertEquals(new Shape(1, 2), signature.outputShapes().get(0));
        assertEquals(20, OnnxFile.run(onnx, data.inputs(), data.inputShape()).length, "batch size is free");
    }
}
