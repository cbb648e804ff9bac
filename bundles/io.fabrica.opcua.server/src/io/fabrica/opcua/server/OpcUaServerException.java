package io.fabrica.opcua.server;

/** The embedded OPC UA server could not be started or stopped; the message names the endpoint. */
public class OpcUaServerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed and where
     * @param cause the underlying error
     */
    public OpcUaServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
