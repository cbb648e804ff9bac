package io.fabrica.cli.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.fabrica.cli.CommandContext;
import io.fabrica.cli.FabricaCommand;
import io.fabrica.devices.api.DeviceException;
import io.fabrica.devices.api.DeviceSession;
import io.fabrica.devices.core.DeviceDrivers;
import io.fabrica.devices.core.Recorder;
import io.fabrica.devices.sim.generators.FaultEpisode;
import io.fabrica.devices.sim.generators.Scenario;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.plant.OpcUaNodeAddress;
import io.fabrica.model.resource.PlantFileException;
import io.fabrica.model.resource.PlantFiles;

/**
 * {@code fabrica record <plant-or-project> --from <endpoint> --duration <d> [--scenario <file>]
 * -o <dataset-dir> [--interval <ms>]}: records the plant's bound signals into a dataset folder.
 * With {@code --scenario} it plays the scenario's faults on a Fabrica simulator through its
 * {@code Simulation/InjectFault} and {@code ClearFault} methods, so the dataset is labelled with
 * known faults. Ctrl-C ends the recording cleanly: every file is complete.
 */
@Component(service = FabricaCommand.class)
public final class RecordCommand implements FabricaCommand {

    @Reference
    private DeviceDrivers drivers;

    @Override
    public String name() {
        return "record";
    }

    @Override
    public String summary() {
        return "Record a plant's bound signals (and simulator ground truth) into a dataset folder";
    }

    @Override
    public String synopsis() {
        return "<plant-or-project> --from <endpoint> --duration <d> [--scenario FILE] -o <dataset-dir> [--interval MS] [--timeout S] [--security Policy/Mode] [--user NAME] [--pki DIR] [--trust]";
    }

    @Override
    public int run(List<String> args, CommandContext context) throws Exception {
        Arguments arguments;
        Duration duration;
        Duration interval;
        try {
            arguments = new Arguments(args, DeviceCommands.with(Set.of("--from", "--duration", "--scenario", "-o", "--output", "--interval", "--timeout"), DeviceCommands.OPTIONS), DeviceCommands.with(Set.of(), DeviceCommands.FLAGS));
            if (arguments.positional().size() != 1 || arguments.option("--from") == null || arguments.option("--duration") == null
                    || arguments.output() == null) {
                throw new Arguments.UsageException("give a plant, --from <endpoint>, --duration <d> and -o <dataset-dir>");
            }
            duration = duration(arguments.option("--duration"));
            DeviceCommands.timeout(arguments); // a bad --timeout is a usage error before anything starts
            interval = Duration.ofMillis(Long.parseLong(arguments.option("--interval") != null ? arguments.option("--interval") : "100"));
        } catch (Arguments.UsageException e) {
            return Arguments.usage(context, name(), synopsis(), e.getMessage());
        } catch (NumberFormatException e) {
            return Arguments.usage(context, name(), synopsis(), "--interval takes milliseconds");
        }
        Enterprise plant;
        Scenario scenario = null;
        try {
            plant = PlantFiles.load(plantFile(Arguments.resolve(context, arguments.positional().get(0))));
            if (arguments.option("--scenario") != null) {
                scenario = Scenario.read(Arguments.resolve(context, arguments.option("--scenario")));
            }
        } catch (PlantFileException | IllegalArgumentException e) {
            context.err().println("fabrica record: " + e.getMessage());
            return CommandContext.FAILED;
        }
        Path dataset = Arguments.resolve(context, arguments.output());
        String endpoint = arguments.option("--from");
        try (DeviceSession session = DeviceCommands.open(drivers, arguments, endpoint)) {
            return record(session, plant, scenario, new Recorder.Options(dataset, duration, interval), context);
        } catch (Arguments.UsageException e) {
            return Arguments.usage(context, name(), synopsis(), e.getMessage());
        } catch (DeviceException e) {
            return DeviceCommands.failed(context, name(), e);
        }
    }

    private int record(DeviceSession session, Enterprise plant, Scenario scenario, Recorder.Options options, CommandContext context)
            throws DeviceException, InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.set(true);
            try {
                finished.await(15, TimeUnit.SECONDS); // let the recorder close its files before the JVM ends
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "fabrica-record-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        Thread player = scenario == null ? null : play(scenario, session, plant, stop, context);
        try {
            Recorder.Summary summary = Recorder.record(session, plant, options, p -> context.err().printf(
                    "recording %5.1f/%.0f s: %d rows, %d windows, %d images%n", p.elapsed().toMillis() / 1000.0,
                    p.total().toMillis() / 1000.0, p.rows(), p.windows(), p.images()), stop::get);
            context.out().printf("Recorded %s: %d rows, %d windows, %d images in %.1f s%s%s%n", options.datasetDir(), summary.rows(),
                    summary.windows(), summary.images(), summary.elapsed().toMillis() / 1000.0,
                    summary.labelled() ? ", labelled with the simulator's ground truth" : ", unlabelled",
                    summary.stoppedEarly() ? " (stopped early)" : "");
            return CommandContext.OK;
        } catch (IOException e) {
            context.err().println("fabrica record: " + e.getMessage());
            return CommandContext.FAILED;
        } finally {
            stop.set(true);
            if (player != null) {
                player.interrupt();
            }
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running and waits for the latch released above
            }
        }
    }

    /** Plays the scenario's events on the simulator at their times, on a thread of its own. */
    private static Thread play(Scenario scenario, DeviceSession session, Enterprise plant, AtomicBoolean stop, CommandContext context) {
        String ns = namespace(plant);
        OpcUaNodeAddress folder = node(ns, "Simulation");
        Thread player = new Thread(() -> {
            long start = System.nanoTime();
            for (FaultEpisode episode : scenario.episodes()) {
                long due = (long) (episode.startSeconds() * 1000) - (System.nanoTime() - start) / 1_000_000;
                try {
                    if (due > 0) {
                        Thread.sleep(due);
                    }
                    if (stop.get()) {
                        return;
                    }
                    boolean clear = episode.fault() == io.fabrica.devices.sim.generators.Fault.NONE;
                    session.call(folder, node(ns, clear ? "Simulation/ClearFault" : "Simulation/InjectFault"),
                            clear ? List.of() : List.of(episode.fault().label(), episode.rampSeconds())).get(10, TimeUnit.SECONDS);
                    context.err().printf("scenario %.0f s: %s%n", episode.startSeconds(), clear ? "clear" : episode.fault().label());
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    context.err().println("fabrica record: scenario event at " + episode.startSeconds() + " s failed: "
                            + DeviceException.of(e, "InjectFault").getMessage() + " (is " + session.endpoint() + " a Fabrica simulator?)");
                }
            }
        }, "fabrica-scenario");
        player.setDaemon(true);
        player.start();
        return player;
    }

    private static String namespace(Enterprise plant) {
        for (var it = plant.eAllContents(); it.hasNext();) {
            if (it.next() instanceof io.fabrica.model.plant.SignalBinding b && b.getAddress() instanceof OpcUaNodeAddress a) {
                return a.getNamespaceUri();
            }
        }
        return "urn:fabrica:sim";
    }

    private static OpcUaNodeAddress node(String ns, String id) {
        OpcUaNodeAddress address = io.fabrica.model.plant.PlantFactory.eINSTANCE.createOpcUaNodeAddress();
        address.setNamespaceUri(ns);
        address.setIdentifierType(io.fabrica.model.plant.NodeIdType.STRING);
        address.setIdentifier(id);
        return address;
    }

    /** Parses durations like {@code 90}, {@code 90s}, {@code 2m}, {@code 1h}, {@code 500ms}. */
    static Duration duration(String text) throws Arguments.UsageException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?").matcher(text.trim());
        if (!m.matches()) {
            throw new Arguments.UsageException("'" + text + "' is not a duration; write e.g. 90s, 2m or 1h");
        }
        double value = Double.parseDouble(m.group(1));
        double factor = switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> 0.001;
            case "m" -> 60;
            case "h" -> 3600;
            default -> 1;
        };
        return Duration.ofMillis((long) (value * factor * 1000));
    }

    static Path plantFile(Path target) throws PlantFileException {
        if (!Files.isDirectory(target)) {
            return target;
        }
        try (Stream<Path> files = Files.walk(target, 3)) {
            return files.filter(p -> p.toString().endsWith(".plant")).sorted().findFirst()
                    .orElseThrow(() -> new PlantFileException(target, 0, "no .plant file in this folder", null));
        } catch (IOException e) {
            throw new PlantFileException(target, 0, "cannot list the folder: " + e.getMessage(), e);
        }
    }
}
