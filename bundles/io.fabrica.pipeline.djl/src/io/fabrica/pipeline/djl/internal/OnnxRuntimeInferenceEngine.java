package io.fabrica.pipeline.djl.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import ai.djl.Model;
import ai.djl.onnxruntime.engine.OrtNDManager;
import ai.djl.onnxruntime.engine.OrtSymbolBlock;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.fabrica.pipeline.api.InferenceEngine;
import io.fabrica.pipeline.api.InferenceSession;
import io.fabrica.pipeline.api.ModelLoadException;
import io.fabrica.pipeline.api.ModelSignature;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.djl.DjlEngines;

/**
 * ONNX Runtime (CPU) through DJL, offline. Loading runs the model once on zeros: the output shape is
 * learnt that way, and a model whose operators ONNX Runtime cannot run fails at load, not mid-shift.
 */
@Component(service = InferenceEngine.class, property = "engine=OnnxRuntime")
public final class OnnxRuntimeInferenceEngine implements InferenceEngine {

    /** Stack of the thread that loads models (see {@link #onLargeStack}). */
    private static final long LOAD_STACK_BYTES = 64L << 20;

    @Override
    public String name() {
        return DjlEngines.ONNX_RUNTIME;
    }

    @Override
    public boolean accepts(Path modelFile) {
        return modelFile.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx");
    }

    @Override
    public InferenceSession open(Path modelFile) throws ModelLoadException {
        Path file = modelFile.toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException(file, "does not exist", null);
        }
        if (!accepts(file)) {
            throw new ModelLoadException(file, "is not an .onnx file", null);
        }
        String name = file.getFileName().toString();
        String stem = name.substring(0, name.length() - ".onnx".length());
        try {
            // everything native, the engine's first start included, runs on the large stack (see onLargeStack)
            return onLargeStack(() -> load(file, stem));
        } catch (ModelLoadException e) {
            throw e;
        } catch (Exception e) {
            throw new ModelLoadException(file, "is not a model ONNX Runtime can run: " + firstLine(e), e);
        }
    }

    private static Session load(Path file, String stem) throws Exception {
        Model model = DjlEngines.newModel(stem, DjlEngines.ONNX_RUNTIME);
        try {
            // DJL's describeInput() names an ONNX model's inputs but gives no shapes, so the session is created
            // here, where ONNX Runtime's input info can be read, and handed to DJL's engine as the model's block.
            OrtSession ort = createSession(file);
            model.setBlock(new OrtSymbolBlock(ort, (OrtNDManager) model.getNDManager()));
            return Session.start(file, model, ort);
        } catch (Exception | Error e) {
            model.close();
            throw e;
        }
    }

    /**
     * Runs a model load (or unload) on a thread with a large stack. ONNX Runtime 1.29 recurses deeply while it
     * creates a session; on a thread with the JVM's default 1 MB stack that overflowed natively and
     * killed the process without a Java error (seen on OPC UA and test threads), and destroying a
     * session recurses as well, so loads and closes never run on the caller's thread.
     */
    private static <T> T onLargeStack(java.util.concurrent.Callable<T> work) throws Exception {
        java.util.concurrent.FutureTask<T> task = new java.util.concurrent.FutureTask<>(work);
        Thread loader = new Thread(null, task, "fabrica-onnx-load", LOAD_STACK_BYTES);
        loader.setDaemon(true);
        loader.start();
        try {
            return task.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** One inter-op thread per session: pipelines run many small models side by side on 2 cores. */
    private static OrtSession createSession(Path file) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setInterOpNumThreads(1);
            return OrtEnvironment.getEnvironment().createSession(file.toString(), options);
        }
    }

    static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /**
     * A loaded model; not thread-safe. DJL loads and owns the model (its ONNX Runtime engine, offline,
     * closes the session with the model), but each run goes straight to the ONNX Runtime session with a
     * reused direct input buffer: DJL's predictor adds array managers, wrappers and two output copies
     * per call, which for a 13-feature autoencoder was 1.3-1.9x the model's own time and a long p99 tail
     * (measured by {@code fabrica bench pipeline}).
     */
    private static final class Session implements InferenceSession {
        private final Path file;
        private final Model model;
        private final OrtSession ort;
        private final ModelSignature signature;
        private final long[] batchOfOne;
        /** Direct, so ONNX Runtime reads it in place; a heap buffer is copied into a new direct buffer on every run. */
        private final FloatBuffer inputBuffer;

        private Session(Path file, Model model, OrtSession ort, ModelSignature signature) {
            this.file = file;
            this.model = model;
            this.ort = ort;
            this.signature = signature;
            this.batchOfOne = prepend(signature.inputShape());
            this.inputBuffer = ByteBuffer.allocateDirect(signature.inputSize() * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        }

        static Session start(Path file, Model model, OrtSession ort) throws Exception {
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
            long[] shape = tensor.getShape();
            int[] perSample = new int[shape.length - 1];
            for (int i = 1; i < shape.length; i++) {
                if (shape[i] <= 0) {
                    throw new ModelLoadException(file, "input '" + input.getName() + "' has a variable dimension " + i
                            + " " + Arrays.toString(shape) + "; only the batch dimension may vary", null);
                }
                perSample[i - 1] = (int) shape[i];
            }
            // a trial run on zeros: learns the output shape, and fails now for operators ONNX Runtime cannot run
            int size = Arrays.stream(perSample).reduce(1, (a, b) -> a * b);
            FloatBuffer zeros = ByteBuffer.allocateDirect(size * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
            try (OnnxTensor x = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), zeros, prepend(perSample));
                    OrtSession.Result result = ort.run(Map.of(input.getName(), x))) {
                long[] out = ((TensorInfo) result.get(0).getInfo()).getShape();
                int[] outPerSample = new int[Math.max(1, out.length - 1)];
                outPerSample[0] = 1;
                for (int i = 1; i < out.length; i++) {
                    outPerSample[i - 1] = (int) out[i];
                }
                String outName = ort.getOutputNames().iterator().next();
                return new Session(file, model, ort, new ModelSignature(input.getName(), perSample, outName, outPerSample));
            }
        }

        private static long[] prepend(int[] perSample) {
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
            inputBuffer.put(input, 0, signature.inputSize()).flip();
            try (OnnxTensor x = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), inputBuffer, batchOfOne);
                    OrtSession.Result result = ort.run(Map.of(signature.inputName(), x))) {
                FloatBuffer y = ((OnnxTensor) result.get(0)).getFloatBuffer();
                y.get(output, 0, signature.outputSize());
            } catch (OrtException | RuntimeException e) {
                throw new PipelineException(file + ": inference failed: " + firstLine(e), e);
            }
        }

        /** Closing destroys the session's graph, recursively too: on a large stack like loading. */
        @Override
        public void close() {
            try {
                onLargeStack(() -> {
                    model.close();
                    return null;
                });
            } catch (Exception e) {
                // the native session is released or lost with the process; nothing the caller can do
            }
        }
    }
}
