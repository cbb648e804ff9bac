package io.fabrica.pipeline.engine;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import javax.imageio.ImageIO;

import io.fabrica.devices.api.DeviceException;
import io.fabrica.devices.api.DeviceSession;
import io.fabrica.devices.api.SampledValue;
import io.fabrica.devices.api.SignalSubscription;
import io.fabrica.devices.api.SubscriptionSettings;
import io.fabrica.model.plant.Address;
import io.fabrica.model.plant.ProcessParameter;
import io.fabrica.model.plant.Signal;
import io.fabrica.model.resource.ElementPaths;
import io.fabrica.pipeline.WriteSignalSink;
import io.fabrica.pipeline.api.PipelineException;

/**
 * Runs a compiled pipeline on live signals from a device session: one subscription to the addresses
 * the sources' signals are bound to. The driver's delivering thread pushes a sample into the graph itself
 * when the pipeline is idle (no hand-off to wait for); while it is busy, samples are queued and the
 * pipeline thread pushes them, in arrival order. One thread at a time runs the stages, so they stay
 * single-threaded. Pipelines that write to the device or read images always go through the pipeline
 * thread. When the pipeline falls behind, the oldest
 * samples are dropped and counted rather than letting memory grow. Approved parameter writes go to the
 * device through the parameters' bindings.
 */
public final class LivePipeline implements AutoCloseable {

    private static final int QUEUE = 4096;
    private static final long WORKER_STACK_BYTES = 64L << 20;

    /** A sample waiting for the pipeline thread, with the {@link System#nanoTime()} it reached the runtime. */
    private record Pending(int source, SampledValue value, long arrivalNanos) {
    }

    private final CompiledPipeline graph;
    private final List<SourceInput> inputs;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong pushed = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Thread worker;
    /** Held by whichever thread runs the pipeline: the delivering thread (see {@link #direct}) or the worker. */
    private final ReentrantLock turn = new ReentrantLock();
    /**
     * Whether the device session's delivering thread may run the pipeline itself when it is idle. Not for
     * pipelines that write to the device (a write waits for the device's answer, which must not hold up the
     * session's delivery) nor for image sources (decoding and inference take milliseconds to seconds).
     */
    private final boolean direct;
    /** The last decision latencies (nanoseconds), a ring: the runtime publishes their p50 and p99. */
    private final long[] pushNanos = new long[1024];
    private long pushIndex;
    /** Every decision latency since the start. */
    private final LatencyHistogram decisionLatency = new LatencyHistogram();
    /** The part of it a sample waited in the queue before the pipeline thread took it. */
    private final LatencyHistogram queueWait = new LatencyHistogram();
    /** Set by the graph's listener on the pipeline thread when the current push made a decision. */
    private boolean decided;
    private volatile long maxNanos;
    private final io.fabrica.pipeline.api.DecisionListener decisions = d -> decided = true;
    private SignalSubscription subscription;
    private volatile boolean running = true;

    private LivePipeline(CompiledPipeline graph, List<SourceInput> inputs) {
        this.graph = graph;
        this.inputs = inputs;
        this.direct = graph.pipeline().getStages().stream().noneMatch(WriteSignalSink.class::isInstance)
                && inputs.stream().noneMatch(in -> in.signal().getDataType() == io.fabrica.model.plant.DataType.IMAGE);
        // a large stack: inference engines (ONNX Runtime) recurse natively deeper than the default 1 MB allows
        this.worker = new Thread(null, this::work, "fabrica-pipeline-" + graph.pipeline().getName(), WORKER_STACK_BYTES);
        this.worker.setDaemon(true);
        graph.addListener(decisions);
    }

    /**
     * Subscribes to the pipeline's signals and starts pushing their samples through it.
     *
     * @param graph the compiled pipeline (the caller keeps ownership and closes it after this)
     * @param session a connected device session
     * @param interval the sampling interval to ask the device for
     * @param timeout how long to wait for the subscription
     * @return the running pipeline; close it to stop
     * @throws PipelineException if a source's signal is not bound to a device address
     * @throws DeviceException if the subscription fails (names the endpoint and node)
     */
    public static LivePipeline start(CompiledPipeline graph, DeviceSession session, Duration interval, Duration timeout)
            throws PipelineException, DeviceException {
        List<SourceInput> inputs = new ArrayList<>();
        List<Address> addresses = new ArrayList<>();
        for (SourceInput in : graph.sources()) {
            Signal signal = in.signal();
            if (signal == null || signal.getBinding() == null || signal.getBinding().getAddress() == null) {
                throw new PipelineException("source '" + in.stage().getName() + "' reads a signal without a device binding; bind it (fabrica bind)");
            }
            inputs.add(in);
            addresses.add(signal.getBinding().getAddress());
        }
        LivePipeline live = new LivePipeline(graph, inputs);
        graph.setParameterWriter(writer(graph, session, timeout));
        live.worker.start();
        try {
            live.subscription = subscribe(session, addresses, interval, timeout, live);
        } catch (DeviceException | RuntimeException e) {
            live.close();
            throw e;
        }
        return live;
    }

    private static SignalSubscription subscribe(DeviceSession session, List<Address> addresses, Duration interval, Duration timeout,
            LivePipeline live) throws DeviceException {
        java.util.concurrent.CompletableFuture<SignalSubscription> future = session.subscribe(addresses, SubscriptionSettings.every(interval),
                live::enqueue);
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeviceException(DeviceException.Reason.TIMEOUT, "subscribing on " + session.endpoint() + " was interrupted", e);
        } catch (java.util.concurrent.TimeoutException e) {
            future.cancel(true);
            throw new DeviceException(DeviceException.Reason.TIMEOUT, "subscribing on " + session.endpoint() + " got no answer within "
                    + timeout.toMillis() + " ms", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw DeviceException.of(e.getCause(), "subscribing on " + session.endpoint());
        }
    }

    private static io.fabrica.pipeline.api.ParameterWriter writer(CompiledPipeline graph, DeviceSession session, Duration timeout) {
        Map<String, Address> targets = new HashMap<>();
        graph.pipeline().getStages().stream().filter(WriteSignalSink.class::isInstance).map(s -> ((WriteSignalSink) s).getTarget())
                .filter(p -> p != null && p.getBinding() != null).forEach((ProcessParameter p) -> targets.put(ElementPaths.pathOf(p),
                        p.getBinding().getAddress()));
        return (path, value) -> {
            Address address = targets.get(path);
            if (address == null) {
                throw new PipelineException(path + " has no device binding; it cannot be written");
            }
            try {
                session.writeSync(address, value, timeout);
            } catch (DeviceException e) {
                throw new PipelineException("writing " + path + " failed: " + e.getMessage(), e);
            }
        };
    }

    private void enqueue(int source, SampledValue value) {
        Pending p = new Pending(source, value, System.nanoTime());
        if (direct && running && turn.tryLock()) {
            // the delivering thread runs the pipeline itself: no hand-off, so no wake-up of the pipeline thread,
            // which is what a busy machine delays by milliseconds (measured: fabrica bench runtime)
            try {
                drain();
                process(p);
                drain();
            } finally {
                turn.unlock();
            }
            return;
        }
        while (!queue.offer(p)) {
            if (queue.poll() != null) {
                dropped.incrementAndGet();
            }
        }
        LockSupport.unpark(worker);
    }

    private void work() {
        while (running) {
            if (queue.isEmpty()) {
                LockSupport.parkNanos(this, 100_000_000L);
                if (Thread.interrupted()) {
                    return;
                }
            }
            turn.lock();
            try {
                drain();
            } finally {
                turn.unlock();
            }
        }
    }

    /** Runs the queued samples in order; the caller holds {@link #turn}. */
    private void drain() {
        for (Pending p = queue.poll(); p != null && running; p = queue.poll()) {
            process(p);
        }
    }

    /** Pushes one sample and records its decision latency; a failure stops the pipeline. The caller holds {@link #turn}. */
    private void process(Pending p) {
        if (!running || !p.value().isGood()) {
            return;
        }
        try {
            decided = false;
            long taken = System.nanoTime();
            push(inputs.get(p.source()), p.value());
            if (decided) {
                queueWait.record(taken - p.arrivalNanos());
                record(System.nanoTime() - p.arrivalNanos());
            }
        } catch (PipelineException | IOException | RuntimeException e) {
            failure.set(e);
            running = false;
        }
    }

    private void push(SourceInput in, SampledValue sample) throws PipelineException, IOException {
        long time = sample.sourceTime() != null ? sample.sourceTime().toEpochMilli() : System.currentTimeMillis();
        Object v = sample.value();
        if (v instanceof Number n) {
            in.pushScalar(n.doubleValue(), time, "");
        } else if (v instanceof Boolean b) {
            in.pushScalar(b ? 1 : 0, time, "");
        } else if (v instanceof double[] samples) {
            in.pushSamples(samples, samples.length, time, "");
        } else if (v instanceof byte[] png && png.length > 0) {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            if (image == null) {
                throw new PipelineException("source '" + in.stage().getName() + "' received " + png.length + " bytes that are not an image");
            }
            in.pushImage(image, time, "");
        } else {
            return;
        }
        pushed.incrementAndGet();
    }

    private void record(long nanos) {
        decisionLatency.record(nanos);
        if (nanos > maxNanos) {
            maxNanos = nanos;
        }
        synchronized (this) {
            pushNanos[(int) (pushIndex++ % pushNanos.length)] = nanos;
        }
    }

    /**
     * The decision latency: from the sample's arrival in this process (the device session's callback,
     * i.e. after the OPC UA client received and decoded it) to the end of the push that made the
     * decision (every stage it triggered, the decision's sinks included). It includes the wait in the
     * queue for the pipeline thread, but not the device's sampling and publishing interval, which decide
     * when a sample arrives at all.
     *
     * @return every decision latency since the start (counts only grow)
     */
    public LatencyHistogram decisionLatency() {
        return decisionLatency;
    }

    /** @return how long the decided samples waited for the pipeline thread (part of the {@linkplain #decisionLatency() decision latency}) */
    public LatencyHistogram queueWait() {
        return queueWait;
    }

    /** @return the longest {@linkplain #decisionLatency() decision latency} since the start, in microseconds (0 before the first) */
    public double maxLatencyMicros() {
        return maxNanos / 1000.0;
    }

    /**
     * The {@linkplain #decisionLatency() decision latency} over the last 1024 decisions.
     *
     * @return {p50, p99} in microseconds, {@code NaN} before the first sample
     */
    public synchronized double[] latencyMicros() {
        int n = (int) Math.min(pushIndex, pushNanos.length);
        if (n == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        long[] sorted = java.util.Arrays.copyOf(pushNanos, n);
        java.util.Arrays.sort(sorted);
        return new double[] {sorted[(n - 1) / 2] / 1000.0, sorted[(int) Math.ceil(0.99 * n) - 1] / 1000.0};
    }

    /** @return samples pushed through the pipeline so far */
    public long pushed() {
        return pushed.get();
    }

    /** @return samples dropped because the pipeline fell behind */
    public long dropped() {
        return dropped.get();
    }

    /**
     * Reports a failure of the pipeline thread (a stage error stops the run).
     *
     * @throws Exception the failure, if there was one
     */
    public void check() throws Exception {
        Exception e = failure.get();
        if (e != null) {
            throw e;
        }
    }

    /** @return whether the pipeline thread is still running */
    public boolean running() {
        return running;
    }

    /** Stops the subscription and the pipeline thread. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(worker);
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception e) {
                // the session may already be gone; nothing more to release
            }
        }
        try {
            worker.join(2000);
            // a push the delivering thread started before running turned false ends before the caller closes the graph
            if (turn.tryLock(2, TimeUnit.SECONDS)) {
                turn.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            graph.removeListener(decisions);
        }
    }
}
