package io.fabrica.pipeline.data;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The windows of one array signal ({@code windows/<slug>.csv}: header
 * {@code time,label,<name>[0] [unit],…}, one row per window of {@link #windowLength()} samples),
 * streamed from the file on every pass so that long recordings need not fit in memory. Every pass
 * re-reads the file; rows are checked as they are read. Not thread-safe.
 */
public final class WindowSeries {

    private final Dataset dataset;
    private final RecordedSignal signal;
    private final int length;
    private long count = -1;

    /** Opens the series and checks the header; use {@link Dataset#windows(String)}. */
    WindowSeries(Dataset dataset, RecordedSignal signal) throws IOException {
        this.dataset = dataset;
        this.signal = signal;
        try (CsvReader csv = open()) {
            if (!csv.next() || csv.size() < 3 || !csv.cell(0).equals("time") || !csv.cell(1).equals("label")) {
                throw new DatasetException(signal.file(), 1, "the header must be 'time,label,' and at least one sample column");
            }
            this.length = csv.size() - 2;
        }
    }

    private CsvReader open() throws IOException {
        return new CsvReader(dataset.resolve(signal.file()), signal.file());
    }

    /**
     * The array signal.
     *
     * @return its entry of {@code dataset.json}
     */
    public RecordedSignal signal() {
        return signal;
    }

    /**
     * The number of samples in every window, from the header.
     *
     * @return at least 1
     */
    public int windowLength() {
        return length;
    }

    /**
     * Streams all windows to a consumer, in file order, reusing one sample buffer.
     *
     * @param consumer receives each window
     * @return the number of windows
     * @throws DatasetException if a row has the wrong number of samples (file and line), a sample
     *         is not a number or not finite (file, line and sample index), or a time is malformed
     * @throws IOException if the file cannot be read, or as thrown by the consumer
     */
    public long forEach(WindowConsumer consumer) throws IOException {
        double[] buffer = new double[length];
        long n = 0;
        try (CsvReader csv = open()) {
            csv.next();
            while (csv.next()) {
                long time = parse(csv, buffer);
                consumer.accept(buffer, time, csv.cell(1));
                n++;
            }
        }
        count = n;
        return n;
    }

    /**
     * Opens a pull-style reader over the windows, for merging several series by time. The caller
     * closes it.
     *
     * @return a cursor before the first window
     * @throws IOException if the file cannot be opened
     */
    public Cursor cursor() throws IOException {
        CsvReader csv = open();
        csv.next();
        return new Cursor(csv);
    }

    /** Reads the windows one at a time, reusing one sample buffer; not thread-safe. */
    public final class Cursor implements AutoCloseable {
        private final CsvReader csv;
        private final double[] buffer = new double[length];
        private long time;
        private String label = "";

        private Cursor(CsvReader csv) {
            this.csv = csv;
        }

        /**
         * Advances to the next window.
         *
         * @return false at the end of the file
         * @throws DatasetException if the row is malformed (file, line and sample index)
         * @throws IOException if the file cannot be read
         */
        public boolean next() throws IOException {
            if (!csv.next()) {
                return false;
            }
            time = parse(csv, buffer);
            label = csv.cell(1);
            return true;
        }

        /** @return the samples of the current window; overwritten by {@link #next()} */
        public double[] samples() {
            return buffer;
        }

        /** @return the source time of the current window */
        public long timeMillis() {
            return time;
        }

        /** @return the ground-truth label of the current window, empty if unlabelled */
        public String label() {
            return label;
        }

        @Override
        public void close() throws IOException {
            csv.close();
        }
    }

    private long parse(CsvReader csv, double[] buffer) throws DatasetException {
        if (csv.size() != length + 2) {
            throw csv.error("window has " + (csv.size() - 2) + " samples, the header has " + length);
        }
        long time = csv.timeMillis(0, "time");
        for (int i = 0; i < length; i++) {
            buffer[i] = sample(csv, i);
        }
        return time;
    }

    private static double sample(CsvReader csv, int i) throws DatasetException {
        String cell = csv.cell(i + 2);
        double value;
        try {
            value = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw csv.error("sample [" + i + "] is '" + cell + "', not a number");
        }
        if (!Double.isFinite(value)) {
            throw csv.error("sample [" + i + "] is " + cell);
        }
        return value;
    }

    /**
     * The number of windows, counted by a pass over the file (cached after the first pass).
     *
     * @return the number of rows after the header
     * @throws IOException if the file cannot be read or is malformed
     */
    public long count() throws IOException {
        if (count < 0) {
            long n = 0;
            try (CsvReader csv = open()) {
                csv.next();
                while (csv.next()) {
                    n++;
                }
            }
            count = n;
        }
        return count;
    }

    /**
     * The labels of the windows, collected in one pass, as class indices.
     *
     * @return the labels in first-seen order, {@code normal} first if present
     * @throws IOException if the file cannot be read or is malformed
     */
    public LabelSet labels() throws IOException {
        Set<String> seen = new LinkedHashSet<>();
        forEach((samples, time, label) -> seen.add(label));
        return LabelSet.of(seen);
    }
}
