package io.fabrica.pipeline.djl.bench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import io.fabrica.model.plant.Signal;
import io.fabrica.pipeline.djl.anomaly.FeatureNetwork;
import io.fabrica.pipeline.djl.anomaly.SyntheticAnomalyModel;
import io.fabrica.pipeline.djl.internal.OnnxRuntimeInferenceEngine;

/**
 * The 1080p inspection part of {@code fabrica bench pipeline}: the anomaly pipeline on full 1920x1080
 * frames in several configurations (part region, resize, tile, feature layers), each against raw ONNX
 * Runtime on the same model and tiles, as a trade-off table with the goals per row. PNG decoding of
 * the frame is timed apart. Without a trained model the memory bank is random and of the coreset's
 * bound (4000 patches), which costs what the largest trained bank costs.
 */
final class InspectionSection {

    static final double GOAL_P50_MS = 15;
    static final double GOAL_P99_MS = 25;

    /** The coreset's bound: the largest memory bank training writes. */
    static final int BANK = 4000;

    private static final String BOTH = FeatureNetwork.DEFAULT;
    private static final String STRIDE8 = "PP-OCRv4-det:p2o.Add.71";

    /** The configurations of the trade-off, the demo pipeline's (native resolution, 256-px tiles) first. */
    static final List<InspectionBench.Setup> SETUPS = List.of(setup(960, 960, 256, BOTH, BANK), setup(960, 480, 256, BOTH, BANK),
            setup(960, 480, 480, BOTH, BANK), setup(960, 256, 256, BOTH, BANK), setup(960, 256, 256, BOTH, 1000),
            setup(960, 256, 256, STRIDE8, 1000), setup(960, 480, 480, STRIDE8, 1000));

    private static InspectionBench.Setup setup(int roi, int size, int tile, String extractor, int bank) {
        return new InspectionBench.Setup(roi, size, tile, extractor, bank);
    }

    private InspectionSection() {
    }

    /** Runs the default configurations with synthetic models of the bound's size. */
    static List<InspectionBench.Result> run(Signal camera, int frames, int threads, Path workDir, PrintStream out) throws Exception {
        List<InspectionBench.Result> results = new ArrayList<>();
        OnnxRuntimeInferenceEngine ort = new OnnxRuntimeInferenceEngine(threads);
        header(out, threads, "random memory banks of m patches (m" + BANK + " = the coreset's default bound, maxMemoryBank)");
        double decode = decodeMillis();
        for (InspectionBench.Setup setup : SETUPS) {
            Path model = workDir.resolve("anomaly-" + results.size() + ".onnx");
            SyntheticAnomalyModel.write(model, FeatureNetwork.parse(setup.extractor()), 1, setup.tile(), setup.bank(), 5);
            InspectionBench.Result r = new InspectionBench(camera, model, setup).run(ort, workDir, 3, framesFor(setup, frames));
            row(out, r);
            results.add(r);
        }
        footer(out, results, decode, "first row = native resolution with 256-px tiles, as the demo pipeline");
        return results;
    }

    /** Runs one configuration with a trained model (from {@code --pipeline}). */
    static InspectionBench.Result runTrained(Signal camera, Path model, InspectionBench.Setup setup,
            io.fabrica.pipeline.ImagePreprocessStage roi, io.fabrica.pipeline.AnomalyStage anomaly, int frames, int threads, Path workDir,
            PrintStream out) throws Exception {
        header(out, threads, "trained model " + model);
        double decode = decodeMillis();
        InspectionBench.Result r = new InspectionBench(camera, model, setup, roi, anomaly).run(new OnnxRuntimeInferenceEngine(threads), workDir, 3,
                framesFor(setup, frames));
        row(out, r);
        footer(out, List.of(r), decode, "the pipeline's own configuration");
        return r;
    }

    /** Fewer frames for the configurations with many tiles, so that the whole table takes about a minute. */
    private static int framesFor(InspectionBench.Setup setup, int frames) {
        if (frames > 0) {
            return frames;
        }
        long pixels = (long) setup.size() * setup.size();
        return pixels > 500_000 ? 20 : pixels > 200_000 ? 40 : 100;
    }

    private static void header(PrintStream out, int threads, String model) {
        out.printf("%nInspection 1080p: 1920x1080 BGR frame -> part ROI (centre crop, resize, gray) -> tiles (overlap 32) -> PP-OCRv4 backbone"
                + " -> nearest neighbour -> anomaly map -> threshold decision; %s; intra-op threads %s%n", model,
                threads == 0 ? "ONNX Runtime default" : String.valueOf(threads));
        out.printf("%-36s %5s %8s %8s %6s %8s %8s %8s %6s %6s  %s%n", "ROI->size, tile, layers, bank", "tiles", "p50", "p99", "ROI", "anomaly",
                "raw ORT",
                "raw p99", "ratio", "model", "goals p50<=15 p99<=25 ratio<=1.10");
    }

    private static void row(PrintStream out, InspectionBench.Result r) {
        double p50 = r.ours().percentile(50) / 1e6;
        double p99 = r.ours().percentile(99) / 1e6;
        double rawP50 = r.raw().percentile(50) / 1e6;
        double ratio = p50 / rawP50;
        out.printf("%-36s %5d %8.1f %8.1f %6.1f %8.1f %8.1f %8.1f %6.2f %6.2f  %s %s %s%n", r.setup().describe(), r.tiles(), p50, p99,
                r.roiStage().percentile(50) / 1e6, r.anomalyStage().percentile(50) / 1e6, rawP50, r.raw().percentile(99) / 1e6, ratio,
                r.anomalyStage().percentile(50) / 1e6 / rawP50, met(p50 <= GOAL_P50_MS), met(p99 <= GOAL_P99_MS),
                met(ratio <= PipelineBenchmark.GOAL_OVERHEAD));
    }

    private static void footer(PrintStream out, List<InspectionBench.Result> results, double decodeMillis, String which) {
        out.printf("(ms per frame; p50/p99 = push -> decision; ROI = the ROI stage's p50; anomaly = the anomaly stage alone; raw ORT = session.run on the same tiles;"
                + " ratio = p50 / raw ORT p50; model = anomaly stage / raw ORT)%n");
        out.printf("PNG decode of the 1920x1080 frame, timed apart: %.1f ms p50 (ImageIO)%n", decodeMillis);
        double worst = results.stream().mapToDouble(InspectionBench.Result::scoreDifference).max().orElse(0);
        out.printf("same scores: max |pipeline score - score from raw ORT's tiles| %.1e%n", worst);
        out.printf("%nGoals (inspection 1080p, %s)%n", which);
        InspectionBench.Result first = results.get(0);
        goals(out, first);
        InspectionBench.Result fastest = results.stream().min((a, b) -> Double.compare(a.ours().percentile(50), b.ours().percentile(50)))
                .orElse(first);
        if (fastest != first) {
            out.printf("  fastest configuration: %s%n", fastest.setup().describe());
            goals(out, fastest);
        }
    }

    private static void goals(PrintStream out, InspectionBench.Result r) {
        double p50 = r.ours().percentile(50) / 1e6;
        double p99 = r.ours().percentile(99) / 1e6;
        double ratio = r.ours().percentile(50) / r.raw().percentile(50);
        PipelineBenchmark.goal(out, String.format(Locale.ROOT, "1080p frame <= %.0f ms p50 (%.1f ms)", GOAL_P50_MS, p50), p50 <= GOAL_P50_MS);
        PipelineBenchmark.goal(out, String.format(Locale.ROOT, "1080p frame <= %.0f ms p99 (%.1f ms)", GOAL_P99_MS, p99), p99 <= GOAL_P99_MS);
        PipelineBenchmark.goal(out, String.format(Locale.ROOT, "overhead <= %.2fx raw ORT (p50 ratio %.2fx)", PipelineBenchmark.GOAL_OVERHEAD,
                ratio), ratio <= PipelineBenchmark.GOAL_OVERHEAD);
    }

    private static String met(boolean met) {
        return met ? "met" : "NOT";
    }

    /** Median of 10 PNG decodes of a synthetic 1080p frame. */
    private static double decodeMillis() throws Exception {
        BufferedImage frame = SyntheticInputs.frames(1)[0];
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(frame, "png", png);
        byte[] bytes = png.toByteArray();
        Samples s = new Samples(10);
        for (int i = 0; i < 12; i++) {
            long t0 = System.nanoTime();
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(bytes));
            long t = System.nanoTime() - t0;
            Sink.consume(decoded.getWidth());
            if (i >= 2) {
                s.add(t);
            }
        }
        return s.percentile(50) / 1e6;
    }
}
