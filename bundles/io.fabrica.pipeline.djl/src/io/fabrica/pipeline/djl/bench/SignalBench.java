package io.fabrica.pipeline.djl.bench;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import io.fabrica.model.plant.Signal;
import io.fabrica.pipeline.DecisionKind;
import io.fabrica.pipeline.DecisionStage;
import io.fabrica.pipeline.Feature;
import io.fabrica.pipeline.FeatureStage;
import io.fabrica.pipeline.ModelStage;
import io.fabrica.pipeline.NormalizeStage;
import io.fabrica.pipeline.PortType;
import io.fabrica.pipeline.SignalSource;
import io.fabrica.pipeline.engine.CompileOptions;
import io.fabrica.pipeline.engine.CompiledPipeline;
import io.fabrica.pipeline.engine.PipelineEngine;
import io.fabrica.pipeline.engine.SourceInput;
import io.fabrica.pipeline.features.FeatureExtractor;
import io.fabrica.pipeline.resource.PipelineBuilder;

/**
 * Signals (predictive maintenance): vibration windows through source, features, normalize,
 * autoencoder and threshold decision, against a baseline chain of the same feature extractor, a
 * plain normalize loop and raw ONNX Runtime. Each round runs a throughput pass of both without
 * timing inside, then a latency pass of both that times every model run.
 */
final class SignalBench {

    /** Mean squared reconstruction error above which a window is an anomaly. */
    static final double THRESHOLD = 1.0;
    private static final int FEATURES = BenchModels.FEATURES;
    private static final int BANDS = 8;

    /** Samples per second of each round, and model run times in nanoseconds. */
    record Result(double[] pipelineRates, double[] rawRates, Samples window, Samples featureStage, Samples modelStage, Samples rawWindow,
            Samples rawFeatures, Samples rawModel, int decisions, int windowsPushed) {
    }

    private final PipelineBuilder builder = new PipelineBuilder("Signals benchmark");
    private final SignalSource source;
    private final FeatureStage features;
    private final NormalizeStage normalize;
    private final ModelStage model;

    SignalBench(Signal vibration, Path modelFile) {
        int window = vibration.getArrayLength();
        source = builder.source("Vibration", vibration);
        features = builder.features("Features", window, BANDS, Feature.RMS, Feature.PEAK, Feature.CREST_FACTOR, Feature.KURTOSIS,
                Feature.SKEWNESS, Feature.FFT_BAND_ENERGY);
        normalize = builder.normalize("Normalize", PortType.VECTOR, FEATURES);
        normalize.getMeans().addAll(Collections.nCopies(FEATURES, 0.0));
        normalize.getDeviations().addAll(Collections.nCopies(FEATURES, 1.0));
        model = builder.model("Autoencoder", FEATURES, FEATURES);
        model.setModelFile(modelFile.toAbsolutePath().toString());
        DecisionStage decision = builder.decision("Anomaly", DecisionKind.THRESHOLD, 1, "normal", "anomaly");
        decision.setThreshold(THRESHOLD);
        builder.connect(source, features).connect(features, normalize).connect(normalize, model).connect(model, decision);
    }

    Result run(PipelineEngine engine, Path workDir, int warmUp, int windowsPerRound, int rounds) throws Exception {
        int length = vibration().getArrayLength();
        double sampleRate = length * 1000.0 / vibration().getSamplingInterval(); // one window per sampling interval
        double[][] windows = SyntheticInputs.windows(16, length, sampleRate);
        try (CompiledPipeline graph = engine.compile(builder.pipeline(), workDir, new CompileOptions(Set.of(), true));
                RawOrtModel raw = new RawOrtModel(Path.of(model.getModelFile()), 1, FEATURES)) {
            RawChain chain = new RawChain(FeatureExtractor.forStage(features, length, sampleRate),
                    toFloats(normalize.getMeans()), toFloats(normalize.getDeviations()), raw);
            return measure(graph, chain, windows, warmUp, windowsPerRound, rounds);
        }
    }

    private static float[] toFloats(List<Double> values) {
        float[] floats = new float[values.size()];
        for (int i = 0; i < floats.length; i++) {
            floats[i] = values.get(i).floatValue();
        }
        return floats;
    }

    private Signal vibration() {
        return source.getSignal();
    }

    private Result measure(CompiledPipeline graph, RawChain chain, double[][] windows, int warmUp, int perRound, int rounds)
            throws Exception {
        int measured = perRound * rounds;
        StageLatencies stages = new StageLatencies(measured);
        Samples featureStage = stages.watch(features);
        Samples modelStage = stages.watch(model);
        Samples window = new Samples(measured);
        RawTimes raw = new RawTimes(measured);
        int[] decisions = new int[1];
        graph.addListener(d -> decisions[0]++);
        SourceInput in = graph.source(source);
        graph.setLatencyListener(stages);
        pushAll(in, windows, warmUp, null);
        chain.runAll(windows, warmUp, null);
        double[] pipelineRates = new double[rounds];
        double[] rawRates = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            // throughput: nothing timed inside the loops
            graph.setLatencyListener(null);
            pipelineRates[r] = samplesPerSecond(perRound, windows[0].length, pushAll(in, windows, perRound, null));
            rawRates[r] = samplesPerSecond(perRound, windows[0].length, chain.runAll(windows, perRound, null));
            // latency: every window and stage timed
            graph.setLatencyListener(stages);
            stages.recording(true);
            pushAll(in, windows, perRound, window);
            stages.recording(false);
            chain.runAll(windows, perRound, raw);
        }
        return new Result(pipelineRates, rawRates, window, featureStage, modelStage, raw.window, raw.features, raw.model, decisions[0],
                warmUp + 2 * measured);
    }

    /** Pushes {@code count} windows, timing each into {@code times} if given; returns the elapsed nanoseconds. */
    private static long pushAll(SourceInput in, double[][] windows, int count, Samples times) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            double[] w = windows[i % windows.length];
            long t0 = times == null ? 0 : System.nanoTime();
            in.pushSamples(w, w.length, i * 100L, "");
            if (times != null) {
                times.add(System.nanoTime() - t0);
            }
        }
        return System.nanoTime() - start;
    }

    /** Where the baseline's time goes per window. */
    private static final class RawTimes {
        final Samples window;
        final Samples features;
        final Samples model;

        RawTimes(int capacity) {
            window = new Samples(capacity);
            features = new Samples(capacity);
            model = new Samples(capacity);
        }
    }

    private static double samplesPerSecond(int windows, int samplesPerWindow, long nanos) {
        return windows * (double) samplesPerWindow / (nanos / 1e9);
    }

    /** The baseline: the stages' work written as straight calls on arrays. */
    private static final class RawChain {
        private final FeatureExtractor extractor;
        private final float[] means;
        private final float[] deviations;
        private final RawOrtModel model;
        private final double[] features = new double[FEATURES];
        private final float[] input = new float[FEATURES];
        private final float[] error = new float[FEATURES];

        RawChain(FeatureExtractor extractor, float[] means, float[] deviations, RawOrtModel model) {
            this.extractor = extractor;
            this.means = means;
            this.deviations = deviations;
            this.model = model;
        }

        /** Runs {@code count} windows, timing each into {@code times} if given; returns the elapsed nanoseconds. */
        long runAll(double[][] windows, int count, RawTimes times) throws Exception {
            long start = System.nanoTime();
            int anomalies = 0;
            for (int i = 0; i < count; i++) {
                long t0 = times == null ? 0 : System.nanoTime();
                double[] w = windows[i % windows.length];
                extractor.extract(w, w.length, features);
                for (int f = 0; f < FEATURES; f++) {
                    input[f] = ((float) features[f] - means[f]) / deviations[f];
                }
                long t1 = times == null ? 0 : System.nanoTime();
                model.run(input, error);
                long t2 = times == null ? 0 : System.nanoTime();
                anomalies += meanOf(error) > THRESHOLD ? 1 : 0;
                if (times != null) {
                    times.features.add(t1 - t0);
                    times.model.add(t2 - t1);
                    times.window.add(System.nanoTime() - t0);
                }
            }
            Sink.consume(anomalies);
            return System.nanoTime() - start;
        }

        private static double meanOf(float[] values) {
            double sum = 0;
            for (float v : values) {
                sum += v;
            }
            return sum / values.length;
        }
    }
}
