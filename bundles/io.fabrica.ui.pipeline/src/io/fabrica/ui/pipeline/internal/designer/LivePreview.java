package io.fabrica.ui.pipeline.internal.designer;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.emf.ecore.util.EcoreUtil;

import io.fabrica.devices.api.ConnectionSpec;
import io.fabrica.devices.api.DeviceDriver;
import io.fabrica.devices.api.DeviceSession;
import io.fabrica.devices.core.DeviceDrivers;
import io.fabrica.devices.sim.SimulatedPlant;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.pipeline.ModelStage;
import io.fabrica.pipeline.Pipeline;
import io.fabrica.pipeline.Port;
import io.fabrica.pipeline.PortDirection;
import io.fabrica.pipeline.SignalSource;
import io.fabrica.pipeline.Stage;
import io.fabrica.pipeline.api.InferenceEngine;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.api.StageFactory;
import io.fabrica.pipeline.engine.CompileOptions;
import io.fabrica.pipeline.engine.CompiledPipeline;
import io.fabrica.pipeline.engine.LivePipeline;
import io.fabrica.pipeline.engine.PipelineEngine;
import io.fabrica.ui.Services;

/**
 * "Preview on simulator": runs a copy of the edited pipeline live on the in-process simulated plant
 * (started on a free loopback port from the plant the pipeline's sources read) and keeps the latest
 * value of every output port as short text. Model stages without a trained model file are left out
 * together with what depends on them, and the preview says so instead of failing. Starting runs in a
 * {@link Job} (progress, cancel); values are written by the pipeline thread into a concurrent map that
 * the canvas reads. {@link #stop} closes pipeline, session and simulator off the UI thread.
 *
 * <p>The copy is taken when the preview starts: edits made while it runs are not previewed until it is
 * started again.
 */
final class LivePreview {

    /** At most one label update per port per this many milliseconds (windows arrive at 10 Hz and more). */
    private static final long LABEL_INTERVAL_MS = 200;

    /** Where the preview gets its device driver and pipeline engine (OSGi services in the workbench). */
    interface Backends {
        /** @return the driver for an endpoint URL */
        DeviceDriver driverFor(String endpoint);

        /** @return an engine with the installed inference engines and vendor stage factories */
        PipelineEngine engine();

        /** The workbench's services: {@link DeviceDrivers}, every {@link InferenceEngine} and {@link StageFactory}. */
        Backends SERVICES = new Backends() {
            @Override
            public DeviceDriver driverFor(String endpoint) {
                return Services.get(DeviceDrivers.class).forEndpoint(endpoint);
            }

            @Override
            public PipelineEngine engine() {
                PipelineEngine engine = new PipelineEngine(Services.all(InferenceEngine.class));
                Services.all(StageFactory.class).forEach(engine::addStageFactory);
                return engine;
            }
        };
    }

    private final Map<String, String> values;
    private final Consumer<String> state;
    private final Backends backends;
    private final Map<String, Long> lastUpdate = new ConcurrentHashMap<>();
    private volatile boolean stopped;
    private volatile LivePipeline live;
    private volatile String note;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private Job job;

    /**
     * @param values where the latest value per output port id goes (cleared on stop)
     * @param state receives the preview's state line (any thread); {@code null} when it stopped
     */
    LivePreview(Map<String, String> values, Consumer<String> state, Backends backends) {
        this.values = values;
        this.state = state;
        this.backends = backends;
    }

    /**
     * Starts the preview in a background job.
     *
     * @param pipeline the edited pipeline (copied here, on the calling thread)
     * @param baseDirectory the pipeline file's folder (model files are relative to it)
     */
    void start(Pipeline pipeline, Path baseDirectory) {
        Pipeline copy = EcoreUtil.copy(pipeline);
        job = Job.create("Preview of " + pipeline.getName() + " on the simulator",
                (org.eclipse.core.runtime.jobs.IJobFunction) monitor -> run(copy, baseDirectory, monitor));
        job.setUser(false);
        job.schedule();
    }

    private IStatus run(Pipeline copy, Path baseDirectory, IProgressMonitor monitor) {
        monitor.beginTask("Preview on simulator", 4);
        try {
            Enterprise plant = plantOf(copy);
            if (plant == null) {
                state.accept("Preview needs a Signal source reading a signal of a plant model; none of the sources has one.");
                return Status.OK_STATUS;
            }
            monitor.subTask("Starting the simulated plant");
            SimulatedPlant sim = SimulatedPlant.start(plant, SimulatedPlant.Options.loopback(freePort()));
            keep(sim);
            monitor.worked(1);
            if (checkStopped(monitor)) {
                return Status.CANCEL_STATUS;
            }
            monitor.subTask("Connecting to " + sim.endpointUrl());
            DeviceSession session = backends.driverFor(sim.endpointUrl())
                    .connect(ConnectionSpec.anonymous(sim.endpointUrl())).get(20, TimeUnit.SECONDS);
            keep(session);
            monitor.worked(1);
            monitor.subTask("Compiling the pipeline");
            Set<Stage> untrained = untrainedModels(copy, baseDirectory);
            CompiledPipeline graph = backends.engine().compile(copy, baseDirectory,
                    untrained.isEmpty() ? CompileOptions.full() : CompileOptions.without(untrained));
            keep(graph);
            tapOutputs(copy, graph);
            monitor.worked(1);
            if (checkStopped(monitor)) {
                return Status.CANCEL_STATUS;
            }
            monitor.subTask("Subscribing to the signals");
            live = LivePipeline.start(graph, session, Duration.ofMillis(100), Duration.ofSeconds(20));
            keep(live);
            note = untrained.isEmpty() ? "" : " " + untrainedNote(untrained);
            state.accept("Preview running on " + sim.endpointUrl() + "." + note);
            monitor.done();
            if (stopped) {
                closeAll();
            }
            return Status.OK_STATUS;
        } catch (PipelineException e) {
            fail("Preview cannot run the pipeline: " + e.getMessage());
        } catch (java.util.concurrent.ExecutionException e) {
            fail("Preview cannot connect to the simulator: " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
        } catch (java.util.concurrent.TimeoutException e) {
            fail("Preview cannot connect to the simulator: no answer within 20 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("Preview was interrupted");
        } catch (Exception e) {
            fail("Preview failed: " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()));
        }
        return Status.OK_STATUS; // the reason is shown in the editor; an error dialog on top would say it twice
    }

    private boolean checkStopped(IProgressMonitor monitor) {
        if (monitor.isCanceled() || stopped) {
            closeAll();
            state.accept(null);
            return true;
        }
        return false;
    }

    private void fail(String message) {
        closeAll();
        if (!stopped) {
            state.accept(message);
        }
    }

    private synchronized void keep(AutoCloseable resource) {
        resources.add(0, resource); // closed in reverse order: pipeline, graph, session, simulator
    }

    /** The text for the status line of a running preview: samples so far, or the failure that stopped it. */
    String poll() {
        LivePipeline l = live;
        if (l == null || stopped) {
            return null;
        }
        if (!l.running()) {
            try {
                l.check();
                return "Preview stopped.";
            } catch (Exception e) {
                return "Preview stopped: " + e.getMessage();
            }
        }
        return "Preview running: " + l.pushed() + " samples" + (l.dropped() > 0 ? ", " + l.dropped() + " dropped" : "") + "." + note;
    }

    /** Stops the preview; closing runs in the background (a live pipeline may take up to 2 s to end). */
    void stop() {
        stopped = true;
        if (job != null) {
            job.cancel();
        }
        Thread closer = new Thread(this::closeAll, "fabrica-preview-stop");
        closer.setDaemon(true);
        closer.start();
        values.clear();
        state.accept(null);
    }

    private void closeAll() {
        List<AutoCloseable> toClose;
        synchronized (this) {
            toClose = new ArrayList<>(resources);
            resources.clear();
        }
        for (AutoCloseable c : toClose) {
            try {
                c.close();
            } catch (Exception e) {
                // already gone (simulator stopped, session dropped): nothing more to release
            }
        }
        live = null;
    }

    private void tapOutputs(Pipeline copy, CompiledPipeline graph) {
        for (Stage stage : copy.getStages()) {
            int index = 0;
            for (Port p : stage.getPorts()) {
                if (p.getDirection() != PortDirection.OUT) {
                    continue;
                }
                if (graph.output(stage, index) != null) {
                    String id = p.getId();
                    graph.tap(stage, index, frame -> label(id, frame));
                }
                index++;
            }
        }
    }

    private void label(String portId, io.fabrica.pipeline.api.Frame frame) {
        long now = System.currentTimeMillis();
        Long last = lastUpdate.get(portId);
        if (last == null || now - last >= LABEL_INTERVAL_MS) {
            lastUpdate.put(portId, now);
            values.put(portId, FrameText.of(frame));
        }
    }

    /** Model stages whose model file is missing: they cannot run until the pipeline is trained. */
    static Set<Stage> untrainedModels(Pipeline pipeline, Path baseDirectory) {
        Set<Stage> result = new HashSet<>();
        for (Stage s : pipeline.getStages()) {
            if (s instanceof ModelStage m && (m.getModelFile() == null || m.getModelFile().isBlank()
                    || baseDirectory != null && !Files.isRegularFile(baseDirectory.resolve(m.getModelFile())))) {
                result.add(s);
            }
        }
        return result;
    }

    static String untrainedNote(Set<Stage> untrained) {
        List<String> names = untrained.stream().map(Stage::getName).sorted().toList();
        return String.join(", ", names) + (names.size() == 1 ? " has" : " have")
                + " no trained model yet: the preview runs up to it (train the pipeline to preview decisions).";
    }

    private static Enterprise plantOf(Pipeline pipeline) {
        for (Stage s : pipeline.getStages()) {
            if (s instanceof SignalSource src && src.getSignal() != null && !src.getSignal().eIsProxy() && src.getSignal().eResource() != null
                    && !src.getSignal().eResource().getContents().isEmpty()
                    && src.getSignal().eResource().getContents().get(0) instanceof Enterprise e) {
                return e;
            }
        }
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
