package io.fabrica.pipeline.djl.anomaly;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.djl.onnx.OnnxGraphBuilder;
import io.fabrica.pipeline.djl.onnx.OnnxGraphSurgery;

/**
 * The ONNX models of a {@link AnomalyRecipe#gaussian() Gaussian} recipe (the PaDiM method), both cut
 * from the pretrained network:
 * <ul>
 * <li>the <b>feature model</b> (training): a tile in, two feature grids out — the map's layers
 * ({@link #MAP_FEATURES}) and the score's layers ({@link #SCORE_FEATURES}), each pooled and
 * concatenated on its shallowest layer's grid;</li>
 * <li>the <b>anomaly model</b> (pipelines): the same, then for every grid cell the Mahalanobis distance
 * of its features (a fixed random subset of them) to the Gaussian of the good tiles at that cell:
 * {@code |W_c (x − μ_c)|} with {@code W_c} the inverse of the covariance's Cholesky factor, one
 * batched matrix product over the cells. Out comes {@code [1, 2, g, g]}: the map's distances and the
 * score's distances resized to the map's grid.</li>
 * </ul>
 */
final class GaussianGraphs {

    static final String MAP_FEATURES = "fabrica/features/map";
    static final String SCORE_FEATURES = "fabrica/features/score";

    private GaussianGraphs() {
    }

    /** @return the feature model's bytes: outputs {@link #MAP_FEATURES} and {@link #SCORE_FEATURES} */
    static byte[] featureModel(AnomalyRecipe recipe, byte[] onnx, int channels, int tile) throws PipelineException {
        OnnxGraphSurgery model = AnomalyGraphs.read(recipe.map(), onnx);
        OnnxGraphBuilder g = new OnnxGraphBuilder("fabrica-features").nodePrefix("fabrica/");
        both(g, recipe, model, channels, tile);
        output(g, MAP_FEATURES, recipe.map(), tile);
        output(g, SCORE_FEATURES, recipe.score(), tile);
        return cut(model, recipe, g);
    }

    /**
     * @param recipe the recipe
     * @param onnx the network's ONNX file
     * @param channels the image channels
     * @param tile the tile side
     * @param map the Gaussians of the map's cells
     * @param score the Gaussians of the score's cells
     * @return the anomaly model's bytes
     */
    static byte[] anomalyModel(AnomalyRecipe recipe, byte[] onnx, int channels, int tile, CellGaussians map, CellGaussians score)
            throws PipelineException {
        OnnxGraphSurgery model = AnomalyGraphs.read(recipe.map(), onnx);
        OnnxGraphBuilder g = new OnnxGraphBuilder("fabrica-anomaly").nodePrefix("fabrica/");
        both(g, recipe, model, channels, tile);
        int gm = tile / recipe.map().stride();
        int gs = tile / recipe.score().stride();
        String m = distances(g, MAP_FEATURES, map, gm, "fabrica/map/");
        String s = distances(g, SCORE_FEATURES, score, gs, "fabrica/score/");
        if (gs != gm) {
            float factor = gm / (float) gs;
            g.initializer("fabrica/up/roi", new float[0], 0).initializer("fabrica/up/scales", new float[] {1, 1, factor, factor}, 4);
            g.node("Resize", List.of(s, "fabrica/up/roi", "fabrica/up/scales"), List.of("fabrica/score/resized"), Map.of("mode", "linear"));
            s = "fabrica/score/resized";
        }
        g.node("Concat", List.of(m, s), List.of(AnomalyGraphs.SCORES), Map.of("axis", 1));
        g.output(AnomalyGraphs.SCORES, 1, 2, gm, gm);
        return cut(model, recipe, g);
    }

    private static void both(OnnxGraphBuilder g, AnomalyRecipe recipe, OnnxGraphSurgery model, int channels, int tile) {
        AnomalyGraphs.input(g, recipe.map(), model, channels, tile, recipe.contrast());
        AnomalyGraphs.pooled(g, recipe.map().layers(), MAP_FEATURES, "fabrica/map/");
        AnomalyGraphs.pooled(g, recipe.score().layers(), SCORE_FEATURES, "fabrica/score/");
    }

    private static void output(OnnxGraphBuilder g, String name, FeatureNetwork layers, int tile) {
        int grid = tile / layers.stride();
        g.output(name, 1, layers.dimension(), grid, grid);
    }

    /** Per-cell Mahalanobis distances of a feature grid {@code [1, D, g, g]}; returns {@code [1, 1, g, g]}. */
    private static String distances(OnnxGraphBuilder g, String features, CellGaussians gaussians, int grid, String p) {
        int cells = grid * grid;
        int k = gaussians.dims();
        g.initializerInt64(p + "flat", gaussians.features(), cells);
        g.node("Reshape", List.of(features, p + "flat"), List.of(p + "columns"));
        g.initializerInt64(p + "chosen", gaussians.chosen());
        g.node("Gather", List.of(p + "columns", p + "chosen"), List.of(p + "subset"), Map.of("axis", 0));
        g.node("Transpose", List.of(p + "subset"), List.of(p + "rows"), Map.of("perm", new long[] {1, 0}));
        g.initializer(p + "mean", gaussians.means(), cells, k);
        g.node("Sub", List.of(p + "rows", p + "mean"), List.of(p + "centred"));
        g.node("Unsqueeze", List.of(p + "centred"), List.of(p + "vectors"), Map.of("axes", new long[] {1}));
        g.initializer(p + "whiten", gaussians.whiteningTransposed(), cells, k, k);
        g.node("MatMul", List.of(p + "vectors", p + "whiten"), List.of(p + "white"));
        g.node("ReduceSumSquare", List.of(p + "white"), List.of(p + "d2"), Map.of("axes", new long[] {1, 2}, "keepdims", 0));
        g.node("Sqrt", List.of(p + "d2"), List.of(p + "d"));
        g.initializerInt64(p + "gridshape", 1, 1, grid, grid);
        g.node("Reshape", List.of(p + "d", p + "gridshape"), List.of(p + "distances"));
        return p + "distances";
    }

    private static byte[] cut(OnnxGraphSurgery model, AnomalyRecipe recipe, OnnxGraphBuilder graft) throws PipelineException {
        Set<String> keep = new LinkedHashSet<>();
        recipe.map().layers().forEach(l -> keep.add(l.tensor()));
        recipe.score().layers().forEach(l -> keep.add(l.tensor()));
        try {
            return model.cut(keep, graft);
        } catch (IllegalArgumentException e) {
            throw new PipelineException("the pretrained network " + recipe.map().network() + " " + e.getMessage(), e);
        }
    }
}
