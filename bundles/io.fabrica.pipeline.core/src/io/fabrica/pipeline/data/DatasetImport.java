package io.fabrica.pipeline.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;


/**
 * Turns CSV recordings made elsewhere (a header row, then one row per sample: a time column and value
 * columns, or value columns only) into a dataset folder in the layout {@code fabrica record} writes and
 * {@link Dataset#open(Path)} reads ({@code fabrica import-dataset}). One value column becomes one array
 * signal cut into windows of {@code window} samples every {@code hop} samples
 * ({@code windows/<signal>.csv}); {@code signals.csv} holds one row per window with its label;
 * {@code dataset.json}, written last, lists the signal with its sample rate and the provenance of every
 * source file (path, SHA-256, rows, the sample range taken, the label).
 *
 * <p>Sample times come from the rate, not from a time column: sample {@code i} of a file is
 * {@code i / rate} seconds after the file's start, files follow each other in the order given with a
 * one-second gap, and a window is stamped with the time of its last sample (when it would arrive live).
 * Every source is read and checked completely before anything is written, so bad input leaves no
 * dataset behind; all files are written under {@code .partial} names and moved into place.
 */
public final class DatasetImport {

    /** Where the first source starts: a fixed, obviously synthetic instant. */
    public static final Instant START = Instant.parse("2000-01-01T00:00:00Z");

    /** The name of the recorded plant in imported datasets; signal paths start with it. */
    public static final String PLANT = "Imported";

    /** The element path prefix of an imported signal: {@code Imported/Site/Area/Line/Machine/<signal>}. */
    public static final String PATH_PREFIX = PLANT + "/Site/Area/Line/Machine/";

    private static final long GAP_MILLIS = 1000;

    /**
     * How to read the value column and cut it into windows.
     *
     * @param column the header of the value column to import
     * @param signal the signal name (no {@code /}); its element path is {@link #PATH_PREFIX} + name
     * @param unit the UCUM unit of the values, empty for none
     * @param rate samples per second, positive
     * @param window samples per window, at least 2
     * @param hop samples between window starts, 1 to {@code window}
     */
    public record Options(String column, String signal, String unit, double rate, int window, int hop) {

        /**
         * Checks the options.
         *
         * @throws IllegalArgumentException if a value is out of range (the message says which)
         */
        public Options {
            if (column == null || column.isBlank()) {
                throw new IllegalArgumentException("the value column is missing");
            }
            if (signal == null || signal.isBlank() || signal.contains("/")) {
                throw new IllegalArgumentException("the signal name must be a non-empty name without '/'");
            }
            if (!(rate > 0) || Double.isInfinite(rate)) {
                throw new IllegalArgumentException("the rate must be a positive number of samples per second");
            }
            if (window < 2 || hop < 1 || hop > window) {
                throw new IllegalArgumentException("the window must be at least 2 samples and the hop 1 to the window (" + window + ", " + hop + ")");
            }
            unit = unit == null ? "" : unit;
        }

        /** @return the element path of the signal */
        public String path() {
            return PATH_PREFIX + signal;
        }
    }

    /**
     * One CSV file and the time block of it to take.
     *
     * @param file the CSV file
     * @param from the start of the block as a fraction of the file's rows, 0 to below {@code to}
     * @param to the end of the block (exclusive), above {@code from} to 1
     * @param label the ground-truth label of all its windows, empty for none
     */
    public record Source(Path file, double from, double to, String label) {

        /**
         * Checks the block and the label.
         *
         * @throws IllegalArgumentException if {@code 0 <= from < to <= 1} does not hold or the label has a
         *         comma, quote or line break
         */
        public Source {
            if (!(from >= 0 && from < to && to <= 1)) {
                throw new IllegalArgumentException(file + ": the time block must satisfy 0 <= from < to <= 1, not " + from + " to " + to);
            }
            label = label == null ? "" : label;
            if (label.matches(".*[,\"\\r\\n].*")) {
                throw new IllegalArgumentException(file + ": the label '" + label + "' may not hold commas, quotes or line breaks");
            }
        }
    }

    /**
     * What was taken from one source file.
     *
     * @param source the source
     * @param sha256 the SHA-256 of the file, lower-case hex
     * @param rows the data rows of the file (after the header)
     * @param firstSample the first sample taken (0-based row index)
     * @param endSample one after the last sample taken
     * @param windows the windows cut from the block
     */
    public record Taken(Source source, String sha256, long rows, long firstSample, long endSample, long windows) {
    }

    /**
     * The dataset written.
     *
     * @param dir the dataset folder
     * @param signalPath the element path of the imported signal
     * @param windows windows in all
     * @param sources what was taken from each file, in order
     */
    public record Imported(Path dir, String signalPath, long windows, List<Taken> sources) {
    }

    private DatasetImport() {
    }

    /**
     * Imports CSV files into a new dataset folder.
     *
     * @param sources the files in time order, with their blocks and labels; all labelled or none
     * @param options the column, rate and windows
     * @param datasetDir the folder to create; it must not hold a dataset already
     * @return what was written
     * @throws DatasetException if a file lacks the column, a row has too few cells, a value is not a finite
     *         number (file and line), a block holds less than one window, or the folder holds a dataset
     * @throws IllegalArgumentException if there are no sources, or some are labelled and others not
     * @throws IOException if a file cannot be read or written
     */
    public static Imported run(List<Source> sources, Options options, Path datasetDir) throws IOException {
        checkSources(sources);
        Path dir = datasetDir.toAbsolutePath().normalize();
        if (Files.exists(dir.resolve(Dataset.MANIFEST))) {
            throw new DatasetException(dir.resolve(Dataset.MANIFEST).toString(), 0, "already exists; choose a new folder (imports never overwrite)");
        }
        List<Taken> taken = new ArrayList<>();
        for (Source s : sources) {
            taken.add(scan(s, options));
        }
        Files.createDirectories(dir);
        ImportWriter writer = new ImportWriter(dir, options, !sources.get(0).label().isEmpty());
        try {
            long offset = 0;
            for (Taken t : taken) {
                offset = writer.write(t, offset) + GAP_MILLIS;
            }
            writer.finish(taken);
        } finally {
            writer.discard();
        }
        return new Imported(dir, options.path(), taken.stream().mapToLong(Taken::windows).sum(), List.copyOf(taken));
    }

    private static void checkSources(List<Source> sources) {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("no CSV files to import");
        }
        long labelled = sources.stream().filter(s -> !s.label().isEmpty()).count();
        if (labelled != 0 && labelled != sources.size()) {
            throw new IllegalArgumentException("either every file has a label or none");
        }
    }

    /** Reads a whole file once: checks the header, every value of the column, and hashes the bytes. */
    private static Taken scan(Source s, Options options) throws IOException {
        long rows = 0;
        try (CsvReader csv = reader(s)) {
            int column = columnIndex(csv, options.column());
            while (csv.next()) {
                if (!blank(csv)) {
                    value(csv, column, options.column());
                    rows++;
                }
            }
        }
        long first = (long) Math.floor(s.from() * rows);
        long end = (long) Math.floor(s.to() * rows);
        if (end - first < options.window()) {
            throw new DatasetException(s.file().toString(), 0, String.format(Locale.ROOT,
                    "the time block %s to %s holds %d samples, fewer than one window of %d", s.from(), s.to(), end - first, options.window()));
        }
        long windows = (end - first - options.window()) / options.hop() + 1;
        return new Taken(s, sha256(s.file()), rows, first, end, windows);
    }

    static CsvReader reader(Source s) throws IOException {
        if (!Files.isRegularFile(s.file())) {
            throw new DatasetException(s.file().toString(), 0, "no such file");
        }
        return new CsvReader(s.file(), s.file().toString());
    }

    static int columnIndex(CsvReader csv, String column) throws IOException {
        if (!csv.next()) {
            throw csv.error("the file is empty; it needs a header row naming the columns");
        }
        for (int i = 0; i < csv.size(); i++) {
            if (csv.cell(i).trim().equals(column)) {
                return i;
            }
        }
        throw csv.error("no column '" + column + "'; the header has: " + String.join(", ", csv.cells()));
    }

    static boolean blank(CsvReader csv) {
        return csv.size() == 1 && csv.cell(0).isBlank();
    }

    static double value(CsvReader csv, int column, String name) throws DatasetException {
        if (column >= csv.size()) {
            throw csv.error("the row has " + csv.size() + " cells, so no value in column '" + name + "'");
        }
        String cell = csv.cell(column).trim();
        double v;
        try {
            v = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw csv.error("column '" + name + "' holds '" + cell + "', not a number");
        }
        if (!Double.isFinite(v)) {
            throw csv.error("column '" + name + "' holds " + cell + ", not a finite number");
        }
        return v;
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            byte[] buffer = new byte[1 << 16];
            while (in.read(buffer) >= 0) {
                // digesting
            }
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IOException("SHA-256 is not available in this Java", e);
        }
    }

    /** The slug of a signal name for its windows file, as the recorder makes them. */
    static String slug(String name) {
        String slug = name.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("(^-|-$)", "").toLowerCase(Locale.ROOT);
        return slug.isEmpty() ? "signal" : slug;
    }
}
