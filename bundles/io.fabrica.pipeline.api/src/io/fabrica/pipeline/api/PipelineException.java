package io.fabrica.pipeline.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A pipeline cannot be compiled or run: a stage is misconfigured, a model file is unusable, an input
 * has the wrong size. The message names the stage (its path in the pipeline) or the file, and the problem.
 *
 * <p>Implemented by Fabrica; vendors use it: factories, kernels and engines throw it, Fabrica reports
 * it. Vendors do not subclass it.
 *
 * @since 1.0
 */
@ProviderType
public class PipelineException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * A failure without an underlying cause.
     *
     * @param message what went wrong, naming the stage or file
     */
    public PipelineException(String message) {
        super(message);
    }

    /**
     * A failure caused by another.
     *
     * @param message what went wrong, naming the stage or file
     * @param cause the underlying failure, or {@code null}
     */
    public PipelineException(String message, Throwable cause) {
        super(message, cause);
    }
}
