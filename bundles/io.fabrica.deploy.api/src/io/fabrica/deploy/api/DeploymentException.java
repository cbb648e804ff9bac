package io.fabrica.deploy.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A target refused or failed a deployment operation. The message names the target and the reason as
 * the target gave it (e.g. "the package is not signed by a trusted key").
 *
 * <p>Implemented by Fabrica; vendors use it: targets throw it, Fabrica reports it. Vendors do not
 * subclass it.
 *
 * @since 1.0
 */
@ProviderType
public class DeploymentException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * A refused or failed operation.
     *
     * @param message what failed and why, naming the target
     * @param cause the underlying failure, or {@code null}
     */
    public DeploymentException(String message, Throwable cause) {
        super(message, cause);
    }
}
