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
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.eclipse.emf.common.util.TreeIterator;
import org.eclipse.emf.ecore.EObject;

import io.fabrica.devices.api.DeviceException;
import io.fabrica.devices.api.DeviceSession;
import io.fabrica.devices.api.SampledValue;
import io.fabrica.devices.api.SignalSubscription;
import io.fabrica.devices.api.SubscriptionSettings;
import io.fabrica.model.plant.Address;
import io.fabrica.model.plant.DataType;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.plant.NodeIdType;
import io.fabrica.model.plant.OpcUaNodeAddress;
import io.fabrica.model.plant.PlantFactory;
import io.fabrica.model.plant.Signal;
import io.fabrica.model.resource.ElementPaths;

/**
 * Records the bound signals of a plant model from a device session into a dataset folder:
 * <ul>
 * <li>{@code signals.csv}: one row per row interval with the latest value of every scalar signal
 * (header {@code time,elapsed_s,"<path> [<unit>]",...}) and, when the simulator provides ground
 * truth, a {@code label} column;</li>
 * <li>{@code windows/<signal>.csv}: one row per received window of an array signal
 * ({@code time,label,<name>[0],...});</li>
 * <li>{@code images/<signal>/NNNNNN.png} and {@code images/<signal>/index.csv}
 * ({@code time,file,label,defect});</li>
 * <li>{@code dataset.json}: what was recorded, written last: a folder without it is incomplete.</li>
 * </ul>
 * Files are written under {@code .partial} names and moved into place when the recording ends,
 * normally or by a stop request, so no final file is ever half-written. Ground truth is the
 * Fabrica simulator's {@code Simulation/Label} and {@code Simulation/PartDefect} variables, used
 * when the server has them; a part's defect label and mask carried inside its image win over the
 * variable, which arrives in its own notification and may already describe the next part.
 */
public final class Recorder {

    /**
     * What to record.
     *
     * @param datasetDir the folder to create (must not hold a dataset already)
     * @param duration how long to record
     * @param rowInterval time between rows of {@code signals.csv}
     */
    public record Options(Path datasetDir, Duration duration, Duration rowInterval) {
    }

    /**
     * Progress, reported about once a second.
     *
     * @param elapsed time recorded so far
     * @param total the planned duration
     * @param rows rows in {@code signals.csv}
     * @param windows array windows recorded
     * @param images images recorded
     */
    public record Progress(Duration elapsed, Duration total, long rows, long windows, long images) {
    }

    /**
     * The finished recording.
     *
     * @param datasetDir where it is
     * @param rows rows of {@code signals.csv}
     * @param windows array windows recorded
     * @param images images recorded
     * @param labelled whether ground-truth labels were recorded
     * @param elapsed how long it recorded
     * @param stoppedEarly whether a stop request or a lost connection ended it before the duration
     */
    public record Summary(Path datasetDir, long rows, long windows, long images, boolean labelled, Duration elapsed, boolean stoppedEarly) {
    }

    private static final long PROGRESS_EVERY_MS = 1000;
    /** How long to wait for every scalar's first value before the first row (a row of blanks helps nobody). */
    private static final long FIRST_VALUES_WAIT_MS = 5000;

    private Recorder() {
    }

    /**
     * Records until the duration has passed or {@code stop} answers true.
     *
     * @param session a connected session to the plant's devices
     * @param plant the plant model whose bound signals to record
     * @param options where and how long
     * @param progress receives progress about once a second (on the calling thread)
     * @param stop polled about every 100 ms; true ends the recording cleanly
     * @return what was recorded
     * @throws IOException if the folder already holds a dataset or a file cannot be written
     * @throws DeviceException if the signals cannot be subscribed (message names the node)
     */
    public static Summary record(DeviceSession session, Enterprise plant, Options options, Consumer<Progress> progress, BooleanSupplier stop)
            throws IOException, DeviceException {
        Path dir = options.datasetDir();
        if (Files.exists(dir.resolve("dataset.json"))) {
            throw new IOException(dir + " already holds a dataset; choose a new folder (recordings never overwrite)");
        }
        Files.createDirectories(dir);
        List<Signal> signals = boundSignals(plant);
        if (signals.isEmpty()) {
            throw new IOException("plant '" + plant.getName() + "' has no bound signals to record; bind them first (fabrica bind)");
        }
        Dataset dataset = new Dataset(dir, signals, groundTruth(session, signals));
        boolean early = false;
        List<SignalSubscription> subscriptions = new ArrayList<>();
        long start;
        try {
            subscriptions.addAll(dataset.subscribe(session));
            dataset.awaitFirstValues(FIRST_VALUES_WAIT_MS);
            start = System.nanoTime();
            long total = options.duration().toMillis();
            long nextRow = 0;
            long nextProgress = 0;
            long rowMs = Math.max(10, options.rowInterval().toMillis());
            while (true) {
                long elapsed = (System.nanoTime() - start) / 1_000_000;
                if (elapsed >= total) {
                    break;
                }
                if (stop.getAsBoolean() || session.state().status() == io.fabrica.devices.api.SessionState.Status.FAILED) {
                    early = true;
                    break;
                }
                if (dataset.failure != null) {
                    throw new IOException("recording to " + dir + " failed: " + dataset.failure.getMessage(), dataset.failure);
                }
                if (elapsed >= nextRow) {
                    dataset.writeRow(elapsed / 1000.0);
                    nextRow += rowMs;
                }
                if (elapsed >= nextProgress) {
                    progress.accept(dataset.progress(Duration.ofMillis(elapsed), options.duration()));
                    nextProgress += PROGRESS_EVERY_MS;
                }
                sleep(Math.max(1, Math.min(nextRow, nextProgress) - elapsed));
            }
        } finally {
            subscriptions.forEach(SignalSubscription::close);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        dataset.finish(plant, session.endpoint(), elapsed);
        progress.accept(dataset.progress(elapsed, options.duration()));
        return dataset.summary(elapsed, early);
    }

    private static void sleep(long ms) {
        try {
            TimeUnit.MILLISECONDS.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<Signal> boundSignals(Enterprise plant) {
        List<Signal> signals = new ArrayList<>();
        for (TreeIterator<EObject> it = plant.eAllContents(); it.hasNext();) {
            if (it.next() instanceof Signal s && s.getBinding() != null && s.getBinding().getAddress() != null) {
                signals.add(s);
            }
        }
        return signals;
    }

    /** The simulator's ground-truth variables in the namespace of the plant's bindings, if the server has them. */
    private static Map<String, Address> groundTruth(DeviceSession session, List<Signal> signals) {
        Map<String, Address> truth = new LinkedHashMap<>();
        String ns = signals.stream().map(s -> s.getBinding().getAddress()).filter(OpcUaNodeAddress.class::isInstance)
                .map(a -> ((OpcUaNodeAddress) a).getNamespaceUri()).findFirst().orElse(null);
        if (ns == null) {
            return truth;
        }
        for (String name : List.of("Label", "PartDefect")) {
            OpcUaNodeAddress address = PlantFactory.eINSTANCE.createOpcUaNodeAddress();
            address.setNamespaceUri(ns);
            address.setIdentifierType(NodeIdType.STRING);
            address.setIdentifier("Simulation/" + name);
            try {
                if (session.readSync(List.of(address), Duration.ofSeconds(5)).get(0).isGood()) {
                    truth.put(name, address);
                }
            } catch (DeviceException e) {
                // no ground truth on this server: the dataset is simply unlabelled
            }
        }
        return truth;
    }

    /** The open files of one recording and the latest values. */
    private static final class Dataset {
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
        private volatile IOException failure;
        private boolean finished;
        private volatile String label = "";
        private volatile String partDefect = "";
        private long windowCount;
        private long imageCount;

        Dataset(Path dir, List<Signal> signals, Map<String, Address> truth) throws IOException {
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
                sleep(10);
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
                    AtomicFiles.write(masks.resolve(file), mask);
                }
                AtomicFiles.write(folder.resolve(file), png);
                // the truth inside the image when it carries one: the PartDefect variable may already name the next part
                String defect = io.fabrica.devices.core.internal.GroundTruthMask.defectLabel(png);
                imageIndexes.get(s).row(List.of(time(v), file, label, defect != null ? defect : partDefect));
                imageCount++;
            } catch (IOException e) {
                failure = e;
            }
        }

        synchronized Progress progress(Duration elapsed, Duration total) {
            return new Progress(elapsed, total, rows.rows(), windowCount, imageCount);
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

        Summary summary(Duration elapsed, boolean early) {
            return new Summary(dir, rows.rows(), windowCount, imageCount, truth.containsKey("Label"), elapsed, early);
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
}
