package io.fabrica.pipeline.engine.stages;

import java.nio.file.Path;
import java.util.Arrays;

import io.fabrica.pipeline.ModelStage;
import io.fabrica.pipeline.api.Frame;
import io.fabrica.pipeline.api.InferenceSession;
import io.fabrica.pipeline.api.ModelSignature;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.api.StageContext;
import io.fabrica.pipeline.api.StageKernel;

/** Runs a model on its input frame through an inference engine; the frames are passed to the engine as they are. */
final class ModelKernel implements StageKernel {

    private final String path;
    private final InferenceSession session;
    private final int inputSize;
    private final int outputSize;

    private ModelKernel(String path, InferenceSession session) {
        this.path = path;
        this.session = session;
        this.inputSize = session.signature().inputSize();
        this.outputSize = session.signature().outputSize();
    }

    /** Opens the model and checks its signature against the stage and the input that feeds it. */
    static ModelKernel open(String path, ModelStage stage, StageContext context) throws PipelineException {
        if (stage.getModelFile() == null || stage.getModelFile().isBlank()) {
            throw new PipelineException(path + ": has no model file; train the pipeline first (fabrica train)");
        }
        Path file = Upstream.modelFile(stage, context.baseDirectory());
        InferenceSession session = context.engine(stage.getEngine().getLiteral()).open(file);
        try {
            check(path, stage, session.signature(), context.inputCapacity(stage, 0), file);
            return new ModelKernel(path, session);
        } catch (PipelineException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    private static void check(String path, ModelStage stage, ModelSignature signature, int inputCapacity, Path file) throws PipelineException {
        int[] declaredIn = stage.getInputShape().stream().mapToInt(Integer::intValue).toArray();
        int[] declaredOut = stage.getOutputShape().stream().mapToInt(Integer::intValue).toArray();
        if (declaredIn.length > 0 && !Arrays.equals(declaredIn, signature.inputShape())
                || declaredOut.length > 0 && !Arrays.equals(declaredOut, signature.outputShape())) {
            throw new PipelineException(path + ": signature mismatch: the stage declares " + Arrays.toString(declaredIn) + " -> "
                    + Arrays.toString(declaredOut) + " but " + file.getFileName() + " is " + signature);
        }
        if (inputCapacity != signature.inputSize()) {
            throw new PipelineException(path + ": signature mismatch: its input carries " + inputCapacity + " values but "
                    + file.getFileName() + " takes " + signature.inputSize() + " " + Arrays.toString(signature.inputShape()));
        }
    }

    static int outputSize(String path, ModelStage stage, StageContext context) throws PipelineException {
        if (!stage.getOutputShape().isEmpty()) {
            return stage.getOutputShape().stream().mapToInt(Integer::intValue).reduce(1, (a, b) -> a * b);
        }
        try (ModelKernel probe = open(path, stage, context)) {
            return probe.outputSize;
        }
    }

    @Override
    public boolean process(Frame[] inputs, Frame[] outputs) throws PipelineException {
        Frame in = inputs[0];
        if (in.length() != inputSize) {
            throw new PipelineException(path + ": received " + in.length() + " values, the model takes " + inputSize);
        }
        session.run(in.values(), outputs[0].values());
        outputs[0].length(outputSize).stampFrom(in);
        return true;
    }

    InferenceSession session() {
        return session;
    }

    @Override
    public void close() {
        session.close();
    }
}
