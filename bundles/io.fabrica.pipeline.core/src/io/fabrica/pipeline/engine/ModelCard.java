package io.fabrica.pipeline.engine;

import io.fabrica.core.files.AtomicFiles;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

/**
 * What Fabrica knows about a model it trained, stored as {@code model.json} beside {@code model.onnx}:
 * its kind and signature, the names of its inputs and classes, the distribution of its scores on the
 * validation data (for novelty percentiles), and how it was trained. Immutable.
 *
 * @param kind {@code AUTOENCODER}, {@code MLP_CLASSIFIER} or {@code CNN_CLASSIFIER}
 * @param onnxFile the ONNX file name, relative to the card
 * @param paramsFile the DJL PyTorch parameter file name, relative to the card
 * @param inputShape input shape per sample
 * @param outputShape output shape per sample
 * @param inputNames the name of each input value (features), empty for images
 * @param classes the class names (first = normal), {@code ["normal", "anomaly"]} for an autoencoder
 * @param scoreQuantiles 101 quantiles (0..100 %) of the alarm score on normal validation data
 * @param threshold the decision threshold chosen at training
 * @param training facts about the training run (dataset, samples, epochs, seed, seconds, losses)
 * @param source for a model imported from elsewhere ({@code fabrica import-model}, kind {@code IMPORTED}): the
 *        source file, its SHA-256 and the imported file's, opset, producer, size, input and output tensors,
 *        external data files, input normalisation; {@code null} for a model Fabrica trained
 */
public record ModelCard(String kind, String onnxFile, String paramsFile, int[] inputShape, int[] outputShape, List<String> inputNames,
        List<String> classes, double[] scoreQuantiles, double threshold, Map<String, Object> training, Map<String, Object> source) {

    /** The kind of a model imported from another tool. */
    public static final String IMPORTED = "IMPORTED";

    /**
     * A card of a model Fabrica trained (no import source).
     *
     * @param kind the model kind
     * @param onnxFile the ONNX file name
     * @param paramsFile the parameter file name
     * @param inputShape input shape per sample
     * @param outputShape output shape per sample
     * @param inputNames input value names
     * @param classes class names
     * @param scoreQuantiles score quantiles on validation data
     * @param threshold the decision threshold
     * @param training facts about the training run
     */
    public ModelCard(String kind, String onnxFile, String paramsFile, int[] inputShape, int[] outputShape, List<String> inputNames,
            List<String> classes, double[] scoreQuantiles, double threshold, Map<String, Object> training) {
        this(kind, onnxFile, paramsFile, inputShape, outputShape, inputNames, classes, scoreQuantiles, threshold, training, null);
    }

    /** The file name of a card. */
    public static final String FILE = "model.json";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

    /**
     * Reads a card.
     *
     * @param file the {@code model.json}
     * @return the card
     * @throws IOException if the file cannot be read or is not a model card (message names the file)
     */
    public static ModelCard read(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            ModelCard card = GSON.fromJson(in, ModelCard.class);
            if (card == null || card.kind() == null || card.inputShape() == null || card.outputShape() == null) {
                throw new IOException(file + ": not a Fabrica model card (kind, inputShape and outputShape are required)");
            }
            return card;
        } catch (JsonParseException e) {
            throw new IOException(file + ": malformed model card: " + e.getMessage(), e);
        }
    }

    /**
     * Writes the card atomically.
     *
     * @param file the target
     * @throws IOException if it cannot be written; a previous card is kept
     */
    public void write(Path file) throws IOException {
        AtomicFiles.write(file, GSON.toJson(this));
    }

    /**
     * Where a score lies among the validation scores.
     *
     * @param score an alarm score
     * @return its percentile 0..100 (interpolated), {@code NaN} if the card has no quantiles
     */
    public double percentile(double score) {
        double[] q = scoreQuantiles;
        if (q == null || q.length < 2) {
            return Double.NaN;
        }
        if (score <= q[0]) {
            return 0;
        }
        if (score >= q[q.length - 1]) {
            return 100;
        }
        int i = Arrays.binarySearch(q, score);
        if (i >= 0) {
            return 100.0 * i / (q.length - 1);
        }
        int hi = -i - 1;
        int lo = hi - 1;
        double span = q[hi] - q[lo];
        double frac = span == 0 ? 0 : (score - q[lo]) / span;
        return 100.0 * (lo + frac) / (q.length - 1);
    }

    /**
     * The 101 quantiles of a sample of scores.
     *
     * @param scores the scores (not modified)
     * @return quantiles 0, 1, …, 100 %
     */
    public static double[] quantiles(double[] scores) {
        double[] sorted = scores.clone();
        Arrays.sort(sorted);
        double[] q = new double[101];
        for (int p = 0; p <= 100; p++) {
            q[p] = sorted.length == 0 ? Double.NaN : sorted[(int) Math.round(p / 100.0 * (sorted.length - 1))];
        }
        return q;
    }
}
