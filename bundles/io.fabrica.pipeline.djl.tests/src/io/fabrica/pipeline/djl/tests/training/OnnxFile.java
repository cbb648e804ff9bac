package io.fabrica.pipeline.djl.tests.training;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import io.fabrica.pipeline.djl.DjlEngines;

/**
 * Runs an exported ONNX file in ONNX Runtime (through DJL), as a deployed model would run, so
 * the tests judge the file rather than the PyTorch model.
 */
final class OnnxFile {

    /** The names and shapes ONNX Runtime reports for the file. */
    record Signature(List<String> inputs, List<String> outputs, List<Shape> outputShapes) {
    }

    private OnnxFile() {
    }

    /**
     * @param file the .onnx file
     * @param samples the samples, each flat
     * @param sampleShape the shape of one sample
     * @return one output row per sample
     */
    static float[][] run(Path file, float[][] samples, int[] sampleShape) throws Exception {
        String name = stem(file);
        try (Model model = DjlEngines.newModel(name, DjlEngines.ONNX_RUNTIME)) {
            model.load(file.getParent(), name);
            try (NDManager manager = DjlEngines.newManager(DjlEngines.ONNX_RUNTIME);
                    Predictor<NDList, NDList> predictor = model.newPredictor(new NoopTranslator())) {
                int size = samples[0].length;
                float[] flat = new float[samples.length * size];
                for (int i = 0; i < samples.length; i++) {
                    System.arraycopy(samples[i], 0, flat, i * size, size);
                }
                NDArray output = predictor.predict(new NDList(manager.create(flat, batchOf(samples.length, sampleShape))))
                        .singletonOrThrow();
                return rows(output.toFloatArray(), samples.length);
            }
        }
    }

    /**
     * Runs one zero sample and reports the names ONNX Runtime gives the input and the output.
     *
     * @return the input and output names and the output's shape for one sample
     */
    static Signature signature(Path file, int[] sampleShape) throws Exception {
        String name = stem(file);
        try (Model model = DjlEngines.newModel(name, DjlEngines.ONNX_RUNTIME)) {
            model.load(file.getParent(), name);
            List<String> inputs = new ArrayList<>();
            model.describeInput().forEach(p -> inputs.add(p.getKey()));
            try (NDManager manager = DjlEngines.newManager(DjlEngines.ONNX_RUNTIME);
                    Predictor<NDList, NDList> predictor = model.newPredictor(new NoopTranslator())) {
                NDArray output = predictor.predict(new NDList(manager.zeros(batchOf(1, sampleShape))))
                        .singletonOrThrow();
                return new Signature(inputs, List.of(output.getName()), List.of(output.getShape()));
            }
        }
    }

    private static Shape batchOf(int count, int[] sampleShape) {
        long[] dims = new long[sampleShape.length + 1];
        dims[0] = count;
        for (int i = 0; i < sampleShape.length; i++) {
            dims[i + 1] = sampleShape[i];
        }
        return new Shape(dims);
    }

    static int argMax(float[] row) {
        int best = 0;
        for (int i = 1; i < row.length; i++) {
            if (row[i] > row[best]) {
                best = i;
            }
        }
        return best;
    }

    static float mean(float[] row) {
        double sum = 0;
        for (float v : row) {
            sum += v;
        }
        return (float) (sum / row.length);
    }

    private static float[][] rows(float[] flat, int count) {
        int width = flat.length / count;
        float[][] rows = new float[count][width];
        for (int i = 0; i < count; i++) {
            System.arraycopy(flat, i * width, rows[i], 0, width);
        }
        return rows;
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".onnx".length());
    }
}
