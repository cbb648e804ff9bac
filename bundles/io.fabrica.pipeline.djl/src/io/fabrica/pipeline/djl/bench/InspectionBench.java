package io.fabrica.pipeline.djl.bench;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Set;

import io.fabrica.model.plant.Signal;
import io.fabrica.pipeline.AnomalyStage;
import io.fabrica.pipeline.DecisionKind;
import io.fabrica.pipeline.DecisionStage;
import io.fabrica.pipeline.ImagePreprocessStage;
import io.fabrica.pipeline.SignalSource;
import io.fabrica.pipeline.api.InferenceSession;
import io.fabrica.pipeline.api.ModelSignature;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.djl.internal.OnnxRuntimeInferenceEngine;
import io.fabrica.pipeline.engine.CompileOptions;
import io.fabrica.pipeline.engine.CompiledPipeline;
import io.fabrica.pipeline.engine.PipelineEngine;
import io.fabrica.pipeline.engine.SourceInput;
import io.fabrica.pipeline.engine.stages.AnomalyScorer;
import io.fabrica.pipeline.resource.PipelineBuilder;

/**
 * Inspection at 1080p: a 1920x1080 BGR frame through source, part ROI (crop, optionally resized, gray,
 * values 0..1), the anomaly stage (tiles, backbone, nearest neighbour in the memory bank, anomaly map)
 * and a threshold decision, against raw ONNX Runtime running the same anomaly model on the same tiles
 * (cut from the ROI the pipeline computed). The ratio is the pipeline's whole frame time over the raw
 * model time, which is the goal's definition of overhead. Not thread-safe.
 */
final class InspectionBench {

    /**
     * One configuration of the trade-off.
     *
     * @param roi side of the square part region, centred in the frame
     * @param size side the region is resized to (= roi: native resolution)
     * @param tile the anomaly model's tile side
     * @param extractor the feature extractor ({@code network:layer,…})
     * @param bank patches in the memory bank (0: a trained model's, whatever it holds)
     */
    record Setup(int roi, int size, int tile, String extractor, int bank) {
        String describe() {
            String layers = extractor.substring(extractor.indexOf(':') + 1).replace("p2o.", "");
            return String.format("%d->%d t%d %s%s", roi, size, tile, layers, bank > 0 ? " m" + bank : "");
        }
    }

    /**
     * Times per frame in nanoseconds.
     *
     * @param setup the configuration
     * @param tiles tiles per frame
     * @param ours push -> decision
     * @param roiStage the ROI stage
     * @param anomalyStage the anomaly stage
     * @param raw raw ONNX Runtime on the frame's tiles
     * @param scoreDifference |pipeline score - score from raw ONNX Runtime's tiles| on the last frame
     */
    record Result(Setup setup, int tiles, Samples ours, Samples roiStage, Samples anomalyStage, Samples raw, double scoreDifference) {
    }

    private final Setup setup;
    private final SignalSource source;
    private final ImagePreprocessStage roi;
    private final AnomalyStage anomaly;
    private final PipelineBuilder builder = new PipelineBuilder("Inspection benchmark");

    InspectionBench(Signal camera, Path model, Setup setup) {
        this(camera, model, setup, null, null);
    }

    /**
     * A configuration with a trained pipeline's own stage settings.
     *
     * @param likeRoi the trained pipeline's image preprocessing (its alignment is taken), or {@code null}
     * @param likeAnomaly the trained pipeline's anomaly stage (its overlap and smoothing are taken), or {@code null}
     */
    InspectionBench(Signal camera, Path model, Setup setup, ImagePreprocessStage likeRoi, AnomalyStage likeAnomaly) {
        this.setup = setup;
        int x = (SyntheticInputs.FRAME_WIDTH - setup.roi()) / 2;
        int y = (SyntheticInputs.FRAME_HEIGHT - setup.roi()) / 2;
        source = builder.source("Camera", camera);
        roi = builder.image("Part ROI", setup.size(), setup.size(), x, y, setup.roi(), setup.roi());
        roi.setMean(0);
        roi.setDeviation(1);
        anomaly = builder.anomaly("Anomaly", setup.extractor(), setup.tile(), setup.size() * setup.size());
        anomaly.setModelFile(model.toAbsolutePath().toString());
        if (likeRoi != null) {
            roi.setAlignment(likeRoi.getAlignment());
            roi.setSymmetry(likeRoi.getSymmetry());
        }
        if (likeAnomaly != null) {
            anomaly.setTileOverlap(likeAnomaly.getTileOverlap());
            anomaly.setSmoothing(likeAnomaly.getSmoothing());
        }
        DecisionStage decision = builder.decision("Defect", DecisionKind.THRESHOLD, 1, "ok", "defect");
        decision.setThreshold(1e9);
        builder.connect(source, roi).connect(roi, anomaly).connect(anomaly, decision);
    }

    Result run(OnnxRuntimeInferenceEngine ort, Path workDir, int warmUp, int frames) throws Exception {
        BufferedImage[] images = SyntheticInputs.frames(8);
        PipelineEngine engine = new PipelineEngine(java.util.List.of(ort));
        Path model = Path.of(anomaly.getModelFile());
        try (CompiledPipeline graph = engine.compile(builder.pipeline(), workDir, new CompileOptions(Set.of(), true));
                InferenceSession probe = ort.open(model)) {
            ModelSignature signature = probe.signature();
            int channels = signature.inputShape()[0];
            try (RawOrtModel raw = new RawOrtModel(model, ort, 1, channels, setup.tile(), setup.tile())) {
                return measure(graph, raw, signature, images, warmUp, frames);
            }
        }
    }

    private Result measure(CompiledPipeline graph, RawOrtModel raw, ModelSignature signature, BufferedImage[] images, int warmUp, int frames)
            throws Exception {
        StageLatencies stages = new StageLatencies(frames);
        Samples roiStage = stages.watch(roi);
        Samples anomalyStage = stages.watch(anomaly);
        graph.setLatencyListener(stages);
        SourceInput in = graph.source(source);
        int side = setup.size();
        int stride = setup.tile() / signature.outputShape()[signature.outputShape().length - 1];
        int[] origins = AnomalyScorer.tileOrigins(side, setup.tile(), anomaly.getTileOverlap(), stride);
        Samples ours = new Samples(frames);
        Samples rawTimes = new Samples(frames);
        float[] planar = new float[side * side];
        float[] tileInput = new float[signature.inputSize()];
        float[] tileOutput = new float[signature.outputSize()];
        for (int i = 0; i < warmUp + frames; i++) {
            boolean measured = i >= warmUp;
            stages.recording(measured);
            long oursTime;
            long rawTime;
            // the raw side runs on the ROI the pipeline made: after it on even frames, on the previous frame's before it on odd ones
            if ((i & 1) == 0) {
                oursTime = push(in, images[i % images.length], i);
                System.arraycopy(graph.input(anomaly, 0).values(), 0, planar, 0, planar.length);
                rawTime = rawTiles(raw, planar, origins, tileInput, tileOutput);
            } else {
                rawTime = rawTiles(raw, planar, origins, tileInput, tileOutput);
                oursTime = push(in, images[i % images.length], i);
                System.arraycopy(graph.input(anomaly, 0).values(), 0, planar, 0, planar.length);
            }
            if (measured) {
                ours.add(oursTime);
                rawTimes.add(rawTime);
            }
        }
        double difference = Math.abs(graph.output(anomaly, 0).values()[0] - rawScore(raw, signature, planar));
        return new Result(setup, origins.length * origins.length, ours, roiStage, anomalyStage, rawTimes, difference);
    }

    private static long push(SourceInput in, BufferedImage frame, int i) throws PipelineException {
        long t0 = System.nanoTime();
        in.pushImage(frame, i * 500L, "");
        return System.nanoTime() - t0;
    }

    private long rawTiles(RawOrtModel raw, float[] planar, int[] origins, float[] tileInput, float[] tileOutput) throws Exception {
        long t0 = System.nanoTime();
        for (int top : origins) {
            for (int left : origins) {
                AnomalyScorer.copyTile(planar, setup.size(), setup.size(), 1, left, top, setup.tile(), tileInput);
                raw.run(tileInput, tileOutput);
            }
        }
        return System.nanoTime() - t0;
    }

    /** The image score computed from raw ONNX Runtime's tile outputs (the scorer's merging and smoothing). */
    private float rawScore(RawOrtModel raw, ModelSignature signature, float[] planar) throws PipelineException {
        InferenceSession session = new InferenceSession() {
            @Override
            public ModelSignature signature() {
                return signature;
            }

            @Override
            public void run(float[] input, float[] output) throws PipelineException {
                try {
                    raw.run(input, output);
                } catch (Exception e) {
                    throw new PipelineException("raw ONNX Runtime failed: " + e.getMessage(), e);
                }
            }

            @Override
            public void close() {
                // the caller closes the raw model
            }
        };
        AnomalyScorer scorer = new AnomalyScorer("raw", session, anomaly.getTileOverlap(), anomaly.getSmoothing());
        return scorer.score(planar, setup.size(), setup.size(), 1);
    }
}
