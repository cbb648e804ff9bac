package io.fabrica.pipeline.data;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams the records of an RFC-4180 CSV file (quoted cells may hold commas, quotes and line breaks)
 * and keeps the line each record starts on for error messages. The cell list is reused between
 * records. Not thread-safe.
 */
final class CsvReader implements Closeable {

    private final BufferedReader in;
    private final String name;
    private final List<String> cells = new ArrayList<>();
    private final StringBuilder cell = new StringBuilder();
    private int nextLine = 1;
    private int line;

    /**
     * Opens a file.
     *
     * @param file the file
     * @param name the file relative to the dataset folder, for messages
     */
    CsvReader(Path file, String name) throws IOException {
        this.in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        this.name = name;
    }

    /** Reads the next record; false at the end of the file. */
    boolean next() throws IOException {
        cells.clear();
        cell.setLength(0);
        line = nextLine;
        int c = in.read();
        if (c < 0) {
            return false;
        }
        if (line == 1 && c == '\uFEFF') {
            c = in.read();
        }
        while (true) {
            if (c == '"' && cell.isEmpty()) {
                c = quoted();
            }
            if (c < 0 || c == '\n' || c == '\r') {
                cells.add(cell.toString());
                endOfLine(c);
                return true;
            }
            if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append((char) c);
            }
            c = in.read();
        }
    }

    /** Reads a quoted cell after its opening quote; returns the character after the closing quote. */
    private int quoted() throws IOException {
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw error("a quoted cell is not closed before the end of the file");
            }
            if (c == '"') {
                int after = in.read();
                if (after != '"') {
                    if (after >= 0 && after != ',' && after != '\n' && after != '\r') {
                        throw error("unexpected '" + (char) after + "' after a quoted cell");
                    }
                    return after;
                }
            } else if (c == '\n') {
                nextLine++;
            }
            cell.append((char) c);
        }
    }

    private void endOfLine(int c) throws IOException {
        nextLine++;
        if (c == '\r') {
            in.mark(1);
            if (in.read() != '\n') {
                in.reset();
            }
        }
    }

    int size() {
        return cells.size();
    }

    String cell(int index) {
        return cells.get(index);
    }

    /** A copy of the current record's cells. */
    List<String> cells() {
        return List.copyOf(cells);
    }

    /** The line the current record starts on (the first line is 1). */
    int line() {
        return line;
    }

    String name() {
        return name;
    }

    /** An error about the current record. */
    DatasetException error(String detail) {
        return new DatasetException(name, line, detail);
    }

    /** Parses a cell holding an ISO-8601 instant, as the recorder writes it, to epoch milliseconds. */
    long timeMillis(int index, String column) throws DatasetException {
        try {
            return Instant.parse(cell(index)).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw error("column '" + column + "' holds '" + cell(index) + "', not an ISO-8601 time");
        }
    }

    /** Throws unless the current record has exactly {@code expected} cells. */
    void requireSize(int expected) throws DatasetException {
        if (size() != expected) {
            throw error("row has " + size() + " cells, the header has " + expected);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
