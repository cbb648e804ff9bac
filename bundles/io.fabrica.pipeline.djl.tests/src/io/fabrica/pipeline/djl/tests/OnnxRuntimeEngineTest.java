package io.fabrica.pipeline.djl.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabrica.pipeline.api.InferenceSession;
import io.fabrica.pipeline.api.ModelLoadException;
import io.fabrica.pipeline.djl.internal.OnnxRuntimeInferenceEngine;
import io.fabrica.pipeline.djl.onnx.OnnxGraphBuilder;

/**
 * The ONNX Runtime inference engine as pipelines use it: the signature is read from the file, values
 * match a hand computation, and unusable files are refused at load with the file's name.
 */
class OnnxRuntimeEngineTest {

    @TempDir
    Path dir;

    private final OnnxRuntimeInferenceEngine engine = new OnnxRuntimeInferenceEngine();

    @Test
    void readsTheSignatureAndComputesKnownValues() throws Exception {
        Path file = dir.resolve("dense.onnx");
        OnnxRuntimeInferenceTest.writeDenseModel(file);
        try (InferenceSession session = engine.open(file)) {
            assertArrayEquals(new int[] {3}, session.signature().inputShape());
            assertArrayEquals(new int[] {2}, session.signature().outputShape());
            assertEquals("x", session.signature().inputName());
            float[] out = new float[2];
            float[] in = {1f, 2f, 3f, 99f}; // a longer, reused buffer: only the first 3 values count
            session.run(in, out);
            assertArrayEquals(OnnxRuntimeInferenceTest.denseReference(new float[] {1f, 2f, 3f}), out, 1e-6f);
        }
    }

    @Test
    void unsupportedOperatorIsRefusedAtLoadNamingTheFile() throws Exception {
        Path file = dir.resolve("exotic.onnx");
        new OnnxGraphBuilder("exotic").input("x", -1, 3).node("FabricaTeleport", List.of("x"), List.of("y"), Map.of())
                .output("y", -1, 3).write(file);
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> engine.open(file));
        assertTrue(e.getMessage().startsWith(file.toString() + ": is not a model ONNX Runtime can run"), e.getMessage());
        assertTrue(e.getMessage().contains("FabricaTeleport"), "names the operator: " + e.getMessage());
    }

    @Test
    void truncatedMissingAndMultiInputModelsAreRefusedByName() throws Exception {
        Path dense = dir.resolve("dense.onnx");
        OnnxRuntimeInferenceTest.writeDenseModel(dense);
        byte[] bytes = Files.readAllBytes(dense);
        Path truncated = dir.resolve("truncated.onnx");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertTrue(assertThrows(ModelLoadException.class, () -> engine.open(truncated)).getMessage().startsWith(truncated.toString()));

        Path missing = dir.resolve("missing.onnx");
        assertEquals(missing + ": does not exist", assertThrows(ModelLoadException.class, () -> engine.open(missing)).getMessage());

        Path two = dir.resolve("two.onnx");
        new OnnxGraphBuilder("two").input("a", -1, 2).input("b", -1, 2).node("Add", List.of("a", "b"), List.of("y"))
                .output("y", -1, 2).write(two);
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> engine.open(two));
        assertTrue(e.getMessage().contains("has 2 inputs"), e.getMessage());
    }
}
