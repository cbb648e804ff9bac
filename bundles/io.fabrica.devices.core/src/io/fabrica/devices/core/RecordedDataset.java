package io.fabrica.devices.core;

import io.fabrica.core.files.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import io.fabrica.devices.api.DeviceException;
import io.fabrica.devices.api.DeviceSession;
import io.fabrica.devices.api.SampledValue;
import io.fabrica.devices.api.SignalSubscription;
import io.fabrica.devices.api.SubscriptionSettings;
import io.fabrica.model.plant.Address;
import io.fabrica.model.plant.DataType;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.plant.Signal;
import io.fabrica.model.resource.ElementPaths;

/**
 * The dataset folder of one recording: the open CSV files (signals, array windows, image indexes),
 * the images and their ground-truth masks, the latest value of every signal, and {@code dataset.json}
 * written last, when the recording ends.
 */
final class RecordedDataset {
    private final Path dir;
    private final List<Signal> scalars = new ArrayList<>();
    private final List<Signal> arrays = new ArrayList<>();
    private final List<Signal> images = new ArrayList<>();
    private final Map<String, Address> truth;
    private final Object[] latest;
    private final CsvWriter rows;
    private final Map<Signal, CsvWriter> windowFiles = new LinkedHashMap<>();
    private final Map<Signal, CsvWriter> imageIndexes = new LinkedHashMap<>();
    private final List<String> truthNames;
    volatile IOException failure;
    private boolean finished;
    private volatile String label = "";
    private volatile String partDefect = "";
    private long windowCount;
    private long imageCount;

    RecordedDataset(Path dir, List<Signal> signals, Map<String, Address> truth) throws IOException {
        this.dir = dir;
        this.truth = truth;
        this.truthNames = List.copyOf(truth.keySet());
        for (Signal s : signals) {
            (s.getDataType() == DataType.NUMBER_ARRAY ? arrays : s.getDataType() == DataType.IMAGE ? images : scalars).add(s);
        }
        latest = new Object[scalars.size()];
        List<String> header = new ArrayList<>(List.of("time", "elapsed_s"));
        scalars.forEach(s -> header.add(column(s)));
        if (truth.containsKey("Label")) {
            header.add("label");
        }
        rows = new CsvWriter(dir.resolve("signals.csv"), header);
        for (Signal s : arrays) {
            List<String> h = new ArrayList<>(List.of("time", "label"));
            for (int i = 0; i < s.getArrayLength(); i++) {
                h.add(s.getName() + "[" + i + "]" + (unit(s).isEmpty() ? "" : " [" + unit(s) + "]"));
            }
            windowFiles.put(s, new CsvWriter(dir.resolve("windows").resolve(slug(s) + ".csv"), h));
        }
        for (Signal s : images) {
            imageIndexes.put(s, new CsvWriter(dir.resolve("images").resolve(slug(s)).resolve("index.csv"),
                    List.of("time", "file", "label", "defect")));
        }
    }

    List<SignalSubscription> subscribe(DeviceSession session) throws DeviceException {
        List<SignalSubscription> subscriptions = new ArrayList<>();
        List<Address> scalarNodes = new ArrayList<>(scalars.stream().map(s -> s.getBinding().getAddress()).toList());
        scalarNodes.addAll(truth.values());
        int truthStart = scalars.size();
        subscriptions.add(await(session.subscribe(scalarNodes, SubscriptionSettings.every(Duration.ofMillis(interval(scalars))), (i, v) -> {
            if (i < truthStart) {
                latest[i] = v.isGood() ? v.value() : null;
            } else if (truthNames.get(i - truthStart).equals("Label")) {
                label = String.valueOf(v.value());
            } else {
                partDefect = String.valueOf(v.value());
            }
        })));
        for (Signal s : arrays) {
            subscriptions.add(await(session.subscribe(List.of(s.getBinding().getAddress()),
                    new SubscriptionSettings(Duration.ofMillis(interval(List.of(s))), Duration.ofMillis(interval(List.of(s))), 0, 20),
                    (i, v) -> window(s, v))));
        }
        for (Signal s : images) {
            subscriptions.add(await(session.subscribe(List.of(s.getBinding().getAddress()),
                    new SubscriptionSettings(Duration.ofMillis(interval(List.of(s))), Duration.ofMillis(interval(List.of(s))), 0, 4),
                    (i, v) -> image(s, v))));
        }
        return subscriptions;
    }

    private static long interval(List<Signal> signals) {
        return Math.max(10, (long) signals.stream().mapToDouble(Signal::getSamplingInterval).filter(d -> d > 0).min().orElse(100));
    }

    /** Waits until every scalar signal (and the label) has a value, at most {@code ms}. */
    void awaitFirstValues(long ms) {
        long deadline = System.currentTimeMillis() + ms;
        while (System.currentTimeMillis() < deadline && !allKnown()) {
            Recorder.sleep(10);
        }
    }

    private boolean allKnown() {
        for (Object v : latest) {
            if (v == null) {
                return false;
            }
        }
        return !truth.containsKey("Label") || !label.isEmpty();
    }

    synchronized void writeRow(double elapsedSeconds) throws IOException {
        List<Object> cells = new ArrayList<>(latest.length + 3);
        cells.add(Instant.now().toString());
        cells.add(String.format(java.util.Locale.ROOT, "%.3f", elapsedSeconds));
        for (Object v : latest) {
            cells.add(v);
        }
        if (truth.containsKey("Label")) {
            cells.add(label);
        }
        rows.row(cells);
    }

    private synchronized void window(Signal s, SampledValue v) {
        if (finished || !v.isGood() || !(v.value() instanceof double[] values)) {
            return;
        }
        try {
            windowFiles.get(s).row(List.of(time(v), label), values);
            windowCount++;
        } catch (IOException e) {
            failure = e; // the recording loop stops and reports it
        }
    }

    private synchronized void image(Signal s, SampledValue v) {
        if (finished || !v.isGood() || !(v.value() instanceof byte[] png) || png.length == 0) {
            return;
        }
        try {
            Path folder = dir.resolve("images").resolve(slug(s));
            String file = String.format("%06d.png", imageIndexes.get(s).rows() + 1);
            byte[] mask = io.fabrica.devices.core.internal.GroundTruthMask.maskPng(png);
            if (mask != null) {
                // the simulator's ground truth travels inside the image; written first, so an image never lacks its mask
                Path masks = Files.createDirectories(folder.resolve("masks"));
                writeImage(masks.resolve(file), mask);
            }
            writeImage(folder.resolve(file), png);
            // the truth inside the image when it carries one: the PartDefect variable may already name the next part
            String defect = io.fabrica.devices.core.internal.GroundTruthMask.defectLabel(png);
            imageIndexes.get(s).row(List.of(time(v), file, label, defect != null ? defect : partDefect));
            imageCount++;
        } catch (IOException e) {
            failure = e;
        }
    }

    /**
     * Under a {@code .partial} name first, then moved into place: a reader never sees half an image. Not
     * forced to disk one by one, so that recording keeps its pace; the recording as a whole counts only once
     * {@code dataset.json} is written (forced) at the end.
     */
    private static void writeImage(Path file, byte[] png) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.write(partial, png);
        AtomicFiles.replace(partial, file);
    }

    synchronized Recorder.Progress progress(Duration elapsed, Duration total) {
        return new Recorder.Progress(elapsed, total, rows.rows(), windowCount, imageCount);
    }

    synchronized void finish(Enterprise plant, String endpoint, Duration elapsed) throws IOException {
        finished = true; // a notification still in flight after the subscriptions closed is dropped, not half-written
        rows.finish();
        for (CsvWriter w : windowFiles.values()) {
            w.finish();
        }
        for (CsvWriter w : imageIndexes.values()) {
            w.finish();
        }
        writeManifest(plant, endpoint, elapsed);
    }

    private void writeManifest(Enterprise plant, String endpoint, Duration elapsed) throws IOException {
        StringBuilder json = new StringBuilder("{\n");
        json.append("  \"plant\": ").append(quote(plant.getName())).append(",\n");
        json.append("  \"endpoint\": ").append(quote(endpoint)).append(",\n");
        json.append("  \"recordedSeconds\": ").append(elapsed.toMillis() / 1000.0).append(",\n");
        json.append("  \"labelled\": ").append(truth.containsKey("Label")).append(",\n");
        json.append("  \"rows\": ").append(rows.rows()).append(",\n");
        json.append("  \"windows\": ").append(windowCount).append(",\n");
        json.append("  \"images\": ").append(imageCount).append(",\n");
        json.append("  \"signals\": [\n");
        List<Signal> all = new ArrayList<>(scalars);
        all.addAll(arrays);
        all.addAll(images);
        for (int i = 0; i < all.size(); i++) {
            Signal s = all.get(i);
            json.append("    {\"path\": ").append(quote(ElementPaths.pathOf(s))).append(", \"id\": ").append(quote(s.getId()))
                    .append(", \"type\": ").append(quote(s.getDataType().getLiteral())).append(", \"unit\": ").append(quote(unit(s)))
                    .append(", \"file\": ").append(quote(file(s))).append("}").append(i + 1 < all.size() ? ",\n" : "\n");
        }
        json.append("  ]\n}\n");
        AtomicFiles.write(dir.resolve("dataset.json"), json.toString());
    }

    private String file(Signal s) {
        return s.getDataType() == DataType.NUMBER_ARRAY ? "windows/" + slug(s) + ".csv"
                : s.getDataType() == DataType.IMAGE ? "images/" + slug(s) + "/index.csv" : "signals.csv";
    }

    Recorder.Summary summary(Duration elapsed, boolean early) {
        return new Recorder.Summary(dir, rows.rows(), windowCount, imageCount, truth.containsKey("Label"), elapsed, early);
    }

    private static String column(Signal s) {
        String path = ElementPaths.pathOf(s);
        return unit(s).isEmpty() ? path : path + " [" + unit(s) + "]";
    }

    private static String unit(Signal s) {
        return s.getUnit() == null ? "" : s.getUnit();
    }

    private static String slug(Signal s) {
        String path = ElementPaths.pathOf(s);
        int first = path.indexOf('/');
        return (first >= 0 ? path.substring(first + 1) : path).replaceAll("[^A-Za-z0-9]+", "-").replaceAll("(^-|-$)", "").toLowerCase();
    }

    private static String time(SampledValue v) {
        return (v.sourceTime() != null ? v.sourceTime() : Instant.now()).toString();
    }

    private static String quote(String text) {
        return text == null ? "null" : "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static SignalSubscription await(java.util.concurrent.CompletableFuture<SignalSubscription> future) throws DeviceException {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw DeviceException.of(e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e, "subscribe");
        }
    }
}
