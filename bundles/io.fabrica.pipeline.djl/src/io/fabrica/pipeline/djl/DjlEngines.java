package io.fabrica.pipeline.djl;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.onnxruntime.engine.OrtEngineProvider;
import ai.djl.pytorch.engine.PtEngineProvider;

/**
 * The single entry point to DJL engines inside OSGi. Every Fabrica bundle obtains engines, models
 * and array managers here and never through {@code Engine.getInstance()}, {@code Model.newInstance}
 * or DJL's defaults: the first DJL call in the JVM decides which engines DJL knows.
 *
 * <p>Why it is needed:
 * <ul>
 * <li>DJL discovers engines with {@code ServiceLoader} once, in {@code Engine}'s static initializer,
 * through the thread context class loader (TCCL). In OSGi the TCCL does not see the engine bundles.</li>
 * <li>The PyTorch engine finds its native libraries as class-path resources through the TCCL. They
 * are fragments of the pytorch-engine bundle, so that bundle's class loader sees them.</li>
 * <li>DJL calls a cloud metadata address on start and downloads missing natives unless it is
 * offline; Fabrica always runs it offline, natives come from Maven Central jars only.</li>
 * <li>With PyTorch installed, ONNX Runtime would load PyTorch as its "alternative" engine on the
 * caller's thread, which breaks ONNX Runtime for the whole JVM; we switch that off.</li>
 * </ul>
 *
 * <p>Thread safety: all methods may be called from any thread.
 */
public final class DjlEngines {

    /** DJL's name of the ONNX Runtime engine (inference only). */
    public static final String ONNX_RUNTIME = "OnnxRuntime";

    /** DJL's name of the PyTorch engine (training and inference). */
    public static final String PYTORCH = "PyTorch";

    private static final ClassLoader ENGINE_LOADER = new EngineBundlesClassLoader(List.of(
            PtEngineProvider.class.getClassLoader(),
            OrtEngineProvider.class.getClassLoader(),
            Engine.class.getClassLoader()));

    private static volatile boolean initialized;

    private DjlEngines() {
    }

    /**
     * Returns the named engine, initializing DJL offline on first use. The first PyTorch request
     * extracts its native libraries into DJL's cache folder (about 430 MB, once per machine).
     *
     * @param name {@link #ONNX_RUNTIME} or {@link #PYTORCH}
     * @return the engine, never {@code null}
     * @throws DjlEngineUnavailableException if the engine is not installed or its natives fail to
     *         load; the message names the engine and the cause
     */
    public static Engine engine(String name) {
        initialize();
        try {
            return withEngineLoader(() -> Engine.getEngine(name));
        } catch (Exception e) {
            // IllegalArgumentException: not installed; EngineException: natives failed to load
            throw new DjlEngineUnavailableException(name, e);
        }
    }

    /**
     * Creates an empty model on the CPU for the named engine. Use this instead of
     * {@code Model.newInstance}: a DJL call made before DJL is initialized here fixes DJL's engine
     * list for the whole JVM without the engines.
     *
     * @param modelName the model's name (for ONNX, the file name without {@code .onnx})
     * @param engineName {@link #ONNX_RUNTIME} or {@link #PYTORCH}
     * @return a new model; the caller closes it
     * @throws DjlEngineUnavailableException if the engine cannot be started
     */
    public static Model newModel(String modelName, String engineName) {
        engine(engineName);
        return Model.newInstance(modelName, Device.cpu(), engineName);
    }

    /**
     * Creates an array manager on the CPU for the named engine (see {@link #newModel} for why).
     *
     * @param engineName {@link #ONNX_RUNTIME} or {@link #PYTORCH}
     * @return a new manager; the caller closes it
     * @throws DjlEngineUnavailableException if the engine cannot be started
     */
    public static NDManager newManager(String engineName) {
        engine(engineName);
        return NDManager.newBaseManager(Device.cpu(), engineName);
    }

    /**
     * Initializes DJL: offline switches and engine discovery. Idempotent and cheap after the first call.
     *
     * @return the names of the engines DJL knows, e.g. {@code [PyTorch, OnnxRuntime]}
     */
    public static synchronized Set<String> initialize() {
        if (!initialized) {
            setIfUnset("ai.djl.offline", "true");
            setIfUnset("OPT_OUT_TRACKING", "true");
            setIfUnset("ai.djl.onnx.disable_alternative", "true");
            try {
                withEngineLoader(() -> {
                    // Touching Engine under the engine loader runs its ServiceLoader discovery where it can see the engines.
                    if (!Engine.hasEngine(ONNX_RUNTIME)) {
                        Engine.registerEngine(new OrtEngineProvider());
                    }
                    if (!Engine.hasEngine(PYTORCH)) {
                        Engine.registerEngine(new PtEngineProvider());
                    }
                    return null;
                });
            } catch (Exception e) {
                throw new DjlEngineUnavailableException("DJL", e);
            }
            initialized = true;
        }
        return Engine.getAllEngines();
    }

    /**
     * Runs {@code work} with a context class loader that sees the DJL engine bundles and the native
     * fragments. Needed for DJL calls that load resources (engine start, model zoo lookups).
     *
     * @param work the work to run
     * @param <T> its result type
     * @return what {@code work} returns
     * @throws Exception whatever {@code work} throws
     */
    public static <T> T withEngineLoader(Callable<T> work) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(ENGINE_LOADER);
        try {
            return work.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static void setIfUnset(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** A parent-less loader that asks each engine bundle's loader in turn. */
    private static final class EngineBundlesClassLoader extends ClassLoader {
        private final List<ClassLoader> delegates;

        EngineBundlesClassLoader(List<ClassLoader> delegates) {
            super(null);
            this.delegates = delegates;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            for (ClassLoader delegate : delegates) {
                try {
                    return delegate.loadClass(name);
                } catch (ClassNotFoundException notThere) {
                    // ask the next bundle
                }
            }
            throw new ClassNotFoundException(name);
        }

        @Override
        protected URL findResource(String name) {
            for (ClassLoader delegate : delegates) {
                URL url = delegate.getResource(name);
                if (url != null) {
                    return url;
                }
            }
            return null;
        }

        @Override
        protected Enumeration<URL> findResources(String name) throws IOException {
            Set<URL> all = new LinkedHashSet<>();
            for (ClassLoader delegate : delegates) {
                all.addAll(Collections.list(delegate.getResources(name)));
            }
            return Collections.enumeration(all);
        }
    }
}
