package io.fabrica.pipeline.djl.parity;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

import io.fabrica.core.files.AtomicFiles;
import io.fabrica.pipeline.djl.onnx.OrtModel;

/**
 * Golden inputs of a model with their expected outputs, stored as {@code golden.json} beside the model
 * file when Fabrica trains or imports it: a few samples exactly as the model stage receives them, and
 * what ONNX Runtime computed for them then. {@link ParityGate} runs them again through the engine, raw
 * ONNX Runtime and a package, so that export or runtime drift is caught before a model reaches a
 * controller. Inputs are stored as base64 of little-endian float32 (an image sample is thousands of
 * values), expected outputs as numbers.
 *
 * @param model the model file name, relative to this file
 * @param inputName the model's input tensor
 * @param outputName the model's output tensor
 * @param inputShape the input shape per sample (without the batch dimension)
 * @param outputShape the output shape per sample
 * @param absoluteTolerance allowed absolute difference
 * @param relativeTolerance allowed difference relative to the expected value (rounding grows with magnitude)
 * @param origin where the inputs come from, for people reading the file
 * @param samples the samples
 */
public record GoldenSet(String model, String inputName, String outputName, int[] inputShape, int[] outputShape, double absoluteTolerance,
        double relativeTolerance, String origin, List<Sample> samples) {

    /**
     * One golden sample.
     *
     * @param input base64 of the input values (float32, little-endian)
     * @param expected the expected output values
     */
    public record Sample(String input, float[] expected) {

        /** @return the input values */
        public float[] inputValues() {
            ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(input)).order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[bytes.remaining() / Float.BYTES];
            bytes.asFloatBuffer().get(values);
            return values;
        }
    }

    /** The file name beside the model. */
    public static final String FILE = "golden.json";

    /** Default absolute tolerance: float32 rounding of different kernel orders, well below any decision margin. */
    public static final double ABSOLUTE = 1e-4;

    /** Default relative tolerance. */
    public static final double RELATIVE = 1e-4;

    /** How many samples are kept: enough to catch drift, small enough to travel in every package. */
    public static final int SAMPLES = 4;

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    /**
     * Computes the expected outputs of some inputs with raw ONNX Runtime and writes {@code golden.json}
     * beside the model.
     *
     * @param modelFile the ONNX model
     * @param inputShape its input shape per sample
     * @param outputShape its output shape per sample
     * @param inputs the golden inputs (at most {@link #SAMPLES} are kept)
     * @param origin where they come from
     * @return the set written
     * @throws IOException if the model cannot run or the file cannot be written
     */
    public static GoldenSet record(Path modelFile, int[] inputShape, int[] outputShape, List<float[]> inputs, String origin) throws IOException {
        List<Sample> samples = new ArrayList<>();
        String in;
        String out;
        try (OrtModel ort = OrtModel.open(modelFile)) {
            in = ort.inputs().get(0).name();
            out = ort.outputs().get(0).name();
            for (float[] x : inputs.subList(0, Math.min(SAMPLES, inputs.size()))) {
                samples.add(new Sample(encode(x), ort.run(in, x, batchOfOne(inputShape), out)));
            }
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(modelFile + ": cannot compute the golden outputs: " + OrtModel.firstLine(e), e);
        }
        GoldenSet golden = new GoldenSet(modelFile.getFileName().toString(), in, out, inputShape.clone(), outputShape.clone(), ABSOLUTE,
                RELATIVE, origin, List.copyOf(samples));
        AtomicFiles.write(modelFile.resolveSibling(FILE), GSON.toJson(golden));
        return golden;
    }

    /**
     * Reads a golden set.
     *
     * @param file the {@code golden.json}
     * @return the set
     * @throws IOException if it cannot be read or is not a golden set (the message names the file)
     */
    public static GoldenSet read(Path file) throws IOException {
        try {
            GoldenSet golden = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), GoldenSet.class);
            if (golden == null || golden.model() == null || golden.inputShape() == null || golden.samples() == null || golden.samples().isEmpty()) {
                throw new IOException(file + ": not a golden set (model, inputShape and samples are required)");
            }
            return golden;
        } catch (JsonParseException e) {
            throw new IOException(file + ": malformed golden set: " + e.getMessage(), e);
        }
    }

    /**
     * @param expected an expected value
     * @param actual the value computed now
     * @return whether they agree within the tolerances
     */
    public boolean agrees(float expected, float actual) {
        double limit = absoluteTolerance + relativeTolerance * Math.abs(expected);
        return Math.abs(expected - actual) <= limit || Float.isNaN(expected) && Float.isNaN(actual);
    }

    /**
     * Picks golden inputs spread evenly over part of a sample set (e.g. the validation part).
     *
     * @param inputs the samples in time order
     * @param from the first index to pick from
     * @return at most {@link #SAMPLES} of them
     */
    public static List<float[]> spread(float[][] inputs, int from) {
        int start = Math.max(0, Math.min(from, inputs.length - 1));
        int available = inputs.length - start;
        List<float[]> picked = new ArrayList<>();
        int count = Math.min(SAMPLES, available);
        for (int i = 0; i < count; i++) {
            picked.add(inputs[start + (int) ((long) i * available / count)]);
        }
        return picked;
    }

    static long[] batchOfOne(int[] perSample) {
        long[] dims = new long[perSample.length + 1];
        dims[0] = 1;
        for (int i = 0; i < perSample.length; i++) {
            dims[i + 1] = perSample[i];
        }
        return dims;
    }

    private static String encode(float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return Base64.getEncoder().encodeToString(bytes.array());
    }
}
