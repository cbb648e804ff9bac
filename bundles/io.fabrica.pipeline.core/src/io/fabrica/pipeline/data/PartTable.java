package io.fabrica.pipeline.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.fabrica.model.plant.ProcessParameter;
import io.fabrica.model.plant.Signal;
import io.fabrica.model.resource.ElementPaths;

/**
 * A recording turned into one row per part, for quality models: the line publishes a part-number
 * signal when a part has been machined and, some parts later, a measured-part signal with the part's
 * measured quality. {@code signals.csv} holds a row about every 100 ms, so each part spans several
 * rows; this table gathers them:
 * <ul>
 * <li>a part is the run of consecutive rows whose part-number value is its number (rows before the
 * first part, number 0, are left out);</li>
 * <li>every numeric column of the part's rows is kept twice: as the mean over the rows (right for
 * process signals that vary while the part is made, such as temperatures and currents, and equal
 * to the value for per-part context like the tool usage) and as the value at the part's first row
 * (right for process parameters: the setpoints the part was cut with, since a write during the
 * part only affects the next one). {@link #value(int, Signal)} gives the first-row value for a
 * {@link ProcessParameter} and the mean for any other signal;</li>
 * <li>the quality columns come from the rows where the measured-part signal equals the part's
 * number: the last of those rows, so that a row sampled while the gauge was publishing cannot
 * mix the previous part's values in;</li>
 * <li>parts without a measurement (the last few, still on their way to the gauge when the
 * recording ended) are left out and counted ({@link #dropped()}).</li>
 * </ul>
 * Missing cells are filled from the previous row ({@link MissingValues#FORWARD_FILL}); text columns
 * are left out. Immutable.
 */
public final class PartTable {

    private final Path recording;
    private final List<String> columns;
    private final Map<String, Integer> index;
    private final long[] parts;
    private final long[] times;
    private final double[][] means;
    private final double[][] firsts;
    private final double[][] quality;
    private final int dropped;

    private PartTable(Path recording, List<String> columns, Map<String, Integer> index, Parts p, double[][] quality) {
        this.recording = recording;
        this.columns = columns;
        this.index = index;
        this.parts = p.numbers.stream().mapToLong(Long::longValue).toArray();
        this.times = p.times.stream().mapToLong(Long::longValue).toArray();
        this.means = p.means.toArray(double[][]::new);
        this.firsts = p.firsts.toArray(double[][]::new);
        this.quality = quality;
        this.dropped = p.dropped;
    }

    /**
     * Reads a recording into one row per measured part.
     *
     * @param recording the recording's folder (written by {@code fabrica record})
     * @param partNumber the signal whose value is the number of the part just made
     * @param measuredPart the signal whose value is the number of the part just measured
     * @param quality the measured quality signals (the targets), at least one
     * @return the parts, in the order they were made
     * @throws DatasetException if the recording cannot be opened or read, lacks the part-number, the
     *         measured-part or a quality signal, made no part, or measured none of its parts; the
     *         message names the recording and what is missing
     * @throws IllegalArgumentException if no quality signal is given
     */
    public static PartTable read(Path recording, Signal partNumber, Signal measuredPart, List<Signal> quality) throws DatasetException {
        Objects.requireNonNull(partNumber, "partNumber");
        Objects.requireNonNull(measuredPart, "measuredPart");
        if (quality == null || quality.isEmpty()) {
            throw new IllegalArgumentException("give at least one quality signal to take per part");
        }
        Dataset dataset;
        ScalarTable table;
        try {
            dataset = Dataset.open(recording);
            table = dataset.scalars(MissingValues.FORWARD_FILL);
        } catch (DatasetException e) {
            throw e;
        } catch (IOException e) {
            throw new DatasetException(Dataset.SIGNALS, 0, "recording " + recording + " cannot be read: " + e.getMessage(), e);
        }
        Path dir = dataset.dir();
        List<String> numeric = numericColumns(dataset, table);
        double[] numbers = require(table, dir, partNumber, "part-number");
        double[] measured = require(table, dir, measuredPart, "measured-part");
        List<double[]> targets = new ArrayList<>();
        for (Signal q : quality) {
            targets.add(require(table, dir, q, "quality"));
        }
        double[][] values = new double[numeric.size()][];
        Map<String, Integer> index = new HashMap<>();
        for (int c = 0; c < numeric.size(); c++) {
            values[c] = table.column(numeric.get(c));
            index.put(numeric.get(c), c);
        }
        Parts p = new Parts(dir, numbers, measured, values, table.timesMillis(), targets);
        p.group();
        return new PartTable(dir, numeric, index, p, p.quality());
    }

    /** The columns of {@code signals.csv} that hold numbers (text signals are left out). */
    private static List<String> numericColumns(Dataset dataset, ScalarTable table) {
        Map<String, Boolean> text = new LinkedHashMap<>();
        for (RecordedSignal s : dataset.scalarColumns()) {
            text.put(s.path(), RecordedSignal.STRING.equals(s.type()));
        }
        return table.columns().stream().filter(c -> !text.getOrDefault(c, false)).toList();
    }

    private static double[] require(ScalarTable table, Path dir, Signal signal, String role) throws DatasetException {
        String path = ElementPaths.pathOf(signal);
        if (!table.hasColumn(path)) {
            throw new DatasetException(Dataset.SIGNALS, 0, "recording " + dir + " has no " + role + " signal '" + path
                    + "' (record the plant with that signal bound, e.g. from the simulator of the demo plant)");
        }
        return table.column(path);
    }

    /** Groups the rows into parts and finds each part's measurement. */
    private static final class Parts {
        private final Path dir;
        private final double[] partColumn;
        private final double[] measuredColumn;
        private final double[][] values;
        private final long[] rowTimes;
        private final List<double[]> targets;
        final List<Long> numbers = new ArrayList<>();
        final List<Long> times = new ArrayList<>();
        final List<double[]> means = new ArrayList<>();
        final List<double[]> firsts = new ArrayList<>();
        private final List<Integer> measurementRows = new ArrayList<>();
        int dropped;

        Parts(Path dir, double[] partColumn, double[] measuredColumn, double[][] values, long[] rowTimes, List<double[]> targets) {
            this.dir = dir;
            this.partColumn = partColumn;
            this.measuredColumn = measuredColumn;
            this.values = values;
            this.rowTimes = rowTimes;
            this.targets = targets;
        }

        void group() throws DatasetException {
            Map<Long, Integer> lastMeasurement = new HashMap<>();
            for (int r = 0; r < measuredColumn.length; r++) {
                if (measuredColumn[r] > 0) {
                    lastMeasurement.put(Math.round(measuredColumn[r]), r);
                }
            }
            Map<Long, Integer> seen = new HashMap<>();
            int start = -1;
            for (int r = 0; r <= partColumn.length; r++) {
                boolean sameRun = r < partColumn.length && start >= 0 && partColumn[r] == partColumn[start];
                if (start >= 0 && !sameRun) {
                    close(start, r, lastMeasurement);
                    start = -1;
                }
                if (r < partColumn.length && partColumn[r] > 0 && start < 0) {
                    Integer before = seen.putIfAbsent(Math.round(partColumn[r]), r);
                    if (before != null) {
                        throw new DatasetException(Dataset.SIGNALS, 0, "recording " + dir + ": part " + Math.round(partColumn[r])
                                + " appears again in row " + (r + 1) + " after other parts (did the line restart during the recording?)");
                    }
                    start = r;
                }
            }
            if (seen.isEmpty()) {
                throw new DatasetException(Dataset.SIGNALS, 0, "recording " + dir + " holds no part: its part-number signal never"
                        + " rose above 0 (was the line running?)");
            }
            if (numbers.isEmpty()) {
                throw new DatasetException(Dataset.SIGNALS, 0, "recording " + dir + ": none of its " + seen.size()
                        + " parts was measured (the measured-part signal never names one of them; record longer)");
            }
        }

        /** Ends the part made in rows [start, end). */
        private void close(int start, int end, Map<Long, Integer> lastMeasurement) {
            long number = Math.round(partColumn[start]);
            Integer measurement = lastMeasurement.get(number);
            if (measurement == null) {
                dropped++;
                return;
            }
            double[] mean = new double[values.length];
            double[] first = new double[values.length];
            for (int c = 0; c < values.length; c++) {
                double sum = 0;
                for (int r = start; r < end; r++) {
                    sum += values[c][r];
                }
                mean[c] = sum / (end - start);
                first[c] = values[c][start];
            }
            numbers.add(number);
            times.add(rowTimes[start]);
            means.add(mean);
            firsts.add(first);
            measurementRows.add(measurement);
        }

        double[][] quality() {
            double[][] q = new double[targets.size()][measurementRows.size()];
            for (int t = 0; t < targets.size(); t++) {
                for (int i = 0; i < measurementRows.size(); i++) {
                    q[t][i] = targets.get(t)[measurementRows.get(i)];
                }
            }
            return q;
        }
    }

    /** @return the recording's folder */
    public Path recording() {
        return recording;
    }

    /** @return the number of measured parts (rows) */
    public int size() {
        return parts.length;
    }

    /**
     * @param row 0..{@link #size()}-1
     * @return the part's number
     */
    public long part(int row) {
        return parts[row];
    }

    /**
     * @param row 0..{@link #size()}-1
     * @return the time of the part's first row in the recording, ms since the epoch (UTC)
     */
    public long timeMillis(int row) {
        return times[row];
    }

    /**
     * A signal's value for a part: the value at the part's first row for a {@link ProcessParameter}
     * (the setpoint it was made with), the mean over the part's rows for any other signal.
     *
     * @param row 0..{@link #size()}-1
     * @param signal a numeric signal of the recording
     * @return the value (booleans as 1/0)
     * @throws IllegalArgumentException if the signal is not a numeric column of the recording (the
     *         message names it and the recording)
     */
    public double value(int row, Signal signal) {
        int c = column(signal);
        return signal instanceof ProcessParameter ? firsts[row][c] : means[row][c];
    }

    /**
     * @param row 0..{@link #size()}-1
     * @param signal a numeric signal of the recording
     * @return the mean of the signal over the part's rows, whatever kind of signal it is
     * @throws IllegalArgumentException if the signal is not a numeric column of the recording
     */
    public double mean(int row, Signal signal) {
        return means[row][column(signal)];
    }

    /**
     * @param signal a signal
     * @return whether the recording has a numeric column for it
     */
    public boolean has(Signal signal) {
        return index.containsKey(ElementPaths.pathOf(signal));
    }

    /** @return the element paths of the numeric columns, in file order */
    public List<String> columns() {
        return columns;
    }

    /**
     * A measured quality value of a part.
     *
     * @param row 0..{@link #size()}-1
     * @param target the index of the quality signal in the list given to {@link #read}
     * @return the value measured for this part
     */
    public double quality(int row, int target) {
        return quality[target][row];
    }

    /** @return the parts made during the recording but left out because their measurement was not recorded */
    public int dropped() {
        return dropped;
    }

    private int column(Signal signal) {
        String path = ElementPaths.pathOf(signal);
        Integer c = index.get(path);
        if (c == null) {
            throw new IllegalArgumentException("signal '" + path + "' is not a numeric column of recording " + recording);
        }
        return c;
    }
}
