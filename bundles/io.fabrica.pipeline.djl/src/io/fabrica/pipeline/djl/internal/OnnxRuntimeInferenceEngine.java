package io.fabrica.pipeline.djl.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.onnxruntime.engine.OrtNDManager;
import ai.djl.onnxruntime.engine.OrtSymbolBlock;
import ai.djl.translate.NoopTranslator;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.fabrica.pipeline.api.InferenceEngine;
import io.fabrica.pipeline.api.InferenceSession;
import io.fabrica.pipeline.api.ModelLoadException;
import io.fabrica.pipeline.api.ModelSignature;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.djl.DjlEngines;

/**
 * ONNX Runtime (CPU) through DJL, offline. Loading runs the model once on zeros: the output shape is
 * learnt that way, and a model whose operators ONNX Runtime cannot run fails at load, not mid-shift.
 */
@Component(service = InferenceEngine.class, property = "engine=OnnxRuntime")
public final class OnnxRuntimeInferenceEngine implements InferenceEngine {

    @Override
    public String name() {
        return DjlEngines.ONNX_RUNTIME;
    }

    @Override
    public boolean accepts(Path modelFile) {
        return modelFile.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx");
    }

    @Override
    public InferenceSession open(Path modelFile) throws ModelLoadException {
        Path file = modelFile.toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException(file, "does not exist", null);
        }
        if (!accepts(file)) {
            throw new ModelLoadException(file, "is not an .onnx file", null);
        }
        String name = file.getFileName().toString();
        String stem = name.substring(0, name.length() - ".onnx".length());
        Model model = DjlEngines.newModel(stem, DjlEngines.ONNX_RUNTIME);
        try {
            // DJL's describeInput() names an ONNX model's inputs but gives no shapes, so the session is created
            // here, where ONNX Runtime's input info can be read, and handed to DJL's engine as the model's block.
            OrtSession ort = createSession(file);
            model.setBlock(new OrtSymbolBlock(ort, (OrtNDManager) model.getNDManager()));
            return Session.start(file, model, ort.getInputInfo());
        } catch (ModelLoadException e) {
            model.close();
            throw e;
        } catch (Exception e) {
            model.close();
            throw new ModelLoadException(file, "is not a model ONNX Runtime can run: " + firstLine(e), e);
        }
    }

    /** One inter-op thread per session: pipelines run many small models side by side on 2 cores. */
    private static OrtSession createSession(Path file) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setInterOpNumThreads(1);
            return OrtEnvironment.getEnvironment().createSession(file.toString(), options);
        }
    }

    static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** A loaded model and its predictor; not thread-safe. */
    private static final class Session implements InferenceSession {
        private final Path file;
        private final Model model;
        private final Predictor<NDList, NDList> predictor;
        private final ModelSignature signature;
        private final Shape batchOfOne;

        private Session(Path file, Model model, Predictor<NDList, NDList> predictor, ModelSignature signature) {
            this.file = file;
            this.model = model;
            this.predictor = predictor;
            this.signature = signature;
            int[] in = signature.inputShape();
            long[] dims = new long[in.length + 1];
            dims[0] = 1;
            for (int i = 0; i < in.length; i++) {
                dims[i + 1] = in[i];
            }
            this.batchOfOne = new Shape(dims);
        }

        static Session start(Path file, Model model, Map<String, NodeInfo> inputs) throws Exception {
            if (inputs.size() != 1) {
                throw new ModelLoadException(file, "has " + inputs.size() + " inputs; Fabrica runs models with exactly one input tensor", null);
            }
            NodeInfo input = inputs.values().iterator().next();
            if (!(input.getInfo() instanceof TensorInfo tensor) || tensor.getShape().length < 1) {
                throw new ModelLoadException(file, "input '" + input.getName() + "' is not a tensor with a batch dimension", null);
            }
            long[] shape = tensor.getShape();
            int[] perSample = new int[shape.length - 1];
            for (int i = 1; i < shape.length; i++) {
                if (shape[i] <= 0) {
                    throw new ModelLoadException(file, "input '" + input.getName() + "' has a variable dimension " + i
                            + " " + Arrays.toString(shape) + "; only the batch dimension may vary", null);
                }
                perSample[i - 1] = (int) shape[i];
            }
            Predictor<NDList, NDList> predictor = model.newPredictor(new NoopTranslator());
            try (NDManager probe = model.getNDManager().newSubManager()) {
                NDList out = predictor.predict(new NDList(probe.zeros(new Shape(prepend(perSample)))));
                if (out.size() != 1) {
                    throw new ModelLoadException(file, "has " + out.size() + " outputs; Fabrica runs models with exactly one output", null);
                }
                Shape o = out.get(0).getShape();
                int[] outPerSample = new int[Math.max(1, o.dimension() - 1)];
                outPerSample[0] = 1;
                for (int i = 1; i < o.dimension(); i++) {
                    outPerSample[i - 1] = (int) o.get(i);
                }
                String outName = out.get(0).getName() == null ? "output" : out.get(0).getName();
                return new Session(file, model, predictor, new ModelSignature(input.getName(), perSample, outName, outPerSample));
            } catch (Exception e) {
                predictor.close();
                throw e;
            }
        }

        private static long[] prepend(int[] perSample) {
            long[] dims = new long[perSample.length + 1];
            dims[0] = 1;
            for (int i = 0; i < perSample.length; i++) {
                dims[i + 1] = perSample[i];
            }
            return dims;
        }

        @Override
        public ModelSignature signature() {
            return signature;
        }

        @Override
        public void run(float[] input, float[] output) throws PipelineException {
            try (NDManager scope = model.getNDManager().newSubManager()) {
                NDArray x = scope.create(java.nio.FloatBuffer.wrap(input, 0, signature.inputSize()), batchOfOne);
                NDArray y = predictor.predict(new NDList(x)).singletonOrThrow();
                float[] values = y.toFloatArray();
                System.arraycopy(values, 0, output, 0, signature.outputSize());
            } catch (Exception e) {
                throw new PipelineException(file + ": inference failed: " + firstLine(e), e);
            }
        }

        @Override
        public void close() {
            predictor.close();
            model.close();
        }
    }
}
