package io.fabrica.pipeline.data;

import java.io.IOException;

/**
 * A dataset folder (or one of its files) that cannot be used as it is: missing or unfinished files,
 * malformed CSV rows, wrong units or image sizes. The message always starts with the file, relative
 * to the dataset folder with {@code /} separators, and the line when known:
 * {@code signals.csv:17: column '…/Motor Current' is NaN}.
 */
public final class DatasetException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;

    /**
     * Creates an exception about one place of a dataset.
     *
     * @param file the file, relative to the dataset folder, with {@code /} separators
     * @param line the 1-based line in that file (the header is line 1), or 0 when no line applies
     * @param detail what is wrong, without the file and line (they are prepended)
     */
    public DatasetException(String file, int line, String detail) {
        this(file, line, detail, null);
    }

    /**
     * Creates an exception about one place of a dataset, caused by another exception.
     *
     * @param file the file, relative to the dataset folder, with {@code /} separators
     * @param line the 1-based line in that file, or 0 when no line applies
     * @param detail what is wrong, without the file and line (they are prepended)
     * @param cause the underlying exception, may be {@code null}
     */
    public DatasetException(String file, int line, String detail, Throwable cause) {
        super(file + (line > 0 ? ":" + line : "") + ": " + detail, cause);
        this.file = file;
        this.line = line;
    }

    /**
     * The file the problem is in.
     *
     * @return the path relative to the dataset folder, with {@code /} separators
     */
    public String file() {
        return file;
    }

    /**
     * The line the problem is on.
     *
     * @return the 1-based line (the CSV header is line 1), or 0 when the problem is not on one line
     */
    public int line() {
        return line;
    }
}
