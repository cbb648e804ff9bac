package io.fabrica.pipeline.djl.onnx;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

/**
 * A model opened with the plain ONNX Runtime Java API and its default session options, outside Fabrica's
 * inference engine: what "raw ONNX Runtime" means when an import describes a model or a parity check
 * compares the engine's outputs with it. Not thread-safe.
 */
public final class OrtModel implements AutoCloseable {

    /**
     * A tensor input or output as ONNX Runtime sees it.
     *
     * @param name its name
     * @param type the element type, e.g. {@code FLOAT}, or the value kind for non-tensors (e.g. {@code SEQUENCE})
     * @param shape the dimensions, -1 where symbolic
     * @param dimNames the symbolic names ({@code ""} where fixed or unnamed)
     */
    public record Tensor(String name, String type, long[] shape, List<String> dimNames) {

        /** @return e.g. {@code x FLOAT [N, 3, ?, ?]} */
        public String describe() {
            List<String> dims = new ArrayList<>();
            for (int i = 0; i < shape.length; i++) {
                dims.add(shape[i] >= 0 ? Long.toString(shape[i]) : dimNames.get(i).isEmpty() ? "?" : dimNames.get(i));
            }
            return name + " " + type + " " + dims;
        }
    }

    /** Stack of the threads that create and destroy sessions: ONNX Runtime 1.29 recurses deeply there. */
    private static final long STACK_BYTES = 64L << 20;

    private final OrtSession session;
    private final List<Tensor> inputs;
    private final List<Tensor> outputs;

    private OrtModel(OrtSession session) throws Exception {
        this.session = session;
        this.inputs = describe(session.getInputInfo());
        this.outputs = describe(session.getOutputInfo());
    }

    /**
     * Loads a model in ONNX Runtime: its operators and opset are checked here, by the runtime itself.
     *
     * @param file the {@code .onnx} file (external data is read from beside it)
     * @return the model; close it
     * @throws Exception ONNX Runtime's error if it cannot load the model
     */
    public static OrtModel open(Path file) throws Exception {
        return onLargeStack(() -> {
            // DJL's engine first: it creates ONNX Runtime's one environment under its own name, and refuses to start
            // once an environment of another name exists
            io.fabrica.pipeline.djl.DjlEngines.engine(io.fabrica.pipeline.djl.DjlEngines.ONNX_RUNTIME);
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                OrtSession session = OrtEnvironment.getEnvironment().createSession(file.toString(), options);
                try {
                    return new OrtModel(session);
                } catch (Exception | Error e) {
                    session.close();
                    throw e;
                }
            }
        });
    }

    private static List<Tensor> describe(Map<String, NodeInfo> infos) {
        List<Tensor> tensors = new ArrayList<>();
        for (NodeInfo info : infos.values()) {
            if (info.getInfo() instanceof TensorInfo t) {
                tensors.add(new Tensor(info.getName(), t.type.name(), t.getShape(), dimNames(t)));
            } else {
                tensors.add(new Tensor(info.getName(), info.getInfo().getClass().getSimpleName().replace("Info", "").toUpperCase(), new long[0],
                        List.of()));
            }
        }
        return List.copyOf(tensors);
    }

    private static List<String> dimNames(TensorInfo t) {
        String[] names = t.getDimensionNames();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < t.getShape().length; i++) {
            out.add(names == null || i >= names.length || names[i] == null ? "" : names[i]);
        }
        return out;
    }

    /** @return the inputs in the order of the graph */
    public List<Tensor> inputs() {
        return inputs;
    }

    /** @return the outputs in the order of the graph */
    public List<Tensor> outputs() {
        return outputs;
    }

    /**
     * Runs the model on one sample.
     *
     * @param input the input name
     * @param values the sample, row-major
     * @param shape the input shape, batch of one included
     * @param output the output to return
     * @return the output's values
     * @throws Exception ONNX Runtime's error
     */
    public float[] run(String input, float[] values, long[] shape, String output) throws Exception {
        try (OnnxTensor x = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), FloatBuffer.wrap(values), shape);
                OrtSession.Result result = session.run(Map.of(input, x), java.util.Set.of(output))) {
            FloatBuffer y = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] out = new float[y.remaining()];
            y.get(out);
            return out;
        }
    }

    /**
     * The output shape for one sample, learnt by a run on zeros.
     *
     * @param input the input name
     * @param shape its shape, batch of one included, all fixed
     * @param output the output
     * @return the output's shape
     * @throws Exception ONNX Runtime's error (an operator that fails at run time)
     */
    public long[] outputShape(String input, long[] shape, String output) throws Exception {
        int size = (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        try (OnnxTensor x = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), FloatBuffer.wrap(new float[size]), shape);
                OrtSession.Result result = session.run(Map.of(input, x), java.util.Set.of(output))) {
            return ((TensorInfo) result.get(0).getInfo()).getShape();
        }
    }

    @Override
    public void close() {
        try {
            onLargeStack(() -> {
                session.close();
                return null;
            });
        } catch (Exception e) {
            // the native session is released with the process; nothing the caller can do
        }
    }

    /**
     * Runs ONNX Runtime work (session creation or destruction) on a thread with a large stack.
     *
     * @param <T> the result type
     * @param work the work
     * @return its result
     * @throws Exception what the work threw
     */
    public static <T> T onLargeStack(Callable<T> work) throws Exception {
        FutureTask<T> task = new FutureTask<>(work);
        Thread thread = new Thread(null, task, "fabrica-onnx-load", STACK_BYTES);
        thread.setDaemon(true);
        thread.start();
        try {
            return task.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /**
     * @param e an ONNX Runtime error
     * @return its first line, without ONNX Runtime's bracketed prefix
     */
    public static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        m = nl < 0 ? m : m.substring(0, nl);
        m = m.replaceFirst("^Error code - ORT_[A-Z_]+ - message: ", "").replaceFirst("^Load model from .*? failed:", "");
        // drop the C++ source location and function signature ONNX Runtime puts before its sentence
        return m.replaceFirst("^\\s*/onnxruntime_src/\\S+:\\d+ .*?\\)\\s(?=[A-Z])", "").trim();
    }
}
