package io.fabrica.deploy.core;

/**
 * A deployment package, key, trust store or deployment store problem. The message is a sentence for
 * the user that names the file or package entry and what is wrong with it, e.g.
 * {@code pdm.fpkg: entry 'pipeline/model.onnx' does not match its SHA-256 in the manifest}.
 */
public class PackageException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message names the file or entry and the problem
     */
    public PackageException(String message) {
        super(message);
    }

    /**
     * @param message names the file or entry and the problem
     * @param cause the underlying failure
     */
    public PackageException(String message, Throwable cause) {
        super(message, cause);
    }
}
