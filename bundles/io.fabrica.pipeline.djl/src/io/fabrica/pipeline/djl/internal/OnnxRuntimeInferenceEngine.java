package io.fabrica.pipeline.djl.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.osgi.service.component.annotations.Component;

import ai.djl.Model;
import ai.djl.onnxruntime.engine.OrtNDManager;
import ai.djl.onnxruntime.engine.OrtSymbolBlock;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.fabrica.pipeline.api.InferenceEngine;
import io.fabrica.pipeline.api.InferenceSession;
import io.fabrica.pipeline.api.ModelLoadException;
import io.fabrica.pipeline.djl.DjlEngines;

/**
 * ONNX Runtime (CPU) through DJL, offline. Loading runs the model once on zeros: the output shape is
 * learnt that way, and a model whose operators ONNX Runtime cannot run fails at load, not mid-shift.
 */
@Component(service = InferenceEngine.class, property = "engine=OnnxRuntime")
public final class OnnxRuntimeInferenceEngine implements InferenceEngine {

    /** Stack of the thread that loads models (see {@link #onLargeStack}). */
    private static final long LOAD_STACK_BYTES = 64L << 20;

    private final int intraOpThreads;

    /** The service: ONNX Runtime's own number of intra-op threads (one per physical core). */
    public OnnxRuntimeInferenceEngine() {
        this(0);
    }

    /**
     * An engine whose sessions use a given number of intra-op threads ({@code fabrica bench pipeline --threads}).
     *
     * @param intraOpThreads threads per model run; 0 for ONNX Runtime's default (one per physical core)
     */
    public OnnxRuntimeInferenceEngine(int intraOpThreads) {
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("intra-op threads must be 0 (ONNX Runtime's default) or more: " + intraOpThreads);
        }
        this.intraOpThreads = intraOpThreads;
    }

    /**
     * The session options every Fabrica session is created with, written out so that a baseline can use
     * exactly the same: one inter-op thread, the intra-op threads of this engine, worker threads that
     * sleep rather than spin between runs, ONNX Runtime's other defaults (all graph optimizations,
     * memory pattern, arena).
     *
     * <p>Why no spinning: ONNX Runtime's pool threads spin after each run, waiting for the next. A pipeline
     * holds several sessions (and shares 2 cores with the source, the other stages and other processes),
     * so the spinning threads of one session take the cores another needs: the 256x256 anomaly model ran
     * in 32-39 ms p50 with spinning and 18-25 ms without, on this 2-core machine with other work on it
     * (50 ms against 20-23 ms when two sessions alternate, as in a pipeline with a baseline). The outputs
     * are the same; only the scheduling differs.
     *
     * @return new options; the caller closes them
     * @throws OrtException if ONNX Runtime refuses a setting
     */
    public OrtSession.SessionOptions sessionOptions() throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setInterOpNumThreads(1);
        options.addConfigEntry("session.intra_op.allow_spinning", "0");
        options.addConfigEntry("session.inter_op.allow_spinning", "0");
        if (intraOpThreads > 0) {
            options.setIntraOpNumThreads(intraOpThreads);
        }
        return options;
    }

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
        return open(modelFile, null);
    }

    /**
     * Loads a model whose input has variable dimensions, fixing them (a fully convolutional network
     * takes any image size; a pipeline runs it at one).
     *
     * @param modelFile the model file
     * @param inputShape the input shape with batch dimension 1, e.g. {@code [1, 3, 544, 960]}; {@code null}
     *        for the model's own, which must then be fixed but for the batch
     * @return an open session; the caller closes it
     * @throws ModelLoadException if the file cannot be loaded (see {@link #open(Path)}) or the shape does
     *         not fit the model's input
     */
    public InferenceSession open(Path modelFile, long[] inputShape) throws ModelLoadException {
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
            return onLargeStack(() -> load(file, stem, inputShape));
        } catch (ModelLoadException e) {
            throw e;
        } catch (Exception e) {
            throw new ModelLoadException(file, "is not a model ONNX Runtime can run: " + firstLine(e), e);
        }
    }

    private OrtModelSession load(Path file, String stem, long[] inputShape) throws Exception {
        Model model = DjlEngines.newModel(stem, DjlEngines.ONNX_RUNTIME);
        try {
            // DJL's describeInput() names an ONNX model's inputs but gives no shapes, so the session is created
            // here, where ONNX Runtime's input info can be read, and handed to DJL's engine as the model's block.
            OrtSession ort = createSession(file);
            model.setBlock(new OrtSymbolBlock(ort, (OrtNDManager) model.getNDManager()));
            return OrtModelSession.start(file, model, ort, inputShape);
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
     *
     * @param work the work
     * @param <T> its result
     * @return what the work returned
     * @throws Exception what the work threw
     */
    public static <T> T onLargeStack(java.util.concurrent.Callable<T> work) throws Exception {
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
    private OrtSession createSession(Path file) throws OrtException {
        try (OrtSession.SessionOptions options = sessionOptions()) {
            return OrtEnvironment.getEnvironment().createSession(file.toString(), options);
        }
    }

    static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
