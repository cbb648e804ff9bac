package io.fabrica.pipeline.djl;

/**
 * A DJL engine could not be started: it is not installed in this product, or its native
 * libraries could not be loaded. The message names the engine and the underlying cause.
 */
public class DjlEngineUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String engineName;

    /**
     * @param engineName the engine that was asked for
     * @param cause what DJL reported
     */
    public DjlEngineUnavailableException(String engineName, Throwable cause) {
        super("DJL engine '" + engineName + "' is not available: " + rootMessage(cause), cause);
        this.engineName = engineName;
    }

    /** @return the engine that was asked for */
    public String engineName() {
        return engineName;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == t ? String.valueOf(t.getMessage()) : t.getMessage() + " (cause: " + root + ")";
    }
}
