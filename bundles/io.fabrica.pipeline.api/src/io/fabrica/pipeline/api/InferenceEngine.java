package io.fabrica.pipeline.api;

import java.nio.file.Path;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * An inference back end, registered as an OSGi service (Declarative Services
 * {@code @Component(service = InferenceEngine.class)}). Fabrica ships ONNX Runtime (CPU) and PyTorch
 * engines; a vendor adds an accelerator by registering another implementation. The pipeline's model
 * stage chooses an engine by {@link #name()}.
 *
 * <p>Implemented by vendors; Fabrica calls it.
 *
 * <p>Threading: implementations must be thread-safe: sessions are opened from any thread, several at
 * once. {@link #open} blocks while it loads the model and is called on worker threads only; the other
 * methods never block.
 *
 * @since 1.0
 */
@ConsumerType
public interface InferenceEngine {

    /**
     * The engine's name. Any thread; returns a constant.
     *
     * @return the engine's name as written in pipelines, e.g. {@code "OnnxRuntime"}; pipelines match it
     *         ignoring case, so it is unique among installed engines ignoring case
     */
    String name();

    /**
     * Whether this engine can load the file, judged by its format (name, first bytes), not by loading
     * it. Never throws: a file that cannot be read is not accepted.
     *
     * @param modelFile a model file
     * @return whether {@link #open} may succeed
     */
    boolean accepts(Path modelFile);

    /**
     * Loads a model.
     *
     * @param modelFile the model file
     * @return an open session; the caller closes it
     * @throws ModelLoadException if the file is missing, truncated, corrupt, uses an operator the
     *         engine does not support, or has more than one input or output; the message names the file
     */
    InferenceSession open(Path modelFile) throws ModelLoadException;
}
