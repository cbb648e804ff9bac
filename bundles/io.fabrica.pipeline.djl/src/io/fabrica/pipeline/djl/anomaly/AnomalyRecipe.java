package io.fabrica.pipeline.djl.anomaly;

import io.fabrica.pipeline.api.PipelineException;

/**
 * How an anomaly stage turns a tile into an anomaly map and a score, as written in its feature
 * extractor: {@code <network>:<layers>[; score=<layers>][; gaussian][; contrast]}.
 * <ul>
 * <li>{@code <network>:<layers>} — the pretrained network and the layers of the anomaly map (see
 * {@link FeatureNetwork});</li>
 * <li>{@code gaussian} — one Gaussian of the good tiles' features per grid cell, Mahalanobis distance
 * (the PaDiM method, for aligned parts: every image resized to one tile) instead of the nearest
 * neighbour in a memory bank (PatchCore, the default);</li>
 * <li>{@code score=<layers>} — the image score is read from a second map made from these layers (with
 * {@code gaussian}): on the magnetic tiles the fine layers localise best, the deeper ones separate
 * good from defective images best;</li>
 * <li>{@code contrast} — each tile's contrast is normalised before the network (mean and deviation of
 * its gray values), since illumination varies from photo to photo.</li>
 * </ul>
 *
 * @param map the network and the layers of the anomaly map
 * @param score the layers of the image score, or {@code null} for the map itself
 * @param gaussian per-cell Gaussians instead of a memory bank
 * @param contrast per-tile contrast normalisation
 */
public record AnomalyRecipe(FeatureNetwork map, FeatureNetwork score, boolean gaussian, boolean contrast) {

    /**
     * The recipe {@code fabrica new-pipeline inspection --images} writes: PP-OCRv3's detector, the map
     * from its stride-4 and stride-8 stages, the score from its stride-8, 16 and 32 stages, per-cell
     * Gaussians, contrast normalised — measured best on the magnetic tiles (README).
     */
    public static final String IMAGES = "PP-OCRv3-det:elementwise_add_1,elementwise_add_3; score=elementwise_add_3,elementwise_add_7,"
            + "elementwise_add_9; gaussian; contrast";

    /** Features per cell a Gaussian keeps (a random subset of the layers' channels), bounding the model's size. */
    public static final int GAUSSIAN_DIMS = 100;

    /**
     * @param description the stage's feature extractor; blank for {@link FeatureNetwork#DEFAULT}
     * @return the recipe
     * @throws PipelineException if a part is not understood
     */
    public static AnomalyRecipe parse(String description) throws PipelineException {
        String text = description == null ? "" : description.trim();
        String[] parts = text.split(";");
        FeatureNetwork map = FeatureNetwork.parse(parts[0]);
        FeatureNetwork score = null;
        boolean gaussian = false;
        boolean contrast = false;
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i].trim();
            if (part.equals("gaussian")) {
                gaussian = true;
            } else if (part.equals("contrast")) {
                contrast = true;
            } else if (part.startsWith("score=")) {
                score = FeatureNetwork.parse(map.network() + ":" + part.substring("score=".length()));
            } else if (!part.isEmpty()) {
                throw new PipelineException("feature extractor '" + text + "': '" + part
                        + "' is not understood; after the layers come '; score=<layers>', '; gaussian' or '; contrast'");
            }
        }
        if (!gaussian && (score != null || contrast)) {
            throw new PipelineException("feature extractor '" + text + "': 'score=' and 'contrast' need '; gaussian' (the memory bank"
                    + " of PatchCore takes the layers alone)");
        }
        return new AnomalyRecipe(map, score == null && gaussian ? map : score, gaussian, contrast);
    }

    /** @return the deepest stride of all layers, which tiles must be a multiple of */
    public int deepestStride() {
        return Math.max(map.deepestStride(), score == null ? 0 : score.deepestStride());
    }
}
