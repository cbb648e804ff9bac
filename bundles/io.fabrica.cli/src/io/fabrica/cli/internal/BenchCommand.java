package io.fabrica.cli.internal;

import java.util.List;
import java.util.Set;

import org.osgi.service.component.annotations.Component;

import io.fabrica.cli.CommandContext;
import io.fabrica.cli.FabricaCommand;
import io.fabrica.model.edit.bench.PlantBenchmark;

/**
 * {@code fabrica bench plant [--signals N] [--runs R]}: runs a benchmark and prints its table.
 * Benchmarks measure; they never fail on a time (the table says whether a goal was met).
 */
@Component(service = FabricaCommand.class)
public final class BenchCommand implements FabricaCommand {

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "Run a benchmark and print its table (plant: load/validate/save a large plant model)";
    }

    @Override
    public String synopsis() {
        return "plant [--signals N] [--runs R]";
    }

    @Override
    public int run(List<String> args, CommandContext context) throws Exception {
        Arguments arguments;
        try {
            arguments = new Arguments(args, Set.of("--signals", "--runs"), Set.of());
        } catch (Arguments.UsageException e) {
            return usage(context, e.getMessage());
        }
        if (arguments.positional().size() != 1 || !arguments.positional().get(0).equals("plant")) {
            return usage(context, "name the benchmark: plant");
        }
        int signals;
        int runs;
        try {
            signals = Integer.parseInt(arguments.option("--signals") != null ? arguments.option("--signals") : "100000");
            runs = Integer.parseInt(arguments.option("--runs") != null ? arguments.option("--runs") : "5");
        } catch (NumberFormatException e) {
            return usage(context, "--signals and --runs take whole numbers");
        }
        if (signals < 1 || runs < 1) {
            return usage(context, "--signals and --runs must be at least 1");
        }
        PlantBenchmark.run(signals, runs, context.out());
        return CommandContext.OK;
    }

    private int usage(CommandContext context, String problem) {
        return Arguments.usage(context, name(), synopsis(), problem);
    }
}
