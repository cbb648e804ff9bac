package io.fabrica.model.resource;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A plant file cannot be read or written. The message always names the file and, where the
 * parser knows it, the line, and says what is wrong (unknown element, truncated file, wrong
 * namespace, ...). A failed load never modifies the file.
 */
public class PlantFileException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;

    /**
     * @param file the file concerned
     * @param line the 1-based line of the problem, or 0 when unknown
     * @param problem what is wrong, without the file name
     * @param cause the underlying error, or {@code null}
     */
    public PlantFileException(Path file, int line, String problem, Throwable cause) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem, cause);
        this.file = file;
        this.line = line;
    }

    /** @return the file concerned */
    public Path file() {
        return file;
    }

    /** @return the 1-based line of the problem, or 0 when unknown */
    public int line() {
        return line;
    }
}
