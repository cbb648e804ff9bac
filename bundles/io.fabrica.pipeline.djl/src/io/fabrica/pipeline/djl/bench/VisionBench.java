package io.fabrica.pipeline.djl.bench;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Set;

import io.fabrica.model.plant.Signal;
import io.fabrica.pipeline.DecisionKind;
import io.fabrica.pipeline.DecisionStage;
import io.fabrica.pipeline.ImagePreprocessStage;
import io.fabrica.pipeline.ModelStage;
import io.fabrica.pipeline.SignalSource;
import io.fabrica.pipeline.engine.CompileOptions;
import io.fabrica.pipeline.engine.CompiledPipeline;
import io.fabrica.pipeline.engine.PipelineEngine;
import io.fabrica.pipeline.engine.SourceInput;
import io.fabrica.pipeline.resource.PipelineBuilder;

/**
 * Vision: a 1920x1080 camera frame through source, crop + resize to 96x96 gray, CNN and argmax
 * decision, against the baseline (own preprocessing loop + raw ONNX Runtime) on the same frame.
 * Both run in the same loop, one after the other per frame, so machine noise hits both alike.
 */
final class VisionBench {

    static final int CROP = 960;
    static final int CROP_X = (SyntheticInputs.FRAME_WIDTH - CROP) / 2;
    static final int CROP_Y = (SyntheticInputs.FRAME_HEIGHT - CROP) / 2;
    private static final int SIZE = BenchModels.IMAGE_SIZE;

    /** Times per frame in nanoseconds, and how far the two runs' tensors differ (should be ~1e-6). */
    record Result(Samples pipeline, Samples sourceAndEngine, Samples preprocessStage, Samples modelStage, Samples raw, Samples rawPreprocess,
            Samples rawModel, double inputDifference, double outputDifference, int decisions) {
    }

    private final SignalSource source;
    private final ImagePreprocessStage image;
    private final ModelStage model;
    private final DecisionStage decision;
    private final PipelineBuilder builder = new PipelineBuilder("Vision benchmark");

    VisionBench(Signal camera, Path modelFile) {
        source = builder.source("Camera", camera);
        image = builder.image("Preprocess", SIZE, SIZE, CROP_X, CROP_Y, CROP, CROP);
        model = builder.model("CNN", SIZE * SIZE, BenchModels.CLASSES);
        model.setModelFile(modelFile.toAbsolutePath().toString());
        decision = builder.decision("Defect", DecisionKind.ARGMAX, 1, "ok", "scratch", "dent", "stain");
        builder.connect(source, image).connect(image, model).connect(model, decision);
    }

    Result run(PipelineEngine engine, Path workDir, int warmUp, int frames) throws Exception {
        BufferedImage[] images = SyntheticInputs.frames(8);
        Path modelFile = Path.of(model.getModelFile());
        try (CompiledPipeline graph = engine.compile(builder.pipeline(), workDir, new CompileOptions(Set.of(), true));
                RawOrtModel raw = new RawOrtModel(modelFile, 1, 1, SIZE, SIZE)) {
            return measure(graph, raw, images, warmUp, frames);
        }
    }

    private Result measure(CompiledPipeline graph, RawOrtModel raw, BufferedImage[] images, int warmUp, int frames) throws Exception {
        StageLatencies stages = new StageLatencies(frames);
        Samples preprocessStage = stages.watch(image);
        Samples modelStage = stages.watch(model);
        Samples decisionStage = stages.watch(decision);
        Samples sourceAndEngine = new Samples(frames);
        graph.setLatencyListener(stages);
        int[] decisions = new int[1];
        graph.addListener(d -> decisions[0]++);
        SourceInput in = graph.source(source);
        RawPreprocess preprocess = new RawPreprocess(CROP_X, CROP_Y, CROP, SIZE, image.getMean(), image.getDeviation());
        float[] tensor = new float[SIZE * SIZE];
        float[] probabilities = new float[BenchModels.CLASSES];
        Samples pipeline = new Samples(frames);
        Samples rawTotal = new Samples(frames);
        Samples rawPreprocess = new Samples(frames);
        Samples rawModel = new Samples(frames);
        double inputDiff = 0;
        double outputDiff = 0;
        for (int i = 0; i < warmUp + frames; i++) {
            boolean measured = i >= warmUp;
            stages.recording(measured);
            BufferedImage frame = images[i % images.length];
            long t0 = System.nanoTime();
            in.pushImage(frame, i * 500L, "");
            long t1 = System.nanoTime();
            preprocess.run(frame, tensor);
            long t2 = System.nanoTime();
            raw.run(tensor, probabilities);
            Sink.consume(argmax(probabilities));
            long t3 = System.nanoTime();
            if (measured) {
                pipeline.add(t1 - t0);
                // what no stage accounts for: the source turning the frame into floats, and the engine's bookkeeping
                sourceAndEngine.add(t1 - t0 - preprocessStage.last() - modelStage.last() - decisionStage.last());
                rawTotal.add(t3 - t1);
                rawPreprocess.add(t2 - t1);
                rawModel.add(t3 - t2);
                inputDiff = Math.max(inputDiff, maxDifference(graph.output(image, 0).values(), tensor));
                outputDiff = Math.max(outputDiff, maxDifference(graph.output(model, 0).values(), probabilities));
            }
        }
        return new Result(pipeline, sourceAndEngine, preprocessStage, modelStage, rawTotal, rawPreprocess, rawModel, inputDiff,
                outputDiff, decisions[0]);
    }

    private static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    static double maxDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < b.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
