package io.fabrica.cli.internal;

import java.util.List;
import java.util.Set;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.fabrica.cli.CommandContext;
import io.fabrica.cli.FabricaCommand;
import io.fabrica.devices.core.DeviceDrivers;
import io.fabrica.model.edit.bench.PlantBenchmark;

/**
 * {@code fabrica bench plant [--signals N] [--runs R]}: runs a benchmark and prints its table.
 * Benchmarks measure; they never fail on a time (the table says whether a goal was met).
 */
@Component(service = FabricaCommand.class)
public final class BenchCommand implements FabricaCommand {

    @Reference
    private DeviceDrivers drivers;

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "Run a benchmark and print its table (plant: large plant model; items / reconnect: OPC UA against the simulator;"
                + " pipeline: vision and signal pipelines vs raw ONNX Runtime)";
    }

    @Override
    public String synopsis() {
        return "plant [--signals N] [--runs R] | items [--items N] [--seconds S] | reconnect [--restarts R] | pipeline";
    }

    @Override
    public int run(List<String> args, CommandContext context) throws Exception {
        Arguments arguments;
        try {
            arguments = new Arguments(args, Set.of("--signals", "--runs", "--items", "--seconds", "--restarts"), Set.of());
        } catch (Arguments.UsageException e) {
            return usage(context, e.getMessage());
        }
        if (arguments.positional().size() != 1) {
            return usage(context, "name the benchmark: plant, items, reconnect or pipeline");
        }
        try {
            switch (arguments.positional().get(0)) {
                case "plant" -> PlantBenchmark.run(number(arguments, "--signals", 100_000), number(arguments, "--runs", 5), context.out());
                case "items" -> DeviceBenchmark.items(drivers.byId("opcua").orElseThrow(), number(arguments, "--items", 10_000),
                        number(arguments, "--seconds", 20), context.out());
                case "reconnect" -> DeviceBenchmark.reconnect(drivers.byId("opcua").orElseThrow(), number(arguments, "--restarts", 20),
                        context.out());
                case "pipeline" -> pipelines(context);
                default -> {
                    return usage(context, "unknown benchmark '" + arguments.positional().get(0) + "': plant, items, reconnect or pipeline");
                }
            }
        } catch (NumberFormatException e) {
            return usage(context, "--signals, --runs, --items, --seconds and --restarts take whole numbers of at least 1");
        }
        return CommandContext.OK;
    }

    private static void pipelines(CommandContext context) throws Exception {
        java.nio.file.Path work = java.nio.file.Files.createTempDirectory("fabrica-bench");
        try {
            io.fabrica.model.plant.Enterprise plant = io.fabrica.model.resource.PlantFiles.load(
                    io.fabrica.examples.Examples.copyDemoProject(work.resolve("demo")));
            io.fabrica.pipeline.djl.bench.PipelineBenchmark.run(plant, work, context.out());
        } finally {
            try (java.util.stream.Stream<java.nio.file.Path> all = java.nio.file.Files.walk(work)) {
                for (java.nio.file.Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    java.nio.file.Files.deleteIfExists(p);
                }
            }
        }
    }

    private static int number(Arguments arguments, String option, int fallback) {
        int value = arguments.option(option) == null ? fallback : Integer.parseInt(arguments.option(option));
        if (value < 1) {
            throw new NumberFormatException(option);
        }
        return value;
    }

    private int usage(CommandContext context, String problem) {
        return Arguments.usage(context, name(), synopsis(), problem);
    }
}
