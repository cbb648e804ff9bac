package io.fabrica.pipeline.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The scalar signals of a dataset ({@code signals.csv}), read into memory column by column: one row
 * about every 100 ms with the time, the latest value of every scalar signal (booleans as 1/0) and,
 * in labelled datasets, the ground-truth label. Columns are found by element path, with or without
 * the {@code " [unit]"} suffix of the header. Missing values (blank cells, {@code NaN},
 * {@code Infinity}, blank labels) are handled as the {@link MissingValues} policy given when reading
 * says; {@code String} signals are kept as text and are not subject to it. Immutable; the arrays
 * returned are copies.
 */
public final class ScalarTable {

    private static final String FILE = Dataset.SIGNALS;
    private static final String LABEL = "label";

    /** A column of the file: its header, path, unit and whether it holds text. */
    private record Column(String header, String path, String unit, boolean text) {
    }

    private final List<Column> columns;
    private final Map<String, Integer> index = new HashMap<>();
    private final boolean labelled;
    private final long[] times;
    private final double[][] values;
    private final String[][] texts;
    private final String[] labels;
    private final int dropped;

    private ScalarTable(List<Column> columns, boolean labelled, Rows rows) {
        this.columns = columns;
        this.labelled = labelled;
        for (int i = 0; i < columns.size(); i++) {
            index.putIfAbsent(columns.get(i).path(), i);
            index.putIfAbsent(columns.get(i).header(), i);
        }
        int n = rows.times.size();
        this.times = rows.times.stream().mapToLong(Long::longValue).toArray();
        this.values = new double[columns.size()][n];
        this.texts = new String[columns.size()][];
        this.labels = rows.labels.toArray(String[]::new);
        this.dropped = rows.dropped;
        for (int c = 0; c < columns.size(); c++) {
            texts[c] = columns.get(c).text() ? new String[n] : null;
            for (int r = 0; r < n; r++) {
                values[c][r] = rows.values.get(r)[c];
                if (texts[c] != null) {
                    texts[c][r] = rows.texts.get(r)[c];
                }
            }
        }
    }

    /**
     * Reads {@code signals.csv} of a dataset.
     *
     * @param dataset the dataset
     * @param missing what to do with missing values
     * @return the table
     * @throws DatasetException if the header is malformed, a row has the wrong number of cells, a
     *         cell is not a number or time, or (with {@link MissingValues#FAIL}) a value is missing;
     *         the message names the line and column
     * @throws IOException if the file cannot be read
     */
    public static ScalarTable read(Dataset dataset, MissingValues missing) throws IOException {
        try (CsvReader csv = new CsvReader(dataset.resolve(FILE), FILE)) {
            if (!csv.next()) {
                throw new DatasetException(FILE, 1, "the header is missing (empty file)");
            }
            boolean labelled = csv.size() > 2 && csv.cell(csv.size() - 1).equals(LABEL);
            List<Column> columns = header(csv, dataset, labelled);
            Rows rows = new Rows(columns, labelled, missing);
            while (csv.next()) {
                rows.add(csv);
            }
            return new ScalarTable(columns, labelled, rows);
        }
    }

    private static List<Column> header(CsvReader csv, Dataset dataset, boolean labelled) throws DatasetException {
        if (csv.size() < 2 || !csv.cell(0).equals("time") || !csv.cell(1).equals("elapsed_s")) {
            throw csv.error("the header must start with 'time,elapsed_s'; it is: " + String.join(",", csv.cells()));
        }
        if (labelled != dataset.labelled()) {
            throw csv.error(labelled ? "the header has a label column, but dataset.json says the dataset is not labelled"
                    : "the header has no label column, but dataset.json says the dataset is labelled");
        }
        List<Column> columns = new ArrayList<>();
        for (int i = 2; i < csv.size() - (labelled ? 1 : 0); i++) {
            columns.add(column(csv.cell(i), dataset));
        }
        return List.copyOf(columns);
    }

    /** A header cell, matched to the signal of dataset.json it was written for, else split at its {@code " ["}. */
    private static Column column(String header, Dataset dataset) {
        for (RecordedSignal s : dataset.scalarColumns()) {
            if (s.columnHeader().equals(header)) {
                return new Column(header, s.path(), s.unit(), s.type().equals(RecordedSignal.STRING));
            }
        }
        int open = header.lastIndexOf(" [");
        if (open > 0 && header.endsWith("]")) {
            return new Column(header, header.substring(0, open), header.substring(open + 2, header.length() - 1), false);
        }
        return new Column(header, header, "", false);
    }

    /** The rows being read, with the missing-value policy applied. */
    private static final class Rows {
        private final List<Column> columns;
        private final boolean labelled;
        private final MissingValues missing;
        private final List<Long> times = new ArrayList<>();
        private final List<double[]> values = new ArrayList<>();
        private final List<String[]> texts = new ArrayList<>();
        private final List<String> labels = new ArrayList<>();
        private final double[] last;
        private String lastLabel = "";
        private int dropped;

        Rows(List<Column> columns, boolean labelled, MissingValues missing) {
            this.columns = columns;
            this.labelled = labelled;
            this.missing = missing;
            this.last = new double[columns.size()];
            Arrays.fill(last, Double.NaN);
        }

        void add(CsvReader csv) throws DatasetException {
            csv.requireSize(2 + columns.size() + (labelled ? 1 : 0));
            long time = csv.timeMillis(0, "time");
            double[] row = new double[columns.size()];
            String[] text = new String[columns.size()];
            boolean complete = true;
            for (int c = 0; c < columns.size(); c++) {
                complete &= cell(csv, c, row, text);
            }
            String label = labelled ? csv.cell(csv.size() - 1) : "";
            complete &= label(csv, label);
            if (!complete && missing == MissingValues.FORWARD_FILL) {
                label = fill(row, label);
                complete = label != null;
            }
            remember(row, label);
            if (!complete) {
                dropped++;
                return;
            }
            times.add(time);
            values.add(row);
            texts.add(text);
            labels.add(label);
        }

        /** Parses one cell; false if its value is missing (and the policy allows that). */
        private boolean cell(CsvReader csv, int c, double[] row, String[] text) throws DatasetException {
            String cell = csv.cell(2 + c);
            Column column = columns.get(c);
            if (column.text()) {
                text[c] = cell;
                row[c] = Double.NaN;
                return true;
            }
            row[c] = number(csv, cell, column);
            if (Double.isFinite(row[c])) {
                return true;
            }
            if (missing == MissingValues.FAIL) {
                throw csv.error("column '" + column.path() + "' is " + (cell.isBlank() ? "blank" : cell)
                        + " (read with MissingValues.DROP_ROW or FORWARD_FILL to accept gaps)");
            }
            return false;
        }

        private static double number(CsvReader csv, String cell, Column column) throws DatasetException {
            String s = cell.strip();
            if (s.isEmpty()) {
                return Double.NaN;
            }
            if (s.equals("true") || s.equals("false")) {
                return s.equals("true") ? 1 : 0;
            }
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw csv.error("column '" + column.path() + "' holds '" + cell + "', not a number");
            }
        }

        private boolean label(CsvReader csv, String label) throws DatasetException {
            if (!labelled || !label.isBlank()) {
                return true;
            }
            if (missing == MissingValues.FAIL) {
                throw csv.error("column 'label' is blank (read with MissingValues.DROP_ROW or FORWARD_FILL to accept gaps)");
            }
            return false;
        }

        /** Fills missing values from the previous rows; returns the label, or null if something has no earlier value. */
        private String fill(double[] row, String label) {
            boolean complete = true;
            for (int c = 0; c < row.length; c++) {
                if (!columns.get(c).text() && !Double.isFinite(row[c])) {
                    row[c] = last[c];
                    complete &= Double.isFinite(row[c]);
                }
            }
            String filled = labelled && label.isBlank() ? lastLabel : label;
            return complete && !(labelled && filled.isBlank()) ? filled : null;
        }

        private void remember(double[] row, String label) {
            for (int c = 0; c < row.length; c++) {
                if (Double.isFinite(row[c])) {
                    last[c] = row[c];
                }
            }
            if (label != null && !label.isBlank()) {
                lastLabel = label;
            }
        }
    }

    /**
     * The element paths of the columns, in file order (without time, elapsed_s and label).
     *
     * @return an unmodifiable list
     */
    public List<String> columns() {
        return columns.stream().map(Column::path).toList();
    }

    /**
     * Whether the table has a column.
     *
     * @param column an element path, with or without the {@code " [unit]"} suffix
     * @return true if {@link #column(String)} would find it
     */
    public boolean hasColumn(String column) {
        return index.containsKey(column);
    }

    /**
     * The unit of a column.
     *
     * @param column an element path, with or without the {@code " [unit]"} suffix
     * @return the unit code, empty if the signal has none
     * @throws DatasetException if there is no such column (the message lists the columns there are)
     */
    public String unit(String column) throws DatasetException {
        return columns.get(find(column)).unit();
    }

    /**
     * The values of a numeric column, one per row.
     *
     * @param column an element path, with or without the {@code " [unit]"} suffix
     * @return a copy of the values (booleans as 1/0)
     * @throws DatasetException if there is no such column (the message lists the columns there are)
     *         or it is a text column
     */
    public double[] column(String column) throws DatasetException {
        int c = find(column);
        if (columns.get(c).text()) {
            throw new DatasetException(FILE, 0, "column '" + columns.get(c).path() + "' holds text, not numbers; use text(…)");
        }
        return values[c].clone();
    }

    /**
     * The values of a numeric column after checking its unit.
     *
     * @param column an element path, with or without the {@code " [unit]"} suffix
     * @param expectedUnit the unit the caller works in (empty or null for none)
     * @return a copy of the values
     * @throws DatasetException if there is no such column, or its unit differs (the message names
     *         the column and both units)
     */
    public double[] requireColumn(String column, String expectedUnit) throws DatasetException {
        Column found = columns.get(find(column));
        String expected = expectedUnit == null ? "" : expectedUnit;
        if (!found.unit().equals(expected)) {
            throw new DatasetException(FILE, 0, "column '" + found.path() + "' is " + describe(found.unit()) + ", the pipeline expects "
                    + (expected.isEmpty() ? "no unit" : expected));
        }
        return column(column);
    }

    private static String describe(String unit) {
        return unit.isEmpty() ? "without a unit" : "in " + unit;
    }

    /**
     * The values of a text ({@code String} signal) column.
     *
     * @param column an element path, with or without the {@code " [unit]"} suffix
     * @return a copy of the cells
     * @throws DatasetException if there is no such column or it is numeric
     */
    public String[] text(String column) throws DatasetException {
        int c = find(column);
        if (texts[c] == null) {
            throw new DatasetException(FILE, 0, "column '" + columns.get(c).path() + "' holds numbers, not text; use column(…)");
        }
        return texts[c].clone();
    }

    private int find(String column) throws DatasetException {
        Integer c = index.get(column);
        if (c == null) {
            throw new DatasetException(FILE, 0, "no column '" + column + "'; it has: "
                    + String.join(", ", columns.stream().map(Column::header).toList()));
        }
        return c;
    }

    /**
     * The ground-truth label of every row.
     *
     * @return a copy of the labels
     * @throws DatasetException if the dataset is not labelled (no {@code label} column)
     */
    public String[] labels() throws DatasetException {
        if (!labelled) {
            throw new DatasetException(FILE, 0, "has no label column: the dataset was recorded without ground truth");
        }
        return labels.clone();
    }

    /**
     * Whether the table has a {@code label} column.
     *
     * @return true for labelled datasets
     */
    public boolean labelled() {
        return labelled;
    }

    /**
     * The time of every row.
     *
     * @return a copy, in milliseconds since the epoch (UTC)
     */
    public long[] timesMillis() {
        return times.clone();
    }

    /**
     * The number of rows kept.
     *
     * @return the rows, after the missing-value policy left some out
     */
    public int rowCount() {
        return times.length;
    }

    /**
     * The number of rows the missing-value policy left out.
     *
     * @return 0 with {@link MissingValues#FAIL}
     */
    public int droppedRows() {
        return dropped;
    }
}
