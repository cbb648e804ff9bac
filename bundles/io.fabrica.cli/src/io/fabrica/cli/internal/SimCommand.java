package io.fabrica.cli.internal;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Component;

import io.fabrica.cli.CommandContext;
import io.fabrica.cli.FabricaCommand;
import io.fabrica.devices.sim.SimulatedPlant;
import io.fabrica.devices.sim.generators.Scenario;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.resource.PlantFileException;
import io.fabrica.model.resource.PlantFiles;
import io.fabrica.opcua.server.OpcUaServerException;

/**
 * {@code fabrica sim <plant-or-project> [--port N] [--bind ADDR] [--scenario FILE] [--seed S]
 * [--defect-rate R] [--duration SECONDS] [--part-period DURATION] [--vary-setpoints PARTS]}: serves a
 * simulated plant generated from a plant model over OPC UA, prints the endpoint, and runs until
 * Ctrl-C (or for the given duration). The machining cell makes a part every part period (default
 * 500 ms); with {@code --vary-setpoints N} the simulator sets new trial speed and feed every N parts.
 */
@Component(service = FabricaCommand.class)
public final class SimCommand implements FabricaCommand {

    @Override
    public String name() {
        return "sim";
    }

    @Override
    public String summary() {
        return "Serve a simulated plant generated from a plant model over OPC UA (Ctrl-C stops it)";
    }

    @Override
    public String synopsis() {
        return "<plant-or-project> [--port N] [--bind ADDR] [--scenario FILE] [--seed S] [--defect-rate R] [--duration SECONDS] [--part-period DURATION] [--vary-setpoints PARTS] [--pki DIR] [--user NAME] [--no-anonymous]";
    }

    @Override
    public int run(List<String> args, CommandContext context) throws Exception {
        Arguments arguments;
        SimulatedPlant.Options options;
        double duration;
        try {
            arguments = new Arguments(args, Set.of("--port", "--bind", "--scenario", "--seed", "--defect-rate", "--duration", "--pki", "--user",
                    "--part-period", "--vary-setpoints"),
                    Set.of("--no-anonymous"));
            if (arguments.positional().size() != 1) {
                throw new Arguments.UsageException("give one plant file or project folder");
            }
            options = options(arguments);
            duration = Double.parseDouble(value(arguments, "--duration", "0"));
        } catch (Arguments.UsageException e) {
            return Arguments.usage(context, name(), synopsis(), e.getMessage());
        } catch (NumberFormatException e) {
            return Arguments.usage(context, name(), synopsis(), "--port, --seed, --defect-rate, --duration and --vary-setpoints take numbers");
        }
        Enterprise plant;
        try {
            plant = PlantFiles.load(RecordCommand.plantFile(Arguments.resolve(context, arguments.positional().get(0))));
            if (arguments.option("--scenario") != null) {
                options = options.withScenario(Scenario.read(Arguments.resolve(context, arguments.option("--scenario"))));
            }
        } catch (PlantFileException | IllegalArgumentException e) {
            context.err().println("fabrica sim: " + e.getMessage());
            return CommandContext.FAILED;
        }
        return serve(plant, options, duration, context);
    }

    private int serve(Enterprise plant, SimulatedPlant.Options options, double duration, CommandContext context) throws InterruptedException {
        SimulatedPlant sim;
        try {
            sim = SimulatedPlant.start(plant, options);
        } catch (OpcUaServerException | IllegalArgumentException e) {
            context.err().println("fabrica sim: " + e.getMessage());
            return CommandContext.FAILED;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            sim.close();
            context.out().println("Simulated plant stopped");
            stopped.countDown();
        }, "fabrica-sim-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        context.out().println("Simulated plant ready on " + sim.endpointUrl() + " (" + sim.signalNodes().size() + " signals, namespace "
                + sim.namespaceUri() + ")");
        context.out().println("Faults: call Simulation/InjectFault(Fault, RampSeconds) or Simulation/ClearFault(); Ctrl-C stops");
        context.out().println("Parts: one every " + options.partPeriod().toMillis() + " ms" + (options.trialEvery() > 0
                ? ", new trial speed and feed every " + options.trialEvery() + " parts (they override writes)" : ""));
        context.out().flush();
        if (duration > 0) {
            if (!stopped.await((long) (duration * 1000), TimeUnit.MILLISECONDS)) {
                Runtime.getRuntime().removeShutdownHook(hook);
                sim.close();
                context.out().println("Simulated plant stopped");
            }
            return CommandContext.OK;
        }
        stopped.await();
        return CommandContext.OK;
    }

    /**
     * Options from the command line. {@code --pki DIR} adds the secured endpoints (certificate kept
     * in DIR, every client certificate trusted: this is a simulator); {@code --user NAME} accepts
     * that user with the password from {@value DeviceCommands#PASSWORD_VARIABLE};
     * {@code --no-anonymous} refuses anonymous sessions.
     */
    private static SimulatedPlant.Options options(Arguments arguments) throws Arguments.UsageException {
        java.nio.file.Path pki = arguments.option("--pki") == null ? null : java.nio.file.Path.of(arguments.option("--pki")).toAbsolutePath();
        java.util.Map<String, String> users = java.util.Map.of();
        if (arguments.option("--user") != null) {
            String password = System.getenv(DeviceCommands.PASSWORD_VARIABLE);
            if (password == null) {
                throw new Arguments.UsageException("--user needs the password in " + DeviceCommands.PASSWORD_VARIABLE);
            }
            users = java.util.Map.of(arguments.option("--user"), password);
        }
        if (pki == null && (!users.isEmpty() || arguments.flag("--no-anonymous"))) {
            throw new Arguments.UsageException("--user and --no-anonymous need --pki <dir> (secured endpoints)");
        }
        java.time.Duration partPeriod = arguments.option("--part-period") == null ? SimulatedPlant.Options.DEFAULT_PART_PERIOD
                : RecordCommand.duration(arguments.option("--part-period"));
        int trials = Integer.parseInt(value(arguments, "--vary-setpoints", "0"));
        if (partPeriod.toMillis() < 10 || trials < 0) {
            throw new Arguments.UsageException(trials < 0 ? "--vary-setpoints takes a number of parts (> 0)"
                    : "--part-period must be at least 10ms");
        }
        return new SimulatedPlant.Options(value(arguments, "--bind", "127.0.0.1"), Integer.parseInt(value(arguments, "--port", "4840")),
                Long.parseLong(value(arguments, "--seed", "42")), null, Double.parseDouble(value(arguments, "--defect-rate", "0.1")), pki,
                users, !arguments.flag("--no-anonymous"), true, partPeriod, trials);
    }

    private static String value(Arguments arguments, String option, String fallback) {
        return arguments.option(option) != null ? arguments.option(option) : fallback;
    }
}
