package io.fabrica.pipeline.djl.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.fabrica.pipeline.api.InferenceSession;
import io.fabrica.pipeline.api.ModelLoadException;
import io.fabrica.pipeline.djl.DjlEngines;
import io.fabrica.pipeline.djl.anomaly.FeatureNetwork;
import io.fabrica.pipeline.djl.bench.ModelBench;
import io.fabrica.pipeline.djl.internal.OnnxRuntimeInferenceEngine;

/**
 * The user-model path of {@code fabrica bench pipeline} on a real model the project did not train:
 * PaddleOCR's PP-OCRv4 text detector (from the target platform's RapidOCR models bundle), which is
 * fully convolutional, so its input height and width are variable. Through Fabrica's engine and the
 * pipeline it gives exactly what ONNX Runtime gives on the same input; shapes that do not fit are
 * refused naming the file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserModelBenchTest {

    @TempDir
    static Path dir;

    private Path detector;

    @BeforeAll
    void extractTheDetector() throws Exception {
        DjlEngines.engine(DjlEngines.ONNX_RUNTIME);
        detector = dir.resolve("ch_PP-OCRv4_det_infer.onnx");
        Files.write(detector, FeatureNetwork.parse(null).load());
    }

    @Test
    void engineAtAFixedShapeGivesWhatOnnxRuntimeGivesRunAfterRun() throws Exception {
        long[] shape = {1, 3, 64, 96};
        try (InferenceSession session = new OnnxRuntimeInferenceEngine().open(detector, shape)) {
            assertArrayEquals(new int[] {3, 64, 96}, session.signature().inputShape());
            assertArrayEquals(new int[] {1, 64, 96}, session.signature().outputShape(), "one probability per pixel");
            float[] out = new float[session.signature().outputSize()];
            float[] previous = null;
            for (long seed = 1; seed <= 2; seed++) { // the second run proves the reused input and output buffers are refreshed
                float[] in = random(3 * 64 * 96, seed);
                session.run(in, out);
                assertArrayEquals(plainOnnxRuntime(detector, in, shape), out, "run " + seed + " equals ONNX Runtime on the same input");
                if (previous != null) {
                    assertFalse(java.util.Arrays.equals(previous, out), "a new input gives a new output");
                }
                previous = out.clone();
            }
        }
    }

    @Test
    void benchRunsTheModelThroughThePipelineWithRawOnnxRuntimeOutputs() throws Exception {
        ModelBench bench = new ModelBench(detector, new long[] {1, 3, 96, 64}, 1);
        ModelBench.Result r = bench.run(dir, 1, 3, 11);
        assertEquals(0.0, r.outputDifference(), "pipeline and raw ONNX Runtime give the same map");
        assertArrayEquals(r.rawOutputs(), r.outputs());
        assertEquals(96 * 64, r.outputs().length);
        assertEquals(3, r.ours().count());
        assertEquals(3, r.modelStage().count(), "the model stage is timed on its own");
        assertEquals(3, r.raw().count());
        assertTrue(r.ours().percentile(50) >= r.modelStage().percentile(50), "the pipeline's time includes its model stage");
    }

    @Test
    void shapesThatDoNotFitTheModelAreRefusedNamingTheFile() {
        OnnxRuntimeInferenceEngine engine = new OnnxRuntimeInferenceEngine();
        ModelLoadException rank = assertThrows(ModelLoadException.class, () -> engine.open(detector, new long[] {1, 3, 64}));
        assertTrue(rank.getMessage().startsWith(detector + ": input 'x' is [-1, 3, -1, -1]"), rank.getMessage());
        ModelLoadException channels = assertThrows(ModelLoadException.class, () -> engine.open(detector, new long[] {1, 1, 64, 64}));
        assertTrue(channels.getMessage().contains("dimension 1 cannot be 1"), channels.getMessage());
        ModelLoadException variable = assertThrows(ModelLoadException.class, () -> engine.open(detector));
        assertTrue(variable.getMessage().contains("variable dimension"), variable.getMessage());
        assertEquals(1, variable.getMessage().lines().count(), "one line: " + variable.getMessage());
    }

    private static float[] random(int n, long seed) {
        Random random = new Random(seed);
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = random.nextFloat();
        }
        return values;
    }

    /** The model run the plain way: a fresh session with ONNX Runtime's defaults and one inter-op thread. */
    private static float[] plainOnnxRuntime(Path model, float[] in, long[] shape) throws Exception {
        return OnnxRuntimeInferenceEngine.onLargeStack(() -> plain(model, in, shape));
    }

    private static float[] plain(Path model, float[] in, long[] shape) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        FloatBuffer buffer = ByteBuffer.allocateDirect(in.length * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        buffer.put(in).flip();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setInterOpNumThreads(1);
            try (OrtSession session = env.createSession(model.toString(), options);
                    OnnxTensor x = OnnxTensor.createTensor(env, buffer, shape);
                    OrtSession.Result result = session.run(Map.of("x", x))) {
                FloatBuffer y = ((OnnxTensor) result.get(0)).getFloatBuffer();
                float[] out = new float[y.remaining()];
                y.get(out);
                return out;
            }
        }
    }
}
