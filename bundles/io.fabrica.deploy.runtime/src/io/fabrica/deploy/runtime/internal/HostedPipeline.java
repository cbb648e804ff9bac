package io.fabrica.deploy.runtime.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import java.util.function.Consumer;

import io.fabrica.deploy.runtime.ApprovalSettings;
import io.fabrica.devices.api.ConnectionSpec;
import io.fabrica.devices.api.DeviceSession;
import io.fabrica.devices.core.DeviceDrivers;
import io.fabrica.model.plant.DeviceConnection;
import io.fabrica.pipeline.Pipeline;
import io.fabrica.pipeline.SignalSource;
import io.fabrica.pipeline.api.Decision;
import io.fabrica.pipeline.api.DecisionListener;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.engine.CompileOptions;
import io.fabrica.pipeline.engine.CompiledPipeline;
import io.fabrica.pipeline.engine.LivePipeline;
import io.fabrica.pipeline.engine.PipelineEngine;
import io.fabrica.pipeline.engine.WriteSettings;
import io.fabrica.pipeline.resource.PipelineFiles;

/**
 * One deployed pipeline running: compiled with the same engine as the workbench and the CLI, connected
 * to the plant device its sources are bound to, fed live. Counts its decisions and keeps the last one
 * with its reasons for the runtime's variables.
 */
final class HostedPipeline implements AutoCloseable {

    private final CompiledPipeline graph;
    private final DeviceSession session;
    private final AtomicLong decisions = new AtomicLong();
    /** The last decision; described only when the runtime publishes it, not on the pipeline thread. */
    private final AtomicReference<Decision> lastDecision = new AtomicReference<>();
    private LivePipeline live;

    private HostedPipeline(CompiledPipeline graph, DeviceSession session) {
        this.graph = graph;
        this.session = session;
        graph.addListener(new DecisionListener() {
            @Override
            public void decided(Decision d) {
                decisions.incrementAndGet();
                lastDecision.set(d);
            }
        });
    }

    /**
     * Compiles and starts a pipeline.
     *
     * @param writes the runtime's rate limit and shadow mode for the pipeline's parameter writes
     * @param compiled called with the compiled graph before it runs (the approvals follow its write sinks);
     *        may refuse the start with an IllegalStateException
     * @throws Exception naming what failed: the pipeline file, the model, the device connection
     */
    static HostedPipeline start(Path pipelineFile, PipelineEngine engine, DeviceDrivers drivers, Path pki, ApprovalSettings writes,
            Consumer<CompiledPipeline> compiled) throws Exception {
        Pipeline pipeline = PipelineFiles.load(pipelineFile);
        DeviceConnection connection = pipeline.getStages().stream().filter(SignalSource.class::isInstance)
                .map(s -> ((SignalSource) s).getSignal()).filter(s -> s != null && s.getBinding() != null)
                .map(s -> s.getBinding().getConnection()).filter(c -> c != null).findFirst()
                .orElseThrow(() -> new PipelineException(pipelineFile + ": no source is bound to a device connection"));
        CompiledPipeline graph = engine.compile(pipeline, pipelineFile.getParent(),
                CompileOptions.full().withWrites(new WriteSettings(writes.minWriteInterval(), writes.shadow())));
        DeviceSession session = null;
        try {
            compiled.accept(graph);
            ConnectionSpec spec = ConnectionSpec.of(connection, pki);
            session = drivers.forEndpoint(spec.endpoint()).connect(spec).get(spec.timeout().toMillis(), TimeUnit.MILLISECONDS);
            HostedPipeline hosted = new HostedPipeline(graph, session);
            hosted.live = LivePipeline.start(graph, session, Duration.ofMillis(100), spec.timeout());
            return hosted;
        } catch (java.util.concurrent.ExecutionException e) {
            close(session, graph);
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (Exception | Error e) {
            close(session, graph);
            throw e;
        }
    }

    private static void close(DeviceSession session, CompiledPipeline graph) {
        if (session != null) {
            session.close();
        }
        graph.close();
    }

    long decisions() {
        return decisions.get();
    }

    String lastDecision() {
        Decision d = lastDecision.get();
        return d == null ? "" : d.describe();
    }

    /** @return decisions per latency bucket since the start (see {@link LivePipeline#decisionLatency()}) */
    long[] latencyHistogram() {
        return live == null ? new long[io.fabrica.pipeline.engine.LatencyHistogram.BUCKETS] : live.decisionLatency().snapshot();
    }

    /** @return the decided samples' wait for the pipeline thread, per latency bucket since the start */
    long[] queueWait() {
        return live == null ? new long[io.fabrica.pipeline.engine.LatencyHistogram.BUCKETS] : live.queueWait().snapshot();
    }

    /** @return the longest decision latency since the start, µs */
    double latencyMax() {
        return live == null ? Double.NaN : live.maxLatencyMicros();
    }

    /** @return samples dropped because the pipeline fell behind */
    long dropped() {
        return live == null ? 0 : live.dropped();
    }

    double[] latencyMicros() {
        return live == null ? new double[] {Double.NaN, Double.NaN} : live.latencyMicros();
    }

    /** @return the failure that stopped the pipeline thread, or {@code null} while it runs */
    String failure() {
        try {
            if (live != null) {
                live.check();
            }
            return null;
        } catch (Exception e) {
            return e.getMessage();
        }
    }

    @Override
    public void close() {
        if (live != null) {
            live.close();
        }
        session.close();
        graph.close();
    }
}
