package io.fabrica.deploy.api;

/**
 * A target refused or failed a deployment operation. The message names the target and the reason as
 * the target gave it (e.g. "the package is not signed by a trusted key").
 */
public class DeploymentException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed and why, naming the target
     * @param cause the underlying failure, or {@code null}
     */
    public DeploymentException(String message, Throwable cause) {
        super(message, cause);
    }
}
