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
 * {@code fabrica bench plant|items|reconnect|pipeline|runtime …}: runs a benchmark and prints its table;
 * {@code bench pipeline [--pipeline P] [--model M.onnx] [--input 1x3x224x224] [--frames N] [--threads N]}
 * runs pipelines and models through Fabrica against raw ONNX Runtime; {@code bench runtime [--duration 10m]
 * [--warmup 30s] [--dir D]} deploys the demo PdM pipeline to a local runtime and reports its decision latency
 * and GC pauses ({@link RuntimeBench}).
 * Benchmarks measure; they never fail on a time (the table says whether a goal was met).
 */
@Component(service = FabricaCommand.class)
public final class BenchCommand implements FabricaCommand {

    @Reference
    private DeviceDrivers drivers;

    @Reference
    private PipelineEngineHolder engine;

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "Run a benchmark and print its table (plant: large plant model; items / reconnect: OPC UA against the simulator;"
                + " pipeline: pipelines, a user's ONNX model and inspection at 1080p vs raw ONNX Runtime;"
                + " runtime: decision latency of the demo PdM pipeline deployed to a local runtime)";
    }

    @Override
    public String synopsis() {
        return "plant [--signals N] [--runs R] | items [--items N] [--seconds S] | reconnect [--restarts R]"
                + " | pipeline [--pipeline <p>] [--model <m.onnx>] [--input <shape, e.g. 1x3x224x224>] [--frames N] [--threads N]"
                + " | runtime [--duration <d, default 10m>] [--warmup <d, default 30s>] [--dir <demo folder, default ~/.fabrica/demo>]";
    }

    @Override
    public int run(List<String> args, CommandContext context) throws Exception {
        Arguments arguments;
        try {
            arguments = new Arguments(args, Set.of("--signals", "--runs", "--items", "--seconds", "--restarts", "--pipeline", "--model",
                    "--input", "--frames", "--threads", "--duration", "--warmup", "--dir"), Set.of());
        } catch (Arguments.UsageException e) {
            return usage(context, e.getMessage());
        }
        if (arguments.positional().size() != 1) {
            return usage(context, "name the benchmark: plant, items, reconnect, pipeline or runtime");
        }
        try {
            switch (arguments.positional().get(0)) {
                case "plant" -> PlantBenchmark.run(number(arguments, "--signals", 100_000), number(arguments, "--runs", 5), context.out());
                case "items" -> DeviceBenchmark.items(drivers.byId("opcua").orElseThrow(), number(arguments, "--items", 10_000),
                        number(arguments, "--seconds", 20), context.out());
                case "reconnect" -> DeviceBenchmark.reconnect(drivers.byId("opcua").orElseThrow(), number(arguments, "--restarts", 20),
                        context.out());
                case "pipeline" -> {
                    io.fabrica.pipeline.djl.bench.PipelineBenchmark.Options options;
                    try {
                        options = pipelineOptions(arguments, context.workingDirectory());
                    } catch (IllegalArgumentException e) {
                        return usage(context, e.getMessage());
                    }
                    pipelines(context, options);
                }
                case "runtime" -> {
                    RuntimeBench.Options options;
                    try {
                        options = runtimeOptions(arguments, context);
                    } catch (Arguments.UsageException e) {
                        return usage(context, e.getMessage());
                    }
                    new RuntimeBench(context, engine.engine(), drivers).run(options);
                }
                default -> {
                    return usage(context, "unknown benchmark '" + arguments.positional().get(0)
                            + "': plant, items, reconnect, pipeline or runtime");
                }
            }
        } catch (NumberFormatException e) {
            return usage(context, "--signals, --runs, --items, --seconds, --restarts and --frames take whole numbers of at least 1,"
                    + " --threads 0 (ONNX Runtime's default) or more");
        }
        return CommandContext.OK;
    }

    /** Checks the options before anything runs: a missing model is named before minutes of benchmarks. */
    private static io.fabrica.pipeline.djl.bench.PipelineBenchmark.Options pipelineOptions(Arguments arguments, java.nio.file.Path cwd) {
        java.nio.file.Path pipeline = path(arguments, "--pipeline", cwd);
        java.nio.file.Path model = path(arguments, "--model", cwd);
        if (pipeline != null && model != null) {
            throw new IllegalArgumentException("give --pipeline or --model, not both");
        }
        if (model != null && !java.nio.file.Files.isRegularFile(model)) {
            throw new IllegalArgumentException("--model " + model + ": no such file");
        }
        if (pipeline != null && !java.nio.file.Files.isRegularFile(pipeline)) {
            throw new IllegalArgumentException("--pipeline " + pipeline + ": no such file");
        }
        long[] input = arguments.option("--input") == null ? null
                : io.fabrica.pipeline.djl.bench.PipelineBenchmark.Options.shape(arguments.option("--input"));
        int frames = arguments.option("--frames") == null ? 0 : number(arguments, "--frames", 1);
        int threads = arguments.option("--threads") == null ? 0 : Integer.parseInt(arguments.option("--threads"));
        if (threads < 0) {
            throw new NumberFormatException("--threads");
        }
        return new io.fabrica.pipeline.djl.bench.PipelineBenchmark.Options(pipeline, model, input, frames, threads);
    }

    private static RuntimeBench.Options runtimeOptions(Arguments arguments, CommandContext context) throws Arguments.UsageException {
        java.time.Duration duration = RecordCommand.duration(arguments.option("--duration") == null ? "10m" : arguments.option("--duration"));
        java.time.Duration warmUp = RecordCommand.duration(arguments.option("--warmup") == null ? "30s" : arguments.option("--warmup"));
        if (duration.isZero()) {
            throw new Arguments.UsageException("--duration must be longer than 0");
        }
        java.nio.file.Path dir = arguments.option("--dir") == null ? java.nio.file.Path.of(System.getProperty("user.home"), ".fabrica", "demo")
                : Arguments.resolve(context, arguments.option("--dir"));
        return new RuntimeBench.Options(dir, duration, warmUp);
    }

    private static java.nio.file.Path path(Arguments arguments, String option, java.nio.file.Path cwd) {
        String value = arguments.option(option);
        return value == null ? null : cwd.resolve(value).toAbsolutePath().normalize();
    }

    private static void pipelines(CommandContext context, io.fabrica.pipeline.djl.bench.PipelineBenchmark.Options options) throws Exception {
        java.nio.file.Path work = java.nio.file.Files.createTempDirectory("fabrica-bench");
        try {
            io.fabrica.model.plant.Enterprise plant = io.fabrica.model.resource.PlantFiles.load(
                    io.fabrica.examples.Examples.copyDemoProject(work.resolve("demo")));
            io.fabrica.pipeline.djl.bench.PipelineBenchmark.run(plant, work, options, context.out());
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
