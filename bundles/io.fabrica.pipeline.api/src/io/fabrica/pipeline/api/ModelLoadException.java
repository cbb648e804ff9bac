package io.fabrica.pipeline.api;

import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A model file cannot be used: missing, truncated or corrupt, an operator the engine does not support,
 * or a signature that does not fit the stage. The message always starts with the file.
 *
 * <p>Implemented by Fabrica; vendors use it: inference engines throw it, Fabrica reports it. Vendors
 * do not subclass it.
 *
 * @since 1.0
 */
@ProviderType
public class ModelLoadException extends PipelineException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * A model file that cannot be used.
     *
     * @param file the model file
     * @param problem what is wrong with it, as a sentence fragment
     * @param cause the engine's own error, or {@code null}
     */
    public ModelLoadException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** @return the model file the error is about; {@code null} after deserialization */
    public Path file() {
        return file;
    }
}
