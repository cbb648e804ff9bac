package io.fabrica.core.plugins;

/**
 * A plugin could not be installed or removed. The message names the file or bundle and the reason,
 * ready to show to a user.
 */
public final class PluginException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param message what failed and why */
    public PluginException(String message) {
        super(message);
    }

    /**
     * @param message what failed and why
     * @param cause the underlying error
     */
    public PluginException(String message, Throwable cause) {
        super(message, cause);
    }
}
