package io.fabrica.ui.devices.internal.trend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.fabrica.pipeline.data.Dataset;
import io.fabrica.pipeline.data.LabelSet;
import io.fabrica.pipeline.data.MissingValues;
import io.fabrica.pipeline.data.RecordedSignal;
import io.fabrica.pipeline.data.ScalarTable;

/**
 * A recorded dataset (the recorder's folder format) turned into what the trend draws: one trace per
 * numeric scalar signal over the seconds since the recording began, and the fault episodes of a
 * labelled recording (runs of rows whose ground-truth label is not {@code normal}). Immutable;
 * {@link #read} blocks on file I/O, so call it from a job.
 *
 * @param name the dataset's folder name
 * @param traces the numeric signals
 * @param episodes the labelled fault episodes, empty for an unlabelled dataset
 * @param seconds the recording's length
 */
record RecordedTrend(String name, List<Trace> traces, List<Episode> episodes, double seconds) {

    /**
     * One signal of a dataset.
     *
     * @param path the signal's element path
     * @param name the short name for the legend
     * @param unit its unit, empty if none
     * @param x seconds since the start
     * @param y values
     */
    record Trace(String path, String name, String unit, double[] x, double[] y) {
        String legend() {
            return unit.isEmpty() ? name : name + " [" + unit + "]";
        }
    }

    /**
     * A stretch of time with a fault label.
     *
     * @param start seconds since the start
     * @param end seconds since the start
     * @param label the ground-truth label, e.g. {@code bearing-outer-race}
     */
    record Episode(double start, double end, String label) {
    }

    /**
     * @param location a dataset folder, its {@code dataset.json}, or its {@code signals.csv}
     * @return the plot
     * @throws IOException naming the file and the problem when it is no complete recording
     */
    static RecordedTrend read(Path location) throws IOException {
        if (!Files.exists(location)) {
            throw new IOException(location + " does not exist");
        }
        Path folder = Files.isDirectory(location) ? location : location.getParent();
        Dataset dataset = Dataset.open(folder);
        ScalarTable table = ScalarTable.read(dataset, MissingValues.FORWARD_FILL);
        long[] times = table.timesMillis();
        double[] x = new double[times.length];
        for (int i = 0; i < times.length; i++) {
            x[i] = (times[i] - times[0]) / 1000.0;
        }
        List<Trace> traces = new ArrayList<>();
        for (RecordedSignal s : dataset.scalarColumns()) {
            if (!RecordedSignal.STRING.equals(s.type()) && table.hasColumn(s.path())) {
                traces.add(new Trace(s.path(), shortName(s.path()), s.unit() == null ? "" : s.unit(), x, table.column(s.path())));
            }
        }
        List<Episode> episodes = table.labelled() ? episodes(x, table.labels()) : List.of();
        return new RecordedTrend(folder.getFileName().toString(), List.copyOf(traces), episodes, x.length == 0 ? 0 : x[x.length - 1]);
    }

    /** Runs of equal labels other than normal (or blank) become episodes. */
    static List<Episode> episodes(double[] x, String[] labels) {
        List<Episode> found = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= labels.length; i++) {
            boolean same = i < labels.length && start >= 0 && labels[i].equals(labels[start]);
            if (start >= 0 && !same) {
                found.add(new Episode(x[start], x[i - 1], labels[start]));
                start = -1;
            }
            if (i < labels.length && start < 0 && fault(labels[i])) {
                start = i;
            }
        }
        return List.copyOf(found);
    }

    private static boolean fault(String label) {
        return label != null && !label.isBlank() && !LabelSet.NORMAL.equals(label);
    }

    /** The equipment and signal name, e.g. {@code Spindle/Speed}: enough to tell signals apart in a legend. */
    private static String shortName(String path) {
        String[] parts = path.split("/");
        return parts.length >= 2 ? parts[parts.length - 2] + "/" + parts[parts.length - 1] : path;
    }
}
