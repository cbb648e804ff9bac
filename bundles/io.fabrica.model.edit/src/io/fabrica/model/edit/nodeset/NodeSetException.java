package io.fabrica.model.edit.nodeset;

/** A NodeSet2 file cannot be read; the message names the file and, where known, the line. */
public class NodeSetException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, with file and line
     * @param cause the parser's error, or {@code null}
     */
    public NodeSetException(String message, Throwable cause) {
        super(message, cause);
    }
}
