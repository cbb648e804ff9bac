package io.fabrica.pipeline.djl.anomaly;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.djl.onnx.OnnxGraphBuilder;
import io.fabrica.pipeline.djl.onnx.OnnxGraphSurgery;

/**
 * The two ONNX models of anomaly detection, both cut from the pretrained network:
 * <ul>
 * <li>the <b>feature model</b> (training): a tile {@code [1, c, T, T]} with values 0..1 in, the patch
 * features {@code [1, D, T/s, T/s]} out: the network's normalisation (gray copied to its three
 * channels), its backbone up to the chosen layers, each layer averaged over 3×3 neighbours (a patch
 * sees its surroundings), deeper layers resized to the shallowest grid, concatenated;</li>
 * <li>the <b>anomaly model</b> (pipelines, runtime): the same, then each patch standardized with the
 * training statistics and its distance to the nearest patch of the memory bank, {@code [1, T/s, T/s]},
 * computed as {@code |q|² − 2 q·b + |b|²} with one matrix product, so ONNX Runtime's GEMM does the
 * nearest-neighbour search.</li>
 * </ul>
 * Only operators of opset 11–17 with the attribute forms of those versions are used, the network's
 * own opset (12) included.
 */
final class AnomalyGraphs {

    static final String INPUT = "fabrica/image";
    static final String FEATURES = "fabrica/features";
    static final String SCORES = "fabrica/scores";

    private AnomalyGraphs() {
    }

    /**
     * @param network the network and layers
     * @param onnx the network's ONNX file
     * @param channels the image channels (1 gray, 3 RGB)
     * @param tile the tile side
     * @return the feature model's bytes
     */
    static byte[] featureModel(FeatureNetwork network, byte[] onnx, int channels, int tile) throws PipelineException {
        OnnxGraphSurgery model = read(network, onnx);
        OnnxGraphBuilder g = new OnnxGraphBuilder("fabrica-features").nodePrefix("fabrica/");
        features(g, network, model, channels, tile);
        int grid = tile / network.stride();
        g.output(FEATURES, 1, network.dimension(), grid, grid);
        return cut(model, network, g);
    }

    /** The pooled feature model's output: {@code [1, 2D]}, each feature's mean then its maximum over the image. */
    static final String POOLED = "fabrica/pooled";

    /**
     * The backbone of a supervised classifier: the feature model's patch features pooled over the
     * whole image (mean and maximum of each feature), so that a small trained head decides on them.
     *
     * @param network the network and layers
     * @param onnx the network's ONNX file
     * @param channels the image channels
     * @param side the image side (a multiple of the network's deepest stride)
     * @return the model's bytes: image {@code [1, c, side, side]} 0..1 in, {@code [1, 2D]} out
     */
    static byte[] pooledFeatureModel(FeatureNetwork network, byte[] onnx, int channels, int side) throws PipelineException {
        OnnxGraphSurgery model = read(network, onnx);
        OnnxGraphBuilder g = new OnnxGraphBuilder("fabrica-backbone").nodePrefix("fabrica/");
        features(g, network, model, channels, side);
        g.node("GlobalAveragePool", List.of(FEATURES), List.of("fabrica/poolmean"));
        g.node("GlobalMaxPool", List.of(FEATURES), List.of("fabrica/poolmax"));
        g.node("Concat", List.of("fabrica/poolmean", "fabrica/poolmax"), List.of("fabrica/both"), Map.of("axis", 1));
        g.node("Flatten", List.of("fabrica/both"), List.of(POOLED), Map.of("axis", 1));
        g.output(POOLED, 1, 2L * network.dimension());
        return cut(model, network, g);
    }

    /**
     * @param network the network and layers
     * @param onnx the network's ONNX file
     * @param channels the image channels
     * @param tile the tile side
     * @param bank the memory bank, standardized: {@code m} rows of {@code D} features
     * @param m its rows
     * @param shift per-feature mean of the training patches
     * @param scale per-feature 1 / deviation
     * @return the anomaly model's bytes
     */
    static byte[] anomalyModel(FeatureNetwork network, byte[] onnx, int channels, int tile, float[] bank, int m, float[] shift,
            float[] scale) throws PipelineException {
        OnnxGraphSurgery model = read(network, onnx);
        OnnxGraphBuilder g = new OnnxGraphBuilder("fabrica-anomaly").nodePrefix("fabrica/");
        features(g, network, model, channels, tile);
        int d = network.dimension();
        int grid = tile / network.stride();
        int cells = grid * grid;
        float[] negShift = new float[d];
        for (int i = 0; i < d; i++) {
            negShift[i] = -shift[i];
        }
        g.initializer("fabrica/shift", negShift, 1, d, 1, 1).initializer("fabrica/scale", scale, 1, d, 1, 1);
        g.node("Add", List.of(FEATURES, "fabrica/shift"), List.of("fabrica/centred"));
        g.node("Mul", List.of("fabrica/centred", "fabrica/scale"), List.of("fabrica/standard"));
        g.initializerInt64("fabrica/flat", 1, d, cells);
        g.node("Reshape", List.of("fabrica/standard", "fabrica/flat"), List.of("fabrica/columns"));
        g.node("Transpose", List.of("fabrica/columns"), List.of("fabrica/queries"), Map.of("perm", new long[] {0, 2, 1}));
        g.node("ReduceSumSquare", List.of("fabrica/queries"), List.of("fabrica/q2"), Map.of("axes", new long[] {2}, "keepdims", 1));
        g.initializer("fabrica/bank", transpose(bank, m, d), d, m);
        g.node("MatMul", List.of("fabrica/queries", "fabrica/bank"), List.of("fabrica/qb"));
        g.initializer("fabrica/minus2", new float[] {-2f}, 1);
        g.node("Mul", List.of("fabrica/qb", "fabrica/minus2"), List.of("fabrica/qb2"));
        g.node("Add", List.of("fabrica/qb2", "fabrica/q2"), List.of("fabrica/partial"));
        g.initializer("fabrica/b2", squaredNorms(bank, m, d), m);
        g.node("Add", List.of("fabrica/partial", "fabrica/b2"), List.of("fabrica/d2"));
        g.node("ReduceMin", List.of("fabrica/d2"), List.of("fabrica/nearest2"), Map.of("axes", new long[] {2}, "keepdims", 0));
        g.node("Relu", List.of("fabrica/nearest2"), List.of("fabrica/nearest2pos"));
        g.node("Sqrt", List.of("fabrica/nearest2pos"), List.of("fabrica/nearest"));
        g.initializerInt64("fabrica/gridshape", 1, grid, grid);
        g.node("Reshape", List.of("fabrica/nearest", "fabrica/gridshape"), List.of(SCORES));
        g.output(SCORES, 1, grid, grid);
        return cut(model, network, g);
    }

    static OnnxGraphSurgery read(FeatureNetwork network, byte[] onnx) throws PipelineException {
        try {
            OnnxGraphSurgery model = OnnxGraphSurgery.read(onnx);
            if (model.inputs().isEmpty()) {
                throw new PipelineException("the pretrained network " + network.network() + " has no input");
            }
            return model;
        } catch (IllegalArgumentException e) {
            throw new PipelineException("the pretrained network " + network.network() + " " + e.getMessage(), e);
        }
    }

    private static byte[] cut(OnnxGraphSurgery model, FeatureNetwork network, OnnxGraphBuilder graft) throws PipelineException {
        Set<String> keep = new LinkedHashSet<>();
        network.layers().forEach(l -> keep.add(l.tensor()));
        try {
            return model.cut(keep, graft);
        } catch (IllegalArgumentException e) {
            throw new PipelineException("the pretrained network " + network.network() + " " + e.getMessage(), e);
        }
    }

    /** The input adapter, the backbone's layers pooled, resized and concatenated into {@link #FEATURES}. */
    private static void features(OnnxGraphBuilder g, FeatureNetwork network, OnnxGraphSurgery model, int channels, int tile) {
        input(g, network, model, channels, tile, false);
        pooled(g, network.layers(), FEATURES, "fabrica/");
    }

    /**
     * The input adapter: the tile {@link #INPUT}, optionally its contrast normalised (mean 0.5,
     * deviation 48/255, clipped to 0..1: the tiles' illumination varies from photo to photo), gray
     * copied to three channels, the network's normalisation, into the network's input.
     */
    static void input(OnnxGraphBuilder g, FeatureNetwork network, OnnxGraphSurgery model, int channels, int tile, boolean contrast) {
        g.input(INPUT, 1, channels, tile, tile);
        String image = INPUT;
        if (contrast) {
            image = contrast(g);
        }
        String rgb = image;
        if (channels == 1) {
            rgb = "fabrica/rgb";
            g.node("Concat", List.of(image, image, image), List.of(rgb), Map.of("axis", 1));
        }
        float[] negMean = new float[3];
        float[] inverse = new float[3];
        for (int c = 0; c < 3; c++) {
            negMean[c] = -network.mean()[c];
            inverse[c] = 1f / network.deviation()[c];
        }
        g.initializer("fabrica/mean", negMean, 1, 3, 1, 1).initializer("fabrica/invdev", inverse, 1, 3, 1, 1);
        g.node("Add", List.of(rgb, "fabrica/mean"), List.of("fabrica/centredrgb"));
        g.node("Mul", List.of("fabrica/centredrgb", "fabrica/invdev"), List.of(model.inputs().get(0)));
    }

    /** Per-tile contrast normalisation of {@link #INPUT}, as a graph; returns the normalised tensor. */
    private static String contrast(OnnxGraphBuilder g) {
        long[] all = {1, 2, 3};
        g.node("ReduceMean", List.of(INPUT), List.of("fabrica/tilemean"), Map.of("axes", all, "keepdims", 1));
        g.node("Sub", List.of(INPUT, "fabrica/tilemean"), List.of("fabrica/tilecentred"));
        g.node("Mul", List.of("fabrica/tilecentred", "fabrica/tilecentred"), List.of("fabrica/tilesq"));
        g.node("ReduceMean", List.of("fabrica/tilesq"), List.of("fabrica/tilevar"), Map.of("axes", all, "keepdims", 1));
        g.initializer("fabrica/tileeps", new float[] {1e-10f}, 1);
        g.node("Add", List.of("fabrica/tilevar", "fabrica/tileeps"), List.of("fabrica/tilevareps"));
        g.node("Sqrt", List.of("fabrica/tilevareps"), List.of("fabrica/tiledev"));
        g.node("Div", List.of("fabrica/tilecentred", "fabrica/tiledev"), List.of("fabrica/tilez"));
        g.initializer("fabrica/tilegain", new float[] {48f / 255f}, 1).initializer("fabrica/tilemid", new float[] {128f / 255f}, 1);
        g.node("Mul", List.of("fabrica/tilez", "fabrica/tilegain"), List.of("fabrica/tilescaled"));
        g.node("Add", List.of("fabrica/tilescaled", "fabrica/tilemid"), List.of("fabrica/tileshifted"));
        g.initializer("fabrica/zero", new float[] {0f}).initializer("fabrica/one", new float[] {1f});
        g.node("Clip", List.of("fabrica/tileshifted", "fabrica/zero", "fabrica/one"), List.of("fabrica/tilenorm"));
        return "fabrica/tilenorm";
    }

    /**
     * The chosen layers, each averaged over 3×3 neighbours, deeper ones resized to the shallowest's
     * grid, concatenated into {@code output}; node names start with {@code prefix}.
     */
    static void pooled(OnnxGraphBuilder g, List<FeatureNetwork.Layer> layers, String output, String prefix) {
        List<String> pooled = new ArrayList<>();
        int base = layers.get(0).stride();
        String roi = prefix + "roi";
        if (layers.stream().anyMatch(l -> l.stride() != base)) {
            // Resize's empty roi input; only when a layer is resized (ONNX Runtime warns about an unused initializer)
            g.initializer(roi, new float[0], 0);
        }
        for (FeatureNetwork.Layer layer : layers) {
            String pool = prefix + "pool/" + layer.tensor();
            g.node("AveragePool", List.of(layer.tensor()), List.of(pool), Map.of("kernel_shape", new long[] {3, 3}, "strides",
                    new long[] {1, 1}, "pads", new long[] {1, 1, 1, 1}, "count_include_pad", 0));
            if (layer.stride() != base) {
                float factor = layer.stride() / (float) base;
                String scales = prefix + "scales/" + layer.tensor();
                g.initializer(scales, new float[] {1, 1, factor, factor}, 4);
                String resized = prefix + "resized/" + layer.tensor();
                g.node("Resize", List.of(pool, roi, scales), List.of(resized), Map.of("mode", "linear"));
                pool = resized;
            }
            pooled.add(pool);
        }
        if (pooled.size() == 1) {
            g.node("Identity", pooled, List.of(output));
        } else {
            g.node("Concat", pooled, List.of(output), Map.of("axis", 1));
        }
    }

    private static float[] transpose(float[] rows, int m, int d) {
        float[] t = new float[m * d];
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < d; k++) {
                t[k * m + i] = rows[i * d + k];
            }
        }
        return t;
    }

    private static float[] squaredNorms(float[] rows, int m, int d) {
        float[] n = new float[m];
        for (int i = 0; i < m; i++) {
            double s = 0;
            for (int k = 0; k < d; k++) {
                s += (double) rows[i * d + k] * rows[i * d + k];
            }
            n[i] = (float) s;
        }
        return n;
    }
}
