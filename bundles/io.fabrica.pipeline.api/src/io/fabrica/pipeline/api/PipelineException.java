package io.fabrica.pipeline.api;

/**
 * A pipeline cannot be compiled or run: a stage is misconfigured, a model file is unusable, an input
 * has the wrong size. The message names the stage (its path in the pipeline) or the file, and the problem.
 */
public class PipelineException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, naming the stage or file
     */
    public PipelineException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, naming the stage or file
     * @param cause the underlying failure
     */
    public PipelineException(String message, Throwable cause) {
        super(message, cause);
    }
}
