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
 * [--defect-rate R] [--duration SECONDS]}: serves a simulated plant generated from a plant model
 * over OPC UA, prints the endpoint, and runs until Ctrl-C (or for the given duration).
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
        return "<plant-or-project> [--port N] [--bind ADDR] [--scenario FILE] [--seed S] [--defect-rate R] [--duration SECONDS]";
    }

    @Override
    public int run(List<String> args, CommandContext context) throws Exception {
        Arguments arguments;
        SimulatedPlant.Options options;
        double duration;
        try {
            arguments = new Arguments(args, Set.of("--port", "--bind", "--scenario", "--seed", "--defect-rate", "--duration"), Set.of());
            if (arguments.positional().size() != 1) {
                throw new Arguments.UsageException("give one plant file or project folder");
            }
            options = new SimulatedPlant.Options(value(arguments, "--bind", "127.0.0.1"),
                    Integer.parseInt(value(arguments, "--port", "4840")), Long.parseLong(value(arguments, "--seed", "42")), null,
                    Double.parseDouble(value(arguments, "--defect-rate", "0.1")));
            duration = Double.parseDouble(value(arguments, "--duration", "0"));
        } catch (Arguments.UsageException e) {
            return Arguments.usage(context, name(), synopsis(), e.getMessage());
        } catch (NumberFormatException e) {
            return Arguments.usage(context, name(), synopsis(), "--port, --seed, --defect-rate and --duration take numbers");
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

    private static String value(Arguments arguments, String option, String fallback) {
        return arguments.option(option) != null ? arguments.option(option) : fallback;
    }
}
