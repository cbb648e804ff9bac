package io.fabrica.pipeline.data;

import static io.fabrica.pipeline.data.DatasetImport.*;

import io.fabrica.core.files.AtomicFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * Writes one imported dataset: the windows file and signals.csv under {@code .partial} names, moved
 * into place with the manifest when the import finishes, or discarded when it fails.
 */
final class ImportWriter {
    private final Path dir;
    private final DatasetImport.Options options;
    private final boolean labelled;
    private final String windowsFile;
    private final Path windowsPartial;
    private final Path signalsPartial;
    private final BufferedWriter windows;
    private final BufferedWriter signals;
    private final double[] ring;
    private long rows;
    private boolean done;

    ImportWriter(Path dir, DatasetImport.Options options, boolean labelled) throws IOException {
        this.dir = dir;
        this.options = options;
        this.labelled = labelled;
        this.windowsFile = "windows/" + slug(options.signal()) + ".csv";
        this.windowsPartial = dir.resolve(windowsFile + ".partial");
        this.signalsPartial = dir.resolve(Dataset.SIGNALS + ".partial");
        this.ring = new double[options.window()];
        Files.createDirectories(windowsPartial.getParent());
        this.windows = Files.newBufferedWriter(windowsPartial, StandardCharsets.UTF_8);
        this.signals = Files.newBufferedWriter(signalsPartial, StandardCharsets.UTF_8);
        windows.write(windowsHeader());
        signals.write(labelled ? "time,elapsed_s,label\n" : "time,elapsed_s\n");
    }

    private String windowsHeader() {
        StringBuilder h = new StringBuilder("time,label");
        String unit = options.unit().isEmpty() ? "" : " [" + options.unit() + "]";
        for (int i = 0; i < options.window(); i++) {
            h.append(',').append(options.signal()).append('[').append(i).append(']').append(unit);
        }
        return h.append('\n').toString();
    }

    /** Writes the windows of one block starting {@code offset} ms after {@link #START}; returns the end time. */
    long write(DatasetImport.Taken t, long offset) throws IOException {
        long sample = 0;
        long next = t.firstSample() + options.window() - 1;
        try (CsvReader csv = reader(t.source())) {
            int column = columnIndex(csv, options.column());
            while (sample < t.endSample() && csv.next()) {
                if (blank(csv)) {
                    continue;
                }
                ring[(int) (sample % ring.length)] = value(csv, column, options.column());
                if (sample == next) {
                    window(offset + millis(sample - t.firstSample()), sample, t.source().label());
                    next += options.hop();
                }
                sample++;
            }
        }
        return offset + millis(t.endSample() - t.firstSample());
    }

    private long millis(long samples) {
        return Math.round(samples * 1000.0 / options.rate());
    }

    private void window(long offsetMillis, long last, String label) throws IOException {
        String time = START.plusMillis(offsetMillis).toString();
        windows.write(time);
        windows.write(',');
        windows.write(label);
        int n = ring.length;
        for (int i = 0; i < n; i++) {
            windows.write(',');
            windows.write(Double.toString(ring[(int) ((last + 1 + i) % n)]));
        }
        windows.write('\n');
        signals.write(time + "," + String.format(Locale.ROOT, "%.3f", offsetMillis / 1000.0) + (labelled ? "," + label : "") + "\n");
        rows++;
    }

    void finish(List<DatasetImport.Taken> taken) throws IOException {
        windows.close();
        signals.close();
        AtomicFiles.replace(windowsPartial, dir.resolve(windowsFile));
        AtomicFiles.replace(signalsPartial, dir.resolve(Dataset.SIGNALS));
        AtomicFiles.write(dir.resolve(Dataset.MANIFEST), new GsonBuilder().setPrettyPrinting().create().toJson(manifest(taken)) + "\n");
        done = true;
    }

    private JsonObject manifest(List<DatasetImport.Taken> taken) {
        JsonObject json = new JsonObject();
        json.addProperty("plant", PLANT);
        json.addProperty("endpoint", "");
        json.addProperty("recordedSeconds", taken.stream().mapToLong(t -> t.endSample() - t.firstSample()).sum() / options.rate());
        json.addProperty("labelled", labelled);
        json.addProperty("rows", rows);
        json.addProperty("windows", rows);
        json.addProperty("images", 0);
        JsonObject signal = new JsonObject();
        signal.addProperty("path", options.path());
        signal.addProperty("id", "");
        signal.addProperty("type", RecordedSignal.NUMBER_ARRAY);
        signal.addProperty("unit", options.unit());
        signal.addProperty("file", windowsFile);
        signal.addProperty("sampleRate", options.rate());
        signal.addProperty("hop", options.hop());
        JsonArray signals = new JsonArray();
        signals.add(signal);
        json.add("signals", signals);
        json.add("sources", sources(taken));
        return json;
    }

    private JsonArray sources(List<DatasetImport.Taken> taken) {
        JsonArray list = new JsonArray();
        for (DatasetImport.Taken t : taken) {
            JsonObject s = new JsonObject();
            s.addProperty("path", t.source().file().toAbsolutePath().normalize().toString());
            s.addProperty("sha256", t.sha256());
            s.addProperty("rows", t.rows());
            s.addProperty("column", options.column());
            s.addProperty("from", t.source().from());
            s.addProperty("to", t.source().to());
            s.addProperty("firstSample", t.firstSample());
            s.addProperty("endSample", t.endSample());
            s.addProperty("windows", t.windows());
            s.addProperty("label", t.source().label());
            list.add(s);
        }
        return list;
    }

    /** Closes and deletes the partial files unless the dataset was finished. */
    void discard() throws IOException {
        if (done) {
            return;
        }
        windows.close();
        signals.close();
        Files.deleteIfExists(windowsPartial);
        Files.deleteIfExists(signalsPartial);
    }
}
