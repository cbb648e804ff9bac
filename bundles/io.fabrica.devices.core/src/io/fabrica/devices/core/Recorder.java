package io.fabrica.devices.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import io.fabrica.devices.api.SignalSubscription;
import io.fabrica.model.plant.Address;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.plant.NodeIdType;
import io.fabrica.model.plant.OpcUaNodeAddress;
import io.fabrica.model.plant.PlantFactory;
import io.fabrica.model.plant.Signal;

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
        RecordedDataset dataset = new RecordedDataset(dir, signals, groundTruth(session, signals));
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

    static void sleep(long ms) {
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
}
