package io.fabrica.cli.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.fabrica.cli.CommandContext;
import io.fabrica.cli.FabricaCommand;
import io.fabrica.deploy.api.DeploymentStatus;
import io.fabrica.deploy.opcua.internal.OpcUaDeploymentTarget;
import io.fabrica.deploy.runtime.RuntimeServer;
import io.fabrica.devices.api.ConnectionSpec;
import io.fabrica.devices.core.DeviceDrivers;
import io.fabrica.devices.sim.SimulatedPlant;
import io.fabrica.devices.sim.generators.Fault;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.plant.SecurityMode;
import io.fabrica.model.plant.SecurityPolicy;
import io.fabrica.model.resource.PlantFiles;

/**
 * {@code fabrica demo [--dir D] [--fault-after S] [--duration S]}: the whole product in one command:
 * starts the simulated demo plant and a local runtime, records healthy data and trains the predictive-
 * maintenance pipeline (or loads it from an earlier run), evaluates it, packages and signs it, deploys it
 * over an encrypted channel as an engineer, injects a bearing fault and prints the detections with their
 * reasons and latencies as they happen. With {@code --inspection}, the visual inspection instead
 * ({@link InspectionDemo}). Ctrl-C stops everything cleanly.
 */
@Component(service = FabricaCommand.class)
public final class DemoCommand implements FabricaCommand {

    private static final String ENGINEER = "demo-engineer";

    @Reference
    private PipelineEngineHolder engine;

    @Reference
    private DeviceDrivers drivers;

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String summary() {
        return "Run the end-to-end demo: simulated plant, training, signed deployment to a local runtime, fault detection";
    }

    @Override
    public String synopsis() {
        return "[--dir <folder> (default ~/.fabrica/demo)] [--fault-after <seconds, default 15>] [--duration <seconds, default 60>]"
                + " | --inspection [--dir <folder>] [--learn <seconds, default 60>] [--duration <seconds of parts to inspect, default 30>]"
                + " | --quality [--dir <folder>] [--parts <parts per closed-loop run, default 1000>] [--seed <n, default 1>]";
    }

    @Override
    public int run(List<String> args, CommandContext context) throws Exception {
        Arguments arguments;
        int faultAfter;
        int duration;
        int learn;
        try {
            arguments = new Arguments(args, Set.of("--dir", "--fault-after", "--duration", "--learn", "--parts", "--seed"),
                    Set.of("--inspection", "--quality"));
            faultAfter = Integer.parseInt(arguments.option("--fault-after") == null ? "15" : arguments.option("--fault-after"));
            duration = Integer.parseInt(arguments.option("--duration") == null ? (arguments.flag("--inspection") ? "30" : "60")
                    : arguments.option("--duration"));
            learn = Integer.parseInt(arguments.option("--learn") == null ? "60" : arguments.option("--learn"));
        } catch (Arguments.UsageException | NumberFormatException e) {
            return Arguments.usage(context, name(), synopsis(), e.getMessage());
        }
        Path dir = arguments.option("--dir") == null ? Path.of(System.getProperty("user.home"), ".fabrica", "demo")
                : Arguments.resolve(context, arguments.option("--dir"));
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(stop::countDown, "fabrica-demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            if (arguments.flag("--quality")) {
                int parts = Integer.parseInt(arguments.option("--parts") == null ? "1000" : arguments.option("--parts"));
                long seed = Long.parseLong(arguments.option("--seed") == null ? "1" : arguments.option("--seed"));
                return new QualityDemo(context, engine.engine(), dir.resolve("quality"), parts, seed).run();
            }
            return arguments.flag("--inspection") ? new InspectionDemo(context, engine.engine(), drivers, dir.resolve("inspection"), learn,
                    duration, stop).run() : new Demo(context, dir, faultAfter, duration, stop).run();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the JVM is stopping and the demo closed what it opened
            }
        }
    }

    /** One demo run. */
    private final class Demo {
        private final CommandContext context;
        private final Path dir;
        private final int faultAfter;
        private final int duration;
        private final CountDownLatch stop;

        Demo(CommandContext context, Path dir, int faultAfter, int duration, CountDownLatch stop) {
            this.context = context;
            this.dir = dir;
            this.faultAfter = faultAfter;
            this.duration = duration;
            this.stop = stop;
        }

        int run() throws Exception {
            DemoProject project = new DemoProject(context, dir, engine.engine(), drivers);
            Path plantFile = project.plant();
            Enterprise plant = PlantFiles.load(plantFile);
            step("Simulated plant");
            try (SimulatedPlant sim = SimulatedPlant.start(plant, SimulatedPlant.Options.loopback(DemoProject.freePort()))) {
                context.out().println("  " + sim.endpointUrl() + " (" + sim.signalNodes().size() + " signals)");
                DemoProject.pointConnectionsAt(plantFile, sim.endpointUrl());
                Path trained = project.trainOrLoad(plant, sim, stop);
                Path pkg = project.packageSigned(trained, dir.resolve("runtime"));
                char[] password = UUID.randomUUID().toString().toCharArray();
                step("Local runtime");
                try (RuntimeServer runtime = RuntimeServer.start(new RuntimeServer.Options("127.0.0.1", DemoProject.freePort(),
                        dir.resolve("runtime"), Map.of(ENGINEER, new String(password)), 0), engine.engine(), drivers)) {
                    context.out().println("  " + runtime.endpointUrl());
                    ConnectionSpec engineer = ConnectionSpec.anonymous(runtime.endpointUrl()).withSecurity(SecurityPolicy.BASIC256_SHA256,
                            SecurityMode.SIGN_AND_ENCRYPT).withCredentials(ENGINEER, password).withPki(dir.resolve("pki"))
                            .withTrustServer(true).withTimeout(Duration.ofSeconds(30));
                    OpcUaDeploymentTarget target = new OpcUaDeploymentTarget(drivers);
                    step("Deploy (Basic256Sha256/SignAndEncrypt, user " + ENGINEER + ")");
                    String id = target.deploy(engineer, Files.readAllBytes(pkg), false);
                    target.control(engineer, "Start", id);
                    context.out().println("  deployed and started " + id);
                    watch(sim, target, engineer, id);
                }
            }
            context.out().println("Demo stopped cleanly.");
            return CommandContext.OK;
        }

        private void watch(SimulatedPlant sim, OpcUaDeploymentTarget target, ConnectionSpec engineer, String id) throws Exception {
            step("Watching (bearing fault injected after " + faultAfter + " s; Ctrl-C stops)");
            long start = System.nanoTime();
            boolean injected = false;
            String last = "";
            Map<String, Long> seen = new HashMap<>();
            while (!stop.await(1, TimeUnit.SECONDS)) {
                long seconds = (System.nanoTime() - start) / 1_000_000_000L;
                if (!injected && seconds >= faultAfter) {
                    sim.injectFault(Fault.BEARING_OUTER_RACE, 5);
                    context.out().println(String.format(Locale.ROOT, "[%3d s] fault injected: bearing-outer-race (ramp 5 s)", seconds));
                    injected = true;
                }
                for (DeploymentStatus s : target.status(engineer)) {
                    String outcome = s.lastDecision().split(" ")[0];
                    if (s.id().equals(id) && !outcome.equals(last)) {
                        context.out().printf(Locale.ROOT, "[%3d s] %s: %s (%d decisions, latency p50 %.0f µs, p99 %.0f µs)%n", seconds,
                                s.name(), s.lastDecision(), s.decisionCount(), s.latencyP50Micros(), s.latencyP99Micros());
                        last = outcome;
                        seen.merge(outcome, 1L, Long::sum);
                    }
                }
                if (seconds >= duration) {
                    break;
                }
            }
        }

        private void step(String text) {
            context.out().println("== " + text);
        }
    }
}
