package io.fabrica.devices.sim.generators;

/**
 * A scenario text could not be parsed. The message reads {@code line <n>: <problem> '<token>'}
 * (prefixed with the file name when read from a file), and the line number and bad token are
 * available for tools that point at the error.
 */
public final class ScenarioFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int line;
    private final String token;

    /**
     * Creates the exception with its message built from the parts.
     *
     * @param source where the text came from, e.g. a file name, or {@code null}
     * @param line the 1-based line number
     * @param token the offending token, or the whole line if no single token is at fault
     * @param problem what is wrong, e.g. {@code "bad time"}
     */
    public ScenarioFormatException(String source, int line, String token, String problem) {
        super((source == null ? "" : source + ": ") + "line " + line + ": " + problem + " '" + token + "'");
        this.line = line;
        this.token = token;
    }

    /** @return the 1-based line number of the error */
    public int line() {
        return line;
    }

    /** @return the offending token */
    public String token() {
        return token;
    }
}
