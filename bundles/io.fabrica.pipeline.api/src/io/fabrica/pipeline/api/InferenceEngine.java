package io.fabrica.pipeline.api;

import java.nio.file.Path;

/**
 * An inference back end, registered as an OSGi service (Declarative Services). Fabrica ships ONNX
 * Runtime (CPU) and PyTorch engines; a vendor adds an accelerator by registering another
 * implementation. The pipeline's model stage chooses an engine by {@link #name()}.
 *
 * <p>Implementations must be thread-safe: sessions are opened from any thread.
 */
public interface InferenceEngine {

    /** @return the engine's name as written in pipelines, e.g. {@code "OnnxRuntime"} */
    String name();

    /**
     * Whether this engine can load the file (by its format, not by trying).
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
