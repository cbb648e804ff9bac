package io.fabrica.pipeline.djl.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;

import io.fabrica.pipeline.DatasetSource;
import io.fabrica.pipeline.ModelStage;
import io.fabrica.pipeline.api.InferenceSession;
import io.fabrica.pipeline.api.ModelSignature;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.djl.internal.OnnxRuntimeInferenceEngine;
import io.fabrica.pipeline.engine.CompileOptions;
import io.fabrica.pipeline.engine.CompiledPipeline;
import io.fabrica.pipeline.engine.PipelineEngine;
import io.fabrica.pipeline.engine.SourceInput;
import io.fabrica.pipeline.resource.PipelineBuilder;

/**
 * A user's ONNX model at one input shape: a pipeline of a tensor source and a model stage, run by the
 * pipeline engine with Fabrica's ONNX Runtime engine, against the same file in a raw ONNX Runtime
 * session with the same options on the same input. Both run per frame, the order alternating, so
 * machine noise hits both alike. Not thread-safe.
 */
public final class ModelBench {

    /**
     * Times per frame in nanoseconds.
     *
     * @param shape the input shape with batch
     * @param signature the model's signature as Fabrica loaded it
     * @param ours push to the pipeline until the model stage is done
     * @param modelStage the model stage alone, as the engine timed it
     * @param raw ONNX Runtime's {@code run} with the input copied in and the output read out
     * @param outputDifference the largest absolute difference between the two outputs over all frames
     * @param outputs what the model stage wrote for the last frame
     * @param rawOutputs what raw ONNX Runtime wrote for it
     */
    public record Result(long[] shape, ModelSignature signature, Samples ours, Samples modelStage, Samples raw, double outputDifference,
            float[] outputs, float[] rawOutputs) {
    }

    private final Path model;
    private final long[] shape;
    private final OnnxRuntimeInferenceEngine engine;

    /**
     * @param model the ONNX file
     * @param shape its input shape, batch 1 first; {@code null} for the model's own
     * @param threads intra-op threads, 0 for ONNX Runtime's default
     */
    public ModelBench(Path model, long[] shape, int threads) {
        this.model = model;
        this.shape = shape == null ? null : shape.clone();
        this.engine = new OnnxRuntimeInferenceEngine(threads);
    }

    /**
     * Loads the model once to read its signature at this shape.
     *
     * @return the signature
     * @throws PipelineException if the model cannot be loaded at that shape; the message names the file
     */
    public ModelSignature signature() throws PipelineException {
        try (InferenceSession session = engine.open(model, shape)) {
            return session.signature();
        }
    }

    /**
     * Runs the benchmark.
     *
     * @param workDir where the engine may write
     * @param warmUp frames run first and not measured
     * @param frames frames measured (at least 1)
     * @param seed of the random input values (0..1)
     * @return the times and outputs
     * @throws Exception if the model fails
     */
    public Result run(Path workDir, int warmUp, int frames, long seed) throws Exception {
        // sessions are made and destroyed on a large stack, as Fabrica's engine does (ONNX Runtime recurses deeply)
        return OnnxRuntimeInferenceEngine.onLargeStack(() -> measure(workDir, warmUp, frames, seed));
    }

    private Result measure(Path workDir, int warmUp, int frames, long seed) throws Exception {
        ModelSignature signature = signature();
        long[] shape = withBatch(signature.inputShape());
        float[] input = new float[signature.inputSize()];
        Random random = new Random(seed);
        for (int i = 0; i < input.length; i++) {
            input[i] = random.nextFloat();
        }
        PipelineBuilder builder = new PipelineBuilder("Model benchmark");
        DatasetSource source = builder.imageDataset("Tensor", model.toString(), signature.inputSize());
        ModelStage stage = builder.model("Model", signature.inputSize(), signature.outputSize());
        stage.setModelFile(model.toAbsolutePath().toString());
        builder.connect(source, stage);
        PipelineEngine pipelines = new PipelineEngine(List.of(new FixedShape(engine, shape)));
        try (CompiledPipeline graph = pipelines.compile(builder.pipeline(), workDir, new CompileOptions(Set.of(), true));
                RawOrtModel raw = new RawOrtModel(model, engine, shape)) {
            StageLatencies stages = new StageLatencies(frames);
            Samples modelStage = stages.watch(stage);
            graph.setLatencyListener(stages);
            SourceInput in = graph.source(source);
            Samples ours = new Samples(frames);
            Samples rawTimes = new Samples(frames);
            float[] rawOut = new float[signature.outputSize()];
            double difference = 0;
            for (int i = 0; i < warmUp + frames; i++) {
                boolean measured = i >= warmUp;
                stages.recording(measured);
                long oursTime;
                long rawTime;
                if ((i & 1) == 0) {
                    oursTime = ours(in, input, i);
                    rawTime = raw(raw, input, rawOut);
                } else {
                    rawTime = raw(raw, input, rawOut);
                    oursTime = ours(in, input, i);
                }
                if (measured) {
                    ours.add(oursTime);
                    rawTimes.add(rawTime);
                    difference = Math.max(difference, VisionBench.maxDifference(graph.output(stage, 0).values(), rawOut));
                }
            }
            float[] outputs = java.util.Arrays.copyOf(graph.output(stage, 0).values(), signature.outputSize());
            return new Result(shape, signature, ours, modelStage, rawTimes, difference, outputs, rawOut.clone());
        }
    }

    private static long[] withBatch(int[] perSample) {
        long[] dims = new long[perSample.length + 1];
        dims[0] = 1;
        for (int i = 0; i < perSample.length; i++) {
            dims[i + 1] = perSample[i];
        }
        return dims;
    }

    private static long ours(SourceInput in, float[] input, int frame) throws PipelineException {
        long t0 = System.nanoTime();
        in.pushValues(input, input.length, frame * 40L, "");
        return System.nanoTime() - t0;
    }

    private static long raw(RawOrtModel raw, float[] input, float[] output) throws Exception {
        long t0 = System.nanoTime();
        raw.run(input, output);
        return System.nanoTime() - t0;
    }

    /**
     * Fabrica's ONNX Runtime engine with the model's variable dimensions fixed to the benchmark's shape,
     * as the pipeline engine sees it (a model stage opens its file through {@code open(Path)}).
     */
    private record FixedShape(OnnxRuntimeInferenceEngine engine, long[] shape) implements io.fabrica.pipeline.api.InferenceEngine {
        @Override
        public String name() {
            return engine.name();
        }

        @Override
        public boolean accepts(Path modelFile) {
            return engine.accepts(modelFile);
        }

        @Override
        public InferenceSession open(Path modelFile) throws io.fabrica.pipeline.api.ModelLoadException {
            return engine.open(modelFile, shape);
        }
    }
}
