package io.fabrica.devices.core;

import io.fabrica.core.files.AtomicFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A CSV file written under a {@code .partial} name and moved to its real name only when
 * {@link #finish()} succeeds, so a dataset folder never holds a half-written file under a final
 * name. Values are quoted only when they must be (RFC 4180). Not thread-safe; callers synchronize.
 */
final class CsvWriter implements AutoCloseable {

    private final Path target;
    private final Path partial;
    private final BufferedWriter out;
    private long rows;

    CsvWriter(Path target, List<String> header) throws IOException {
        this.target = target;
        this.partial = target.resolveSibling(target.getFileName() + ".partial");
        Files.createDirectories(target.getParent());
        this.out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8);
        row(header);
        rows = 0;
    }

    /** Writes one row; {@code null} cells stay empty. */
    void row(List<?> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(escape(cells.get(i)));
        }
        out.write('\n');
        rows++;
    }

    /** Writes a row that starts with some cells and continues with an array of numbers, without boxing them. */
    void row(List<?> head, double[] values) throws IOException {
        for (int i = 0; i < head.size(); i++) {
            out.write(i > 0 ? "," : "");
            out.write(escape(head.get(i)));
        }
        for (double v : values) {
            out.write(',');
            out.write(Double.toString(v));
        }
        out.write('\n');
        rows++;
    }

    long rows() {
        return rows;
    }

    /** Flushes, closes and moves the file to its final name. */
    void finish() throws IOException {
        out.close();
        AtomicFiles.replace(partial, target);
    }

    /** Closes without finishing: the {@code .partial} file stays, clearly marked as incomplete. */
    @Override
    public void close() throws IOException {
        out.close();
    }

    static String escape(Object value) {
        if (value == null) {
            return "";
        }
        String text = value instanceof Boolean b ? (b ? "1" : "0") : value.toString();
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
