package io.fabrica.pipeline.djl.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import io.fabrica.pipeline.djl.DjlEngines;
import io.fabrica.pipeline.djl.onnx.OnnxGraphBuilder;

/**
 * Proves the DJL + ONNX Runtime joint inside OSGi: the engine is registered explicitly, offline,
 * with natives from the Maven Central jar, and computes known values.
 *
 * <p>Where the model comes from: it is written by this test with Fabrica's own
 * {@link OnnxGraphBuilder} — a dense layer y = relu(x·W + b) (ONNX Gemm + Relu, opset 13) with the
 * weights below — so the expected outputs can be computed by hand.
 */
class OnnxRuntimeInferenceTest {

    private static final float[] W = {0.5f, -1.0f, 2.0f, 0.25f, -0.5f, 1.5f}; // 3 x 2, row-major
    private static final float[] B = {0.1f, -0.2f};

    @TempDir
    Path dir;

    @Test
    void engineIsRegisteredOfflineWithoutDownloading() {
        assertEquals("true", System.getProperty("ai.djl.offline"), "DJL must run offline");
        Engine ort = DjlEngines.engine(DjlEngines.ONNX_RUNTIME);
        assertEquals(DjlEngines.ONNX_RUNTIME, ort.getEngineName());
        assertTrue(DjlEngines.initialize().contains(DjlEngines.ONNX_RUNTIME));
        assertFalse(Files.exists(Path.of(System.getProperty("user.home"), ".djl.ai", "onnxruntime")),
                "ONNX Runtime natives come from the Maven jar, nothing is downloaded into ~/.djl.ai");
    }

    @Test
    void denseLayerModelGivesHandComputedOutputs() throws Exception {
        writeDenseModel(dir.resolve("dense.onnx"));
        float[] x = {1f, 2f, 3f, -1f, 0.5f, -2f}; // two samples of 3 features

        try (Model model = DjlEngines.newModel("dense", DjlEngines.ONNX_RUNTIME)) {
            model.load(dir, "dense");
            try (NDManager manager = DjlEngines.newManager(DjlEngines.ONNX_RUNTIME);
                    Predictor<NDList, NDList> predictor = model.newPredictor(new NoopTranslator())) {
                NDArray input = manager.create(x, new Shape(2, 3));
                NDArray output = predictor.predict(new NDList(input)).singletonOrThrow();
                assertEquals(new Shape(2, 2), output.getShape());
                assertArrayEquals(denseReference(x), output.toFloatArray(), 1e-6f);
            }
        }
    }

    @Test
    void corruptModelFileIsRejectedWithItsName() throws Exception {
        Files.write(dir.resolve("broken.onnx"), new byte[] {8, 7, 18, 3, 'x'});
        try (Model model = DjlEngines.newModel("broken", DjlEngines.ONNX_RUNTIME)) {
            Exception e = assertThrows(Exception.class, () -> model.load(dir, "broken"));
            assertTrue(String.valueOf(e.getMessage()).length() > 0, "the error says what is wrong: " + e);
        }
    }

    static void writeDenseModel(Path file) throws Exception {
        new OnnxGraphBuilder("dense")
                .input("x", -1, 3)
                .initializer("W", W, 3, 2)
                .initializer("b", B, 2)
                .node("Gemm", List.of("x", "W", "b"), List.of("z"), Map.of("alpha", 1.0f, "beta", 1.0f))
                .node("Relu", List.of("z"), List.of("y"))
                .output("y", -1, 2)
                .write(file);
    }

    /** y = relu(x·W + b), computed in plain Java. */
    static float[] denseReference(float[] x) {
        int samples = x.length / 3;
        float[] y = new float[samples * 2];
        for (int s = 0; s < samples; s++) {
            for (int j = 0; j < 2; j++) {
                float z = B[j];
                for (int i = 0; i < 3; i++) {
                    z += x[s * 3 + i] * W[i * 2 + j];
                }
                y[s * 2 + j] = Math.max(0f, z);
            }
        }
        return y;
    }
}
