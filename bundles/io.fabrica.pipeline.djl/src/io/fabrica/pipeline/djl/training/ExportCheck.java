package io.fabrica.pipeline.djl.training;

import java.io.IOException;
import java.nio.file.Path;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import io.fabrica.pipeline.djl.DjlEngines;

/**
 * Proves an exported ONNX file computes what the PyTorch model computes: both run on the same
 * samples, PyTorch's raw output is post-processed in Java ({@link Architecture#postProcess}) and
 * the largest difference must stay below {@link ModelTrainer#MAX_EXPORT_ERROR}: absolute for outputs up to 1,
 * relative above, because a float's rounding grows with its magnitude (a reconstruction error near 1000
 * carries 1.2e-4 of rounding alone).
 */
final class ExportCheck {

    /** Keeps the arrays of one comparison step small. */
    private static final int CHUNK = 256;

    /**
     * @param maxAbsError the largest difference between the two runtimes, relative for outputs above 1
     * @param scores one score per sample from the ONNX outputs ({@link Architecture#score})
     */
    record Outcome(double maxAbsError, float[] scores) {
    }

    private ExportCheck() {
    }

    /**
     * @param architecture the layers
     * @param block the PyTorch block whose parameters were exported
     * @param manager a PyTorch manager for the reference arrays
     * @param onnxDir the folder of the written ONNX file
     * @param name the file's name without {@code .onnx}
     * @param samples the samples to compare on, all of them
     * @param target the file the ONNX model is meant for, named in messages
     * @return the largest difference and the scores
     * @throws TrainingException if ONNX Runtime cannot load or run the file, or the outputs differ
     *         by {@link ModelTrainer#MAX_EXPORT_ERROR} or more
     */
    static Outcome verify(Architecture architecture, Block block, NDManager manager, Path onnxDir, String name,
            float[][] samples, Path target) throws TrainingException {
        Outcome outcome;
        try (Model onnx = DjlEngines.newModel(name, DjlEngines.ONNX_RUNTIME)) {
            onnx.load(onnxDir, name);
            outcome = compare(architecture, block, manager, onnx, samples);
        } catch (IOException | MalformedModelException | TranslateException | RuntimeException e) {
            throw new TrainingException("verifying the exported model " + target + " in ONNX Runtime failed: "
                    + e.getMessage(), e);
        }
        if (!(outcome.maxAbsError() < ModelTrainer.MAX_EXPORT_ERROR)) {
            throw new TrainingException("the exported model " + target + " differs from the trained model by up to "
                    + outcome.maxAbsError() + " (allowed: less than " + ModelTrainer.MAX_EXPORT_ERROR + ")");
        }
        return outcome;
    }

    /** Runs both models chunk by chunk; NaN anywhere makes the error NaN, which fails the check. */
    private static Outcome compare(Architecture architecture, Block block, NDManager manager, Model onnx,
            float[][] samples) throws TranslateException {
        float[] scores = new float[samples.length];
        double maxError = 0;
        try (NDManager onnxManager = DjlEngines.newManager(DjlEngines.ONNX_RUNTIME);
                Predictor<NDList, NDList> predictor = onnx.newPredictor(new NoopTranslator())) {
            for (int from = 0; from < samples.length; from += CHUNK) {
                int count = Math.min(CHUNK, samples.length - from);
                float[] flat = flatten(samples, from, count, architecture.inputSize());
                float[] expected = reference(architecture, block, manager, flat, count);
                float[] actual = runOnnx(architecture, predictor, onnxManager, flat, count);
                maxError = Math.max(maxError, maxScaledDifference(expected, actual));
                for (int s = 0; s < count; s++) {
                    scores[from + s] = architecture.score(actual, s);
                }
            }
        }
        return new Outcome(maxError, scores);
    }

    private static float[] reference(Architecture architecture, Block block, NDManager manager, float[] flat,
            int count) {
        try (NDManager step = manager.newSubManager()) {
            NDArray input = step.create(flat, architecture.batchShape(count));
            NDArray raw = block.forward(new ParameterStore(step, false), new NDList(input), false).singletonOrThrow();
            return architecture.postProcess(flat, raw.toFloatArray(), count);
        }
    }

    private static float[] runOnnx(Architecture architecture, Predictor<NDList, NDList> predictor,
            NDManager manager, float[] flat, int count) throws TranslateException {
        try (NDManager step = manager.newSubManager()) {
            NDArray input = step.create(flat, architecture.batchShape(count));
            NDArray output = predictor.predict(new NDList(input)).singletonOrThrow();
            long expected = (long) count * architecture.outputSize();
            if (output.size() != expected) {
                throw new IllegalStateException("output has shape " + output.getShape() + ", expected " + expected
                        + " values");
            }
            return output.toFloatArray();
        }
    }

    /**
     * @param samples the samples
     * @param from the first sample to copy
     * @param count how many
     * @param size values per sample
     * @return the samples back to back
     */
    static float[] flatten(float[][] samples, int from, int count, int size) {
        float[] flat = new float[count * size];
        for (int s = 0; s < count; s++) {
            System.arraycopy(samples[from + s], 0, flat, s * size, size);
        }
        return flat;
    }

    private static double maxScaledDifference(float[] expected, float[] actual) {
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            double difference = Math.abs((double) expected[i] - actual[i]) / Math.max(1.0, Math.abs(expected[i]));
            if (Double.isNaN(difference)) {
                return difference; // must fail the check
            }
            max = Math.max(max, difference);
        }
        return max;
    }
}
