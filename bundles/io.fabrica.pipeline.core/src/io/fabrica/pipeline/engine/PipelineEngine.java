package io.fabrica.pipeline.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.fabrica.pipeline.Pipeline;
import io.fabrica.pipeline.api.InferenceEngine;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.api.StageFactory;
import io.fabrica.pipeline.engine.stages.BuiltinStages;

/**
 * Compiles pipelines into running graphs. Holds the stage factories (Fabrica's built-in ones last, so
 * that a vendor factory may take over a stage kind) and the inference engines. The same compiled graph
 * runs over a recorded dataset ({@link DatasetReplay}), over live signals, and in the runtime.
 *
 * <p>Thread-safe: factories and engines may be added while pipelines compile (OSGi services come and go).
 */
public final class PipelineEngine {

    private final List<StageFactory> factories = new CopyOnWriteArrayList<>();
    private final List<InferenceEngine> engines = new CopyOnWriteArrayList<>();
    private final StageFactory builtins = new BuiltinStages();

    /**
     * An engine with the built-in stages and the given inference engines.
     *
     * @param inferenceEngines e.g. the ONNX Runtime engine
     */
    public PipelineEngine(List<? extends InferenceEngine> inferenceEngines) {
        engines.addAll(inferenceEngines);
    }

    /** @param factory a vendor's stage factory, asked before the built-in ones */
    public void addStageFactory(StageFactory factory) {
        factories.add(factory);
    }

    /** @param factory a factory added before */
    public void removeStageFactory(StageFactory factory) {
        factories.remove(factory);
    }

    /** @param engine an inference engine */
    public void addInferenceEngine(InferenceEngine engine) {
        engines.add(engine);
    }

    /** @param engine an engine added before */
    public void removeInferenceEngine(InferenceEngine engine) {
        engines.remove(engine);
    }

    /** @return the inference engines known now */
    public List<InferenceEngine> inferenceEngines() {
        return List.copyOf(engines);
    }

    /**
     * Compiles a pipeline: orders the stages by flow, allocates one frame per output port, and creates
     * every stage's kernel (loading model files).
     *
     * @param pipeline a validated pipeline
     * @param baseDirectory the folder model files are relative to (the pipeline file's folder)
     * @return the running graph; the caller closes it
     * @throws PipelineException if a stage has no factory, a model file cannot be loaded, or sizes do
     *         not fit; the message names the stage
     */
    public CompiledPipeline compile(Pipeline pipeline, Path baseDirectory) throws PipelineException {
        return compile(pipeline, baseDirectory, CompileOptions.full());
    }

    /**
     * Compiles a pipeline, possibly only up to some stages (training compiles the part before the model).
     *
     * @param pipeline a validated pipeline
     * @param baseDirectory the folder model files are relative to
     * @param options what to compile
     * @return the running graph; the caller closes it
     * @throws PipelineException as for {@link #compile(Pipeline, Path)}
     */
    public CompiledPipeline compile(Pipeline pipeline, Path baseDirectory, CompileOptions options) throws PipelineException {
        List<StageFactory> all = new ArrayList<>(factories);
        all.add(builtins);
        return new Compiler(pipeline, baseDirectory, all, List.copyOf(engines), options).compile();
    }
}
