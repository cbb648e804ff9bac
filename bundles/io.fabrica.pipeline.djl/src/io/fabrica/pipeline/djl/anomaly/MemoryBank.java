package io.fabrica.pipeline.djl.anomaly;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;

import io.fabrica.pipeline.AnomalyStage;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.engine.stages.AnomalyScorer;

/**
 * The memory bank of PatchCore: patch features of the good training tiles, sampled down to a bound
 * kept in memory, standardized per feature and reduced by greedy coreset selection.
 */
final class MemoryBank {

    final float[] rows;
    final int m;
    final int d;
    final float[] shift;
    final float[] scale;
    final long candidates;

    MemoryBank(float[] rows, int m, int d, float[] shift, float[] scale, long candidates) {
        this.rows = rows;
        this.m = m;
        this.d = d;
        this.shift = shift;
        this.scale = scale;
        this.candidates = candidates;
    }

    long bytes() {
        return 4L * m * d;
    }

    /**
     * Samples the patch features of the training images (at most {@link AnomalyTraining#MAX_CANDIDATES}
     * patches in memory), standardizes them and keeps a coreset of at most the stage's bound.
     */
    static MemoryBank fit(FeatureExtractor features, CapturedImages images, List<Integer> train, AnomalyStage stage, long seed,
            Consumer<String> log) throws PipelineException {
        int d = features.dimension();
        int tile = stage.getTileSize();
        int[] xs = AnomalyScorer.tileOrigins(images.width, tile, stage.getTileOverlap(), features.stride());
        int[] ys = AnomalyScorer.tileOrigins(images.height, tile, stage.getTileOverlap(), features.stride());
        long total = (long) train.size() * xs.length * ys.length * features.cells();
        double keep = Math.min(1, AnomalyTraining.MAX_CANDIDATES / (double) total);
        Random random = new Random(seed);
        float[] candidates = new float[(int) Math.min(total, AnomalyTraining.MAX_CANDIDATES + AnomalyTraining.MAX_CANDIDATES / 10 + 1024) * d];
        int n = 0;
        float[] image = new float[images.width * images.height * images.channels];
        float[] tileInput = new float[images.channels * tile * tile];
        for (int i : train) {
            images.image(i, image);
            for (int top : ys) {
                for (int left : xs) {
                    AnomalyScorer.copyTile(image, images.width, images.height, images.channels, left, top, tile, tileInput);
                    float[] grid = features.extract(tileInput);
                    n = sample(grid, features.cells(), d, keep, random, candidates, n);
                }
            }
        }
        float[] shift = new float[d];
        float[] scale = new float[d];
        standardize(candidates, n, d, shift, scale);
        int m = (int) Math.max(1, Math.min(stage.getMaxMemoryBank(), Math.round(stage.getCoresetFraction() * total)));
        m = Math.min(m, n);
        log.accept(String.format(Locale.ROOT, "Coreset: %d of %d candidate patches (%d in all, %d features each) kept in the memory bank",
                m, n, total, d));
        int[] chosen = Coreset.select(candidates, n, d, m, seed);
        float[] rows = new float[m * d];
        for (int c = 0; c < m; c++) {
            System.arraycopy(candidates, chosen[c] * d, rows, c * d, d);
        }
        return new MemoryBank(rows, m, d, shift, scale, total);
    }

    /** Keeps each patch of a feature grid ({@code [D, cells]}) with probability {@code keep}, as a row. */
    private static int sample(float[] grid, int cells, int d, double keep, Random random, float[] rows, int n) {
        int count = n;
        for (int cell = 0; cell < cells; cell++) {
            if (keep < 1 && random.nextDouble() >= keep || (count + 1) * d > rows.length) {
                continue;
            }
            for (int k = 0; k < d; k++) {
                rows[count * d + k] = grid[k * cells + cell];
            }
            count++;
        }
        return count;
    }

    private static void standardize(float[] rows, int n, int d, float[] shift, float[] scale) {
        double[] sum = new double[d];
        double[] squares = new double[d];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                double v = rows[i * d + k];
                sum[k] += v;
                squares[k] += v * v;
            }
        }
        for (int k = 0; k < d; k++) {
            double mean = sum[k] / n;
            double deviation = Math.sqrt(Math.max(1e-12, squares[k] / n - mean * mean));
            shift[k] = (float) mean;
            scale[k] = (float) (1 / deviation);
        }
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                rows[i * d + k] = (rows[i * d + k] - shift[k]) * scale[k];
            }
        }
    }
}
