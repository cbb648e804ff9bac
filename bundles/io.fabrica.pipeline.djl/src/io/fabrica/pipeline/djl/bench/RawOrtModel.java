package io.fabrica.pipeline.djl.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.fabrica.pipeline.djl.internal.OnnxRuntimeInferenceEngine;

/**
 * The baseline: a model run with the plain ONNX Runtime Java API, in a session created with exactly
 * the options of Fabrica's engine ({@link OnnxRuntimeInferenceEngine#sessionOptions()}: one inter-op
 * thread, the same intra-op threads, ONNX Runtime's other defaults). Each run is the API's usual
 * idiom: the input copied into one reused direct buffer (which ONNX Runtime reads without a copy), a
 * tensor over it, {@code run}, the output read with {@code getFloatBuffer()}. Not thread-safe.
 */
final class RawOrtModel implements AutoCloseable {

    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final String inputName;
    private final long[] shape;
    private final FloatBuffer input;

    /**
     * @param file the .onnx file
     * @param engine whose session options to use
     * @param shape the input shape including the batch dimension, e.g. {@code [1, 13]}
     */
    RawOrtModel(Path file, OnnxRuntimeInferenceEngine engine, long... shape) throws OrtException {
        try (OrtSession.SessionOptions options = engine.sessionOptions()) {
            this.session = environment.createSession(file.toString(), options);
        }
        this.inputName = session.getInputNames().iterator().next();
        this.shape = shape.clone();
        long size = 1;
        for (long d : shape) {
            size *= d;
        }
        this.input = ByteBuffer.allocateDirect(Math.toIntExact(size * Float.BYTES)).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** A baseline with the options of Fabrica's default engine. */
    RawOrtModel(Path file, long... shape) throws OrtException {
        this(file, new OnnxRuntimeInferenceEngine(), shape);
    }

    /** Runs the model on {@code in} (as many values as the input shape holds) and copies its first output to {@code out}. */
    void run(float[] in, float[] out) throws OrtException {
        input.clear();
        input.put(in, 0, input.capacity()).flip();
        try (OnnxTensor tensor = OnnxTensor.createTensor(environment, input, shape);
                OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
            FloatBuffer values = ((OnnxTensor) result.get(0)).getFloatBuffer();
            values.get(out, 0, Math.min(out.length, values.remaining()));
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
