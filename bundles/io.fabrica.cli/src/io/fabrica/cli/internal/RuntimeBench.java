package io.fabrica.cli.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.fabrica.cli.CommandContext;
import io.fabrica.deploy.opcua.RuntimeNodes;
import io.fabrica.deploy.opcua.internal.OpcUaDeploymentTarget;
import io.fabrica.deploy.runtime.RuntimeServer;
import io.fabrica.model.plant.Address;
import io.fabrica.devices.api.ConnectionSpec;
import io.fabrica.devices.api.DeviceSession;
import io.fabrica.devices.api.SampledValue;
import io.fabrica.devices.core.DeviceDrivers;
import io.fabrica.devices.sim.SimulatedPlant;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.plant.NodeIdType;
import io.fabrica.model.plant.OpcUaNodeAddress;
import io.fabrica.model.plant.PlantFactory;
import io.fabrica.model.plant.SecurityMode;
import io.fabrica.model.plant.SecurityPolicy;
import io.fabrica.model.resource.PlantFiles;
import io.fabrica.pipeline.engine.LatencyHistogram;
import io.fabrica.pipeline.engine.PipelineEngine;

/**
 * {@code fabrica bench runtime}: the demo plant's simulator and a local runtime in this process, the demo
 * PdM pipeline trained (or found trained), packaged, signed and deployed over SignAndEncrypt as in
 * {@code fabrica demo}; then it runs at the simulator's rate (one vibration window every 100 ms, temperature
 * and current every second) and the runtime's own figures are read over OPC UA: the decisions' latency
 * histogram and the GC pauses of the runtime process, once after the warm-up and once at the end, so that
 * the table shows the warm-up apart. Never fails on a missed goal: the table says met or NOT met.
 */
final class RuntimeBench {

    static final double GOAL_P99_MICROS = 1000;
    static final double GOAL_MAX_MICROS = 5000;
    private static final String ENGINEER = "bench-engineer";

    /** What to run. */
    record Options(Path dir, Duration duration, Duration warmUp) {
    }

    /** The runtime's counters at one moment. */
    record Snapshot(long decisions, long[] latency, long dropped, long[] queueWait, long gcPauses, long gcMillis, long[] gcHistogram) {
    }

    private final CommandContext context;
    private final PipelineEngine engine;
    private final DeviceDrivers drivers;

    RuntimeBench(CommandContext context, PipelineEngine engine, DeviceDrivers drivers) {
        this.context = context;
        this.engine = engine;
        this.drivers = drivers;
    }

    /** Sets everything up, runs, prints the table. */
    void run(Options options) throws Exception {
        DemoProject project = new DemoProject(context, options.dir(), engine, drivers);
        Path plantFile = project.plant();
        Path runtimeData = options.dir().resolve("bench-runtime");
        deleteTree(runtimeData); // a fresh runtime: nothing restored from an earlier run
        double loadAtStart = load();
        Path trained = trainedPipeline(project, plantFile, options.dir());
        // the simulator serves only what the pipeline reads: its camera's PNG encoding would otherwise load this
        // process (which hosts the runtime) with ten times the allocation and CPU of everything else
        Enterprise served = PlantFiles.load(plantFile);
        int left = servedSignals(served, trained);
        try (SimulatedPlant sim = SimulatedPlant.start(served, SimulatedPlant.Options.loopback(DemoProject.freePort()))) {
            project.step("Simulated plant " + sim.endpointUrl() + " serving the pipeline's " + left + " signals");
            DemoProject.pointConnectionsAt(plantFile, sim.endpointUrl());
            Path pkg = project.packageSigned(trained, runtimeData);
            deployAndMeasure(project, pkg, runtimeData, options, loadAtStart);
        }
    }

    /** The demo's trained PdM pipeline: found in the folder, or recorded from a full simulator and trained now. */
    private Path trainedPipeline(DemoProject project, Path plantFile, Path dir) throws Exception {
        Path trained = dir.resolve("models/pdm/pdm.pipeline");
        if (Files.exists(trained)) {
            project.step("Trained pipeline found: " + trained + " (delete the models folder to train again)");
            return trained;
        }
        Enterprise plant = PlantFiles.load(plantFile);
        try (SimulatedPlant sim = SimulatedPlant.start(plant, SimulatedPlant.Options.loopback(DemoProject.freePort()))) {
            DemoProject.pointConnectionsAt(plantFile, sim.endpointUrl());
            return project.trainOrLoad(plant, sim, new CountDownLatch(1));
        }
    }

    private void deployAndMeasure(DemoProject project, Path pkg, Path runtimeData, Options options, double loadAtStart) throws Exception {
        char[] password = UUID.randomUUID().toString().toCharArray();
        try (RuntimeServer runtime = RuntimeServer.start(new RuntimeServer.Options("127.0.0.1", DemoProject.freePort(), runtimeData,
                Map.of(ENGINEER, new String(password)), 0), engine, drivers)) {
            ConnectionSpec engineer = ConnectionSpec.anonymous(runtime.endpointUrl()).withSecurity(SecurityPolicy.BASIC256_SHA256,
                    SecurityMode.SIGN_AND_ENCRYPT).withCredentials(ENGINEER, password).withPki(options.dir().resolve("pki"))
                    .withTrustServer(true).withTimeout(Duration.ofSeconds(30));
            OpcUaDeploymentTarget target = new OpcUaDeploymentTarget(drivers);
            project.step("Deploy to a local runtime " + runtime.endpointUrl() + " and start");
            String id = target.deploy(engineer, Files.readAllBytes(pkg), false);
            target.control(engineer, "Start", id);
            measure(options, runtime.endpointUrl(), id, loadAtStart, context.out());
        }
    }

    /**
     * Removes from the plant the signals the trained pipeline does not read.
     *
     * @return how many signals are left
     */
    private static int servedSignals(Enterprise plant, Path pipelineFile) throws IOException {
        java.util.Set<String> read = new java.util.HashSet<>();
        for (io.fabrica.pipeline.Stage stage : io.fabrica.pipeline.resource.PipelineFiles.load(pipelineFile).getStages()) {
            if (stage instanceof io.fabrica.pipeline.SignalSource source && source.getSignal() != null) {
                read.add(source.getSignal().getName());
            }
        }
        List<io.fabrica.model.plant.Signal> unread = new ArrayList<>();
        int left = 0;
        for (java.util.Iterator<org.eclipse.emf.ecore.EObject> it = plant.eAllContents(); it.hasNext();) {
            if (it.next() instanceof io.fabrica.model.plant.Signal signal) {
                if (read.contains(signal.getName())) {
                    left++;
                } else {
                    unread.add(signal);
                }
            }
        }
        if (left > 0) {
            unread.forEach(org.eclipse.emf.ecore.util.EcoreUtil::remove);
        }
        return left > 0 ? left : unread.size();
    }

    private void measure(Options options, String endpoint, String id, double loadAtStart, PrintStream out) throws Exception {
        ConnectionSpec monitor = ConnectionSpec.anonymous(endpoint).withTimeout(Duration.ofSeconds(30));
        try (DeviceSession session = drivers.forEndpoint(endpoint).connect(monitor).get(30, TimeUnit.SECONDS)) {
            context.out().println("== Warm-up " + seconds(options.warmUp()) + ", then measuring " + seconds(options.duration()));
            Snapshot start = snapshot(session, id);
            sleep(options.warmUp().toMillis());
            Snapshot warm = snapshot(session, id);
            long end = System.nanoTime() + options.duration().toNanos();
            long every = Math.max(10_000, Math.min(60_000, options.duration().toMillis() / 10));
            while (System.nanoTime() < end) {
                sleep(Math.min(every, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                Snapshot now = snapshot(session, id);
                long[] sinceWarm = LatencyHistogram.difference(now.latency(), warm.latency());
                out.printf(Locale.ROOT, "  %,d decisions measured, p99 %.0f µs, max %.0f µs so far%n", LatencyHistogram.total(sinceWarm),
                        LatencyHistogram.quantileMicros(sinceWarm, 0.99), LatencyHistogram.quantileMicros(sinceWarm, 1));
                out.flush();
            }
            Snapshot last = snapshot(session, id);
            new RuntimeBenchTable(out).print(options, start, warm, last, loadAtStart, load());
        }
    }

    private static String seconds(Duration d) {
        return d.toSeconds() + " s";
    }

    private static Snapshot snapshot(DeviceSession session, String id) throws Exception {
        List<Address> addresses = new ArrayList<>();
        addresses.add(node(RuntimeNodes.variable(id, "DecisionCount")));
        for (String v : RuntimeNodes.LATENCY_VARIABLES) {
            addresses.add(node(RuntimeNodes.variable(id, v)));
        }
        for (String v : RuntimeNodes.GC_VARIABLES) {
            addresses.add(node(RuntimeNodes.RUNTIME + "/" + v));
        }
        List<SampledValue> v = session.readSync(addresses, Duration.ofSeconds(30));
        return new Snapshot(number(v.get(0)), counts(v.get(1)), number(v.get(3)), counts(v.get(4)), number(v.get(5)), number(v.get(6)),
                counts(v.get(7)));
    }

    private static long number(SampledValue v) {
        return v.value() instanceof Number n ? n.longValue() : 0;
    }

    private static long[] counts(SampledValue v) {
        long[] counts = new long[LatencyHistogram.BUCKETS];
        if (v.value() instanceof double[] values) {
            for (int i = 0; i < Math.min(values.length, counts.length); i++) {
                counts[i] = (long) values[i];
            }
        }
        return counts;
    }

    private static OpcUaNodeAddress node(String id) {
        OpcUaNodeAddress address = PlantFactory.eINSTANCE.createOpcUaNodeAddress();
        address.setNamespaceUri(RuntimeNodes.NAMESPACE);
        address.setIdentifierType(NodeIdType.STRING);
        address.setIdentifier(id);
        return address;
    }

    private static double load() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static void sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
