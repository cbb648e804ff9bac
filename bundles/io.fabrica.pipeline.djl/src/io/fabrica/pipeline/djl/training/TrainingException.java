package io.fabrica.pipeline.djl.training;

/**
 * Training, export or verification of a model failed. The message names the problem for a user
 * (for example the sample and position of an invalid value, or the file that could not be
 * written); when the training was cancelled it is {@code "cancelled"}. Whenever this is thrown, no
 * existing model or parameters file has been replaced.
 */
public class TrainingException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, for a user
     */
    public TrainingException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, for a user
     * @param cause the underlying error
     */
    public TrainingException(String message, Throwable cause) {
        super(message, cause);
    }
}
