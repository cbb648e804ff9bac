package io.fabrica.pipeline.djl.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.fabrica.pipeline.djl.onnx.OnnxGraphBuilder;

/**
 * The two models the benchmark runs, with random weights: only their cost matters, not what they
 * answer. A fixed seed keeps the files identical from run to run.
 */
final class BenchModels {

    /** Side of the CNN's square gray input. */
    static final int IMAGE_SIZE = 96;
    /** Classes the CNN scores. */
    static final int CLASSES = 4;
    /** Features the autoencoder reconstructs. */
    static final int FEATURES = 13;

    private static final int CONV1 = 8;
    private static final int CONV2 = 16;
    private static final int BOTTLENECK = 4;

    private BenchModels() {
    }

    /**
     * Conv(1-&gt;8, 3x3, pad 1) Relu MaxPool2 Conv(8-&gt;16, 3x3, pad 1) Relu MaxPool2 Flatten
     * Gemm(16*24*24-&gt;4) Softmax: "input" [N,1,96,96] to "probabilities" [N,4].
     */
    static Path writeCnn(Path file) throws IOException {
        Random random = new Random(96);
        int pooled = IMAGE_SIZE / 4;
        int flat = CONV2 * pooled * pooled;
        OnnxGraphBuilder g = new OnnxGraphBuilder("bench-cnn").input("input", -1, 1, IMAGE_SIZE, IMAGE_SIZE);
        conv(g, random, "input", "c1", 1, CONV1);
        g.node("Relu", List.of("c1"), List.of("r1"));
        maxPool(g, "r1", "p1");
        conv(g, random, "p1", "c2", CONV1, CONV2);
        g.node("Relu", List.of("c2"), List.of("r2"));
        maxPool(g, "r2", "p2");
        g.node("Flatten", List.of("p2"), List.of("flat"), Map.of("axis", 1));
        dense(g, random, "flat", "logits", flat, CLASSES);
        g.node("Softmax", List.of("logits"), List.of("probabilities"), Map.of("axis", 1));
        g.output("probabilities", -1, CLASSES).write(file);
        return file;
    }

    /**
     * Gemm 13-&gt;13 Relu Gemm 13-&gt;4 Relu Gemm 4-&gt;13 Relu Gemm 13-&gt;13, then the squared
     * difference to the input: "input" [N,13] to "error" [N,13].
     */
    static Path writeAutoencoder(Path file) throws IOException {
        Random random = new Random(13);
        OnnxGraphBuilder g = new OnnxGraphBuilder("bench-autoencoder").input("input", -1, FEATURES);
        dense(g, random, "input", "z1", FEATURES, FEATURES);
        g.node("Relu", List.of("z1"), List.of("h1"));
        dense(g, random, "h1", "z2", FEATURES, BOTTLENECK);
        g.node("Relu", List.of("z2"), List.of("h2"));
        dense(g, random, "h2", "z3", BOTTLENECK, FEATURES);
        g.node("Relu", List.of("z3"), List.of("h3"));
        dense(g, random, "h3", "reconstruction", FEATURES, FEATURES);
        g.node("Sub", List.of("reconstruction", "input"), List.of("difference"));
        g.node("Mul", List.of("difference", "difference"), List.of("error"));
        g.output("error", -1, FEATURES).write(file);
        return file;
    }

    private static void conv(OnnxGraphBuilder g, Random random, String in, String out, int inChannels, int outChannels) {
        String w = out + ".weight";
        String b = out + ".bias";
        g.initializer(w, uniform(random, outChannels * inChannels * 9, inChannels * 9, outChannels * 9), outChannels, inChannels, 3, 3)
                .initializer(b, new float[outChannels], outChannels)
                .node("Conv", List.of(in, w, b), List.of(out),
                        Map.of("kernel_shape", new int[] {3, 3}, "pads", new int[] {1, 1, 1, 1}, "strides", new int[] {1, 1}));
    }

    private static void maxPool(OnnxGraphBuilder g, String in, String out) {
        g.node("MaxPool", List.of(in), List.of(out), Map.of("kernel_shape", new int[] {2, 2}, "strides", new int[] {2, 2}));
    }

    private static void dense(OnnxGraphBuilder g, Random random, String in, String out, int inputs, int outputs) {
        String w = out + ".weight";
        String b = out + ".bias";
        g.initializer(w, uniform(random, inputs * outputs, inputs, outputs), inputs, outputs)
                .initializer(b, new float[outputs], outputs)
                .node("Gemm", List.of(in, w, b), List.of(out), Map.of("alpha", 1.0f, "beta", 1.0f));
    }

    /** Glorot-uniform values, so activations stay in a sane range through the layers. */
    private static float[] uniform(Random random, int count, int fanIn, int fanOut) {
        float limit = (float) Math.sqrt(6.0 / (fanIn + fanOut));
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (random.nextFloat() * 2 - 1) * limit;
        }
        return values;
    }
}
