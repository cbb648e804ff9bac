package io.fabrica.pipeline.djl.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import ai.djl.Model;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.fabrica.pipeline.api.InferenceSession;
import io.fabrica.pipeline.api.ModelLoadException;
import io.fabrica.pipeline.api.ModelSignature;
import io.fabrica.pipeline.api.PipelineException;

/**
 * A model loaded by {@link OnnxRuntimeInferenceEngine}; not thread-safe. DJL loads and owns the model
 * (its ONNX Runtime engine, offline, closes the session with the model), but each run goes straight to
 * the ONNX Runtime session: DJL's predictor adds array managers, wrappers and two output copies per
 * call, which for a 13-feature autoencoder was 1.3-1.9x the model's own time and a long p99 tail.
 *
 * <p>Input and output live in two direct buffers made once, each wrapped once in an ONNX Runtime
 * tensor: ONNX Runtime reads the input in place and writes the output in place (a "pinned" output), so
 * a run is one copy in and one copy out and allocates nothing. The plain API
 * ({@code createTensor} per call, {@code getFloatBuffer()} on the result) allocates the whole output
 * twice per call — 8 MB twice for a 1088x1920 detector map — which {@code fabrica bench pipeline}
 * measured as the difference to raw ONNX Runtime.
 */
final class OrtModelSession implements InferenceSession {

    private final Path file;
    private final Model model;
    private final OrtSession ort;
    private final ModelSignature signature;
    private final FloatBuffer inputBuffer;
    private final FloatBuffer outputBuffer;
    private final OnnxTensor inputTensor;
    private final OnnxTensor outputTensor;
    private final Map<String, OnnxTensor> inputs;
    private final Map<String, OnnxTensor> outputs;

    private OrtModelSession(Path file, Model model, OrtSession ort, ModelSignature signature) throws OrtException {
        this.file = file;
        this.model = model;
        this.ort = ort;
        this.signature = signature;
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        this.inputBuffer = direct(signature.inputSize());
        this.outputBuffer = direct(signature.outputSize());
        this.inputTensor = OnnxTensor.createTensor(env, inputBuffer, batchOfOne(signature.inputShape()));
        OnnxTensor out = null;
        try {
            out = OnnxTensor.createTensor(env, outputBuffer, batchOfOne(signature.outputShape()));
        } finally {
            if (out == null) {
                inputTensor.close();
            }
        }
        this.outputTensor = out;
        this.inputs = Map.of(signature.inputName(), inputTensor);
        this.outputs = Map.of(signature.outputName(), outputTensor);
    }

    /**
     * Checks the model's input and output, runs it once on zeros (that learns the output shape, and fails
     * now for operators ONNX Runtime cannot run) and returns the session.
     *
     * @param inputShape the input shape with the batch dimension, or {@code null} for the model's own
     *        (whose dimensions, but the batch, must then be fixed)
     */
    static OrtModelSession start(Path file, Model model, OrtSession ort, long[] inputShape) throws Exception {
        Map<String, NodeInfo> inputs = ort.getInputInfo();
        if (inputs.size() != 1) {
            throw new ModelLoadException(file, "has " + inputs.size() + " inputs; Fabrica runs models with exactly one input tensor", null);
        }
        if (ort.getNumOutputs() != 1) {
            throw new ModelLoadException(file, "has " + ort.getNumOutputs() + " outputs; Fabrica runs models with exactly one output", null);
        }
        NodeInfo input = inputs.values().iterator().next();
        if (!(input.getInfo() instanceof TensorInfo tensor) || tensor.getShape().length < 1) {
            throw new ModelLoadException(file, "input '" + input.getName() + "' is not a tensor with a batch dimension", null);
        }
        int[] perSample = perSample(file, input.getName(), tensor.getShape(), inputShape);
        FloatBuffer zeros = direct(Arrays.stream(perSample).reduce(1, (a, b) -> a * b));
        try (OnnxTensor x = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), zeros, batchOfOne(perSample));
                OrtSession.Result result = ort.run(Map.of(input.getName(), x))) {
            long[] out = ((TensorInfo) result.get(0).getInfo()).getShape();
            int[] outPerSample = new int[Math.max(1, out.length - 1)];
            outPerSample[0] = 1;
            for (int i = 1; i < out.length; i++) {
                outPerSample[i - 1] = (int) out[i];
            }
            String outName = ort.getOutputNames().iterator().next();
            return new OrtModelSession(file, model, ort, new ModelSignature(input.getName(), perSample, outName, outPerSample));
        }
    }

    /** The input shape per sample: the model's, with its variable dimensions (but the batch) fixed by {@code asked}. */
    private static int[] perSample(Path file, String name, long[] declared, long[] asked) throws ModelLoadException {
        if (asked != null && (asked.length != declared.length || asked[0] != 1)) {
            throw new ModelLoadException(file, "input '" + name + "' is " + Arrays.toString(declared) + "; the shape "
                    + Arrays.toString(asked) + " does not fit it (same rank, batch 1)", null);
        }
        int[] perSample = new int[declared.length - 1];
        for (int i = 1; i < declared.length; i++) {
            long d = declared[i];
            if (asked != null) {
                if (d > 0 && d != asked[i] || asked[i] <= 0) {
                    throw new ModelLoadException(file, "input '" + name + "' is " + Arrays.toString(declared) + "; dimension " + i
                            + " cannot be " + asked[i], null);
                }
                d = asked[i];
            } else if (d <= 0) {
                throw new ModelLoadException(file, "input '" + name + "' has a variable dimension " + i + " " + Arrays.toString(declared)
                        + "; only the batch dimension may vary", null);
            }
            perSample[i - 1] = Math.toIntExact(d);
        }
        return perSample;
    }

    private static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(Math.multiplyExact(floats, Float.BYTES)).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private static long[] batchOfOne(int[] perSample) {
        long[] dims = new long[perSample.length + 1];
        dims[0] = 1;
        for (int i = 0; i < perSample.length; i++) {
            dims[i + 1] = perSample[i];
        }
        return dims;
    }

    @Override
    public ModelSignature signature() {
        return signature;
    }

    @Override
    public void run(float[] input, float[] output) throws PipelineException {
        inputBuffer.clear();
        inputBuffer.put(input, 0, signature.inputSize());
        // the result holds only the pinned output, which it does not own: closing it frees nothing of ours
        try (OrtSession.Result result = ort.run(inputs, outputs)) {
            outputBuffer.get(0, output, 0, signature.outputSize());
        } catch (OrtException | RuntimeException e) {
            throw new PipelineException(file + ": inference failed: " + OnnxRuntimeInferenceEngine.firstLine(e), e);
        }
    }

    /** Closing destroys the session's graph, recursively too: on a large stack like loading. */
    @Override
    public void close() {
        inputTensor.close();
        outputTensor.close();
        try {
            OnnxRuntimeInferenceEngine.onLargeStack(() -> {
                model.close();
                return null;
            });
        } catch (Exception e) {
            // the native session is released or lost with the process; nothing the caller can do
        }
    }
}
