package io.fabrica.pipeline.djl.training;

import java.nio.file.Files;
import java.nio.file.Path;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.fabrica.pipeline.api.InferenceSession;
import io.fabrica.pipeline.api.ModelLoadException;
import io.fabrica.pipeline.api.ModelSignature;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.djl.DjlEngines;

/**
 * Runs a model trained in Fabrica on DJL's PyTorch engine from its saved parameters, with the same
 * outputs as its ONNX export (squared reconstruction errors, or class probabilities): for comparing
 * engines and for controllers that run PyTorch rather than ONNX Runtime.
 */
public final class PyTorchModels {

    private PyTorchModels() {
    }

    /**
     * Loads saved parameters.
     *
     * @param paramsFile a {@code *-0000.params} file written by {@link ModelTrainer}
     * @param kind the kind it was trained as (from the model card)
     * @param inputShape the input shape per sample (from the model card)
     * @param outputShape the output shape per sample (from the model card)
     * @return a session; the caller closes it
     * @throws ModelLoadException if the file is missing, not DJL parameters, or of another architecture
     */
    public static InferenceSession open(Path paramsFile, ModelKind kind, int[] inputShape, int[] outputShape) throws ModelLoadException {
        if (!Files.isRegularFile(paramsFile)) {
            throw new ModelLoadException(paramsFile, "does not exist", null);
        }
        Architecture architecture;
        try {
            architecture = Architecture.of(kind, inputShape, outputShape);
        } catch (TrainingException e) {
            throw new ModelLoadException(paramsFile, e.getMessage(), e);
        }
        Model model = DjlEngines.newModel("pytorch", DjlEngines.PYTORCH);
        try {
            model.setBlock(architecture.newBlock());
            ModelTrainer.loadParameters(model, architecture, paramsFile);
            return new Session(model, architecture, kind, inputShape, outputShape, paramsFile);
        } catch (TrainingException | RuntimeException e) {
            model.close();
            throw new ModelLoadException(paramsFile, e.getMessage(), e);
        }
    }

    /** A PyTorch model in inference mode; not thread-safe. */
    private static final class Session implements InferenceSession {
        private final Model model;
        private final Architecture architecture;
        private final ModelSignature signature;
        private final Path file;
        private final float[] sample;

        Session(Model model, Architecture architecture, ModelKind kind, int[] inputShape, int[] outputShape, Path file) {
            this.model = model;
            this.architecture = architecture;
            this.signature = new ModelSignature("input", inputShape, kind.isClassifier() ? "probabilities" : "error", outputShape);
            this.file = file;
            this.sample = new float[signature.inputSize()];
        }

        @Override
        public ModelSignature signature() {
            return signature;
        }

        @Override
        public void run(float[] input, float[] output) throws PipelineException {
            System.arraycopy(input, 0, sample, 0, sample.length);
            try (NDManager step = model.getNDManager().newSubManager()) {
                NDArray x = step.create(sample, architecture.batchShape(1));
                NDArray raw = model.getBlock().forward(new ParameterStore(step, false), new NDList(x), false).singletonOrThrow();
                float[] result = architecture.postProcess(sample, raw.toFloatArray(), 1);
                System.arraycopy(result, 0, output, 0, signature.outputSize());
            } catch (RuntimeException e) {
                throw new PipelineException(file + ": PyTorch inference failed: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            model.close();
        }
    }
}
