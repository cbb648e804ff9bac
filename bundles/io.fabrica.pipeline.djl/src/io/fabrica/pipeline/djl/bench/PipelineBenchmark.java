package io.fabrica.pipeline.djl.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

import org.eclipse.emf.ecore.EObject;

import ai.onnxruntime.OrtEnvironment;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.plant.Signal;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.djl.DjlEngines;
import io.fabrica.pipeline.djl.internal.OnnxRuntimeInferenceEngine;
import io.fabrica.pipeline.engine.PipelineEngine;

/**
 * Measures what running models inside Fabrica pipelines costs, against the same ONNX models run
 * with the raw ONNX Runtime Java API in the same JVM, and prints a JMH-like table:
 * <ul>
 * <li>Vision: a 1920x1080 BGR camera frame through source, image preprocessing (crop 960x960,
 * 96x96 gray), a small CNN and an argmax decision; milliseconds per frame. The baseline does the
 * same preprocessing in a plain loop on the frame's bytes, so the ratio is the framework's
 * overhead.</li>
 * <li>Signals: 1024-sample vibration windows at 10.24 kHz through source, 13 features, normalize,
 * an autoencoder and a threshold decision; samples per second, and the model stage's latency per
 * window against a raw ONNX Runtime run of the same model.</li>
 * </ul>
 * Models with random weights are written to the work directory. The benchmark never fails on a
 * missed goal: it prints which goals are met. It takes about 5 s on an idle 2-core machine.
 *
 * <p>Not thread-safe; nothing else should load the CPU while it runs.
 */
public final class PipelineBenchmark {

    private static final int WARM_UP = 200;
    private static final int VISION_FRAMES = 200;
    private static final int SIGNAL_WINDOWS = 2000;
    private static final int SIGNAL_ROUNDS = 5;

    static final double GOAL_FRAME_MS = 15;
    static final double GOAL_OVERHEAD = 1.10;
    static final double GOAL_SAMPLES_PER_SECOND = 200_000;
    static final double GOAL_MODEL_MICROS = 50;

    private PipelineBenchmark() {
    }

    /**
     * Runs both benchmarks and prints the table.
     *
     * @param demoPlant a plant with an image signal "Part Image" and a 1024-sample array signal
     *        "Vibration" (the demo plant)
     * @param workDir where the model files are written (created if missing)
     * @param out where the table goes
     * @throws IllegalArgumentException if the plant lacks one of the signals
     * @throws Exception if a model cannot be written, compiled or run
     */
    public static void run(Enterprise demoPlant, Path workDir, PrintStream out) throws Exception {
        Signal camera = signal(demoPlant, "Part Image");
        Signal vibration = signal(demoPlant, "Vibration");
        Files.createDirectories(workDir);
        DjlEngines.engine(DjlEngines.ONNX_RUNTIME); // DJL first: it must be initialized offline before ONNX Runtime is touched
        Path cnn = BenchModels.writeCnn(workDir.resolve("bench-cnn.onnx"));
        Path autoencoder = BenchModels.writeAutoencoder(workDir.resolve("bench-autoencoder.onnx"));
        PipelineEngine engine = new PipelineEngine(List.of(new OnnxRuntimeInferenceEngine()));
        VisionBench.Result vision = new VisionBench(camera, cnn).run(engine, workDir, WARM_UP, VISION_FRAMES);
        SignalBench.Result signals = new SignalBench(vibration, autoencoder).run(engine, workDir, WARM_UP, SIGNAL_WINDOWS,
                SIGNAL_ROUNDS);
        header(out);
        printVision(out, vision);
        printSignals(out, signals, vibration);
        printGoals(out, vision, signals);
    }

    /**
     * What to benchmark ({@code fabrica bench pipeline} options).
     *
     * @param pipeline a pipeline whose model and anomaly stages to run, or {@code null}
     * @param model an ONNX model to run through Fabrica and raw ONNX Runtime, or {@code null}
     * @param input its input shape with batch, or {@code null} for the model's own (or, for the
     *        demonstration model, the three sizes of the goal)
     * @param frames measured frames per case, 0 for each part's default
     * @param threads intra-op threads of both sides, 0 for ONNX Runtime's default
     */
    public record Options(Path pipeline, Path model, long[] input, int frames, int threads) {

        /** Everything with the defaults: the built-in pipelines, the demonstration model, inspection at 1080p. */
        public static Options defaults() {
            return new Options(null, null, null, 0, 0);
        }

        /**
         * Parses an input shape such as {@code 1x3x224x224}.
         *
         * @param text the shape
         * @return its dimensions
         * @throws IllegalArgumentException if it is not one; the message names it
         */
        public static long[] shape(String text) {
            return UserModelSection.parseShape(text);
        }
    }

    /**
     * Runs what the options ask for and prints the tables: with neither a pipeline nor a model, the
     * built-in vision and signal pipelines, the demonstration user model (PP-OCRv4's detector) at three
     * sizes and inspection at 1080p; with {@code model}, that model; with {@code pipeline}, its stages.
     *
     * @param demoPlant the demo plant (its camera and vibration signals feed the benchmark pipelines)
     * @param workDir where model files are written
     * @param options what to run
     * @param out where the tables go
     * @throws PipelineException if the model or pipeline cannot be loaded; the message names it
     * @throws Exception if a model fails
     */
    public static void run(Enterprise demoPlant, Path workDir, Options options, PrintStream out) throws Exception {
        Files.createDirectories(workDir);
        DjlEngines.engine(DjlEngines.ONNX_RUNTIME);
        // other processes on the machine inflate every time (both sides alike, so ratios suffer less): say how busy it was
        out.printf("System load average at start: %.1f on %d cores%n",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
        OnnxRuntimeInferenceEngine.onLargeStack(() -> {
            if (options.model() != null) {
                UserModelSection.runUserModel(options, workDir, out);
            } else if (options.pipeline() != null) {
                PipelineSection.run(demoPlant, options, workDir, out);
            } else {
                run(demoPlant, workDir, out);
                Path demo = UserModelSection.extractDemoModel(workDir);
                UserModelSection.run(demo, options.input() == null ? UserModelSection.DEMO_SHAPES : List.of(options.input()), options.frames(),
                        options.threads(), workDir, out);
                InspectionSection.run(signal(demoPlant, "Part Image"), options.frames(), options.threads(), workDir, out);
            }
            return null;
        });
        out.printf("%nSystem load average at the end: %.1f%n", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** The first signal of that name anywhere in the plant. */
    static Signal signal(Enterprise plant, String name) {
        for (Iterator<EObject> it = plant.eAllContents(); it.hasNext();) {
            if (it.next() instanceof Signal s && name.equals(s.getName())) {
                return s;
            }
        }
        throw new IllegalArgumentException("the plant has no signal named '" + name + "'");
    }

    private static void header(PrintStream out) {
        out.printf("Fabrica pipeline benchmark (Java %s, %d cores, ONNX Runtime %s; ours = pipeline on DJL, raw = ONNX Runtime Java API)%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), OrtEnvironment.getEnvironment().getVersion());
    }

    private static void printVision(PrintStream out, VisionBench.Result r) {
        out.printf("%nVision: %dx%d BGR frame -> crop %dx%d -> %dx%d gray -> CNN (2 conv, %d classes) -> argmax; %d frames after %d warm-up%n",
                SyntheticInputs.FRAME_WIDTH, SyntheticInputs.FRAME_HEIGHT, VisionBench.CROP, VisionBench.CROP, BenchModels.IMAGE_SIZE, BenchModels.IMAGE_SIZE, BenchModels.CLASSES,
                r.pipeline().count(), WARM_UP);
        out.printf("%-40s %9s %9s %9s  %s%n", "Benchmark", "p50", "p99", "mean", "Units");
        latencyRow(out, "vision.ours (push -> decision)", r.pipeline(), 1e6, "ms/frame");
        latencyRow(out, "  source + engine (frame -> floats)", r.sourceAndEngine(), 1e6, "ms/frame");
        latencyRow(out, "  stage Preprocess", r.preprocessStage(), 1e6, "ms/frame");
        latencyRow(out, "  stage CNN (model)", r.modelStage(), 1e6, "ms/frame");
        latencyRow(out, "vision.raw (own loop + ORT)", r.raw(), 1e6, "ms/frame");
        latencyRow(out, "  own preprocessing loop", r.rawPreprocess(), 1e6, "ms/frame");
        latencyRow(out, "  ORT session.run", r.rawModel(), 1e6, "ms/frame");
        ratioRow(out, "vision ratio ours/raw", r.pipeline(), r.raw());
        ratioRow(out, "  model stage / ORT session.run", r.modelStage(), r.rawModel());
        out.printf("same tensors: max |input diff| %.1e, max |probability diff| %.1e; decisions %d for %d frames pushed%n",
                r.inputDifference(), r.outputDifference(), r.decisions(), r.framesPushed());
    }

    private static void printSignals(PrintStream out, SignalBench.Result r, Signal vibration) {
        out.printf("%nSignals (PdM): %d-sample windows at %.2f kHz -> 13 features -> normalize -> autoencoder 13->13 -> threshold; %d x %d windows after %d warm-up%n",
                vibration.getArrayLength(), vibration.getArrayLength() / vibration.getSamplingInterval(), SIGNAL_ROUNDS,
                SIGNAL_WINDOWS, WARM_UP);
        out.printf("%-40s %9s %9s %9s  %s%n", "Benchmark", "median", "min", "max", "Units");
        rateRow(out, "signals.ours throughput", r.pipelineRates());
        rateRow(out, "signals.raw throughput", r.rawRates());
        out.printf("%-40s %9.2f %9s %9s  %s%n", "signals ratio ours/raw (time per sample)", median(r.rawRates()) / median(r.pipelineRates()),
                "", "", "x");
        out.printf("%-40s %9s %9s %9s  %s%n", "Benchmark", "p50", "p99", "mean", "Units");
        latencyRow(out, "signals.ours (push -> decision)", r.window(), 1e3, "us/window");
        latencyRow(out, "  stage Features", r.featureStage(), 1e3, "us/window");
        latencyRow(out, "  stage Autoencoder (model)", r.modelStage(), 1e3, "us/window");
        latencyRow(out, "signals.raw (extractor + loop + ORT)", r.rawWindow(), 1e3, "us/window");
        latencyRow(out, "  FeatureExtractor + normalize loop", r.rawFeatures(), 1e3, "us/window");
        latencyRow(out, "  ORT session.run", r.rawModel(), 1e3, "us/window");
        ratioRow(out, "signals ratio ours/raw per window", r.window(), r.rawWindow());
        ratioRow(out, "signals ratio model stage/raw", r.modelStage(), r.rawModel());
        out.printf("decisions %d for %d windows pushed%n", r.decisions(), r.windowsPushed());
    }

    private static void printGoals(PrintStream out, VisionBench.Result vision, SignalBench.Result signals) {
        double frameP99 = vision.pipeline().percentile(99) / 1e6;
        double overhead = vision.pipeline().percentile(50) / vision.raw().percentile(50);
        double rate = median(signals.pipelineRates());
        double modelP50 = signals.modelStage().percentile(50) / 1e3;
        double modelP99 = signals.modelStage().percentile(99) / 1e3;
        out.printf("%nGoals%n");
        goal(out, String.format("vision <= %.0f ms per frame (p99 %.2f ms)", GOAL_FRAME_MS, frameP99), frameP99 <= GOAL_FRAME_MS);
        goal(out, String.format("vision overhead <= %.2fx (p50 ratio %.2fx)", GOAL_OVERHEAD, overhead), overhead <= GOAL_OVERHEAD);
        goal(out, String.format("signals >= %,.0f samples/s (median %,.0f)", GOAL_SAMPLES_PER_SECOND, rate), rate >= GOAL_SAMPLES_PER_SECOND);
        goal(out, String.format("model stage <= %.0f us per window (p50 %.1f us)", GOAL_MODEL_MICROS, modelP50), modelP50 <= GOAL_MODEL_MICROS);
        goal(out, String.format("model stage <= %.0f us per window (p99 %.1f us)", GOAL_MODEL_MICROS, modelP99), modelP99 <= GOAL_MODEL_MICROS);
    }

    static void goal(PrintStream out, String text, boolean met) {
        out.printf("  %-58s %s%n", text, met ? "met" : "NOT met");
    }

    private static void latencyRow(PrintStream out, String name, Samples s, double unitNanos, String unit) {
        out.printf("%-40s %9.3f %9.3f %9.3f  %s%n", name, s.percentile(50) / unitNanos, s.percentile(99) / unitNanos,
                s.mean() / unitNanos, unit);
    }

    private static void ratioRow(PrintStream out, String name, Samples ours, Samples raw) {
        out.printf("%-40s %9.2f %9.2f %9.2f  x%n", name, ours.percentile(50) / raw.percentile(50),
                ours.percentile(99) / raw.percentile(99), ours.mean() / raw.mean());
    }

    private static void rateRow(PrintStream out, String name, double[] rates) {
        out.printf("%-40s %,9.0f %,9.0f %,9.0f  samples/s%n", name, median(rates), Arrays.stream(rates).min().orElse(0),
                Arrays.stream(rates).max().orElse(0));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
