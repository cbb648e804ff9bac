package io.fabrica.pipeline.djl.anomaly;

import java.util.Arrays;
import java.util.Random;

/**
 * Greedy k-center coreset selection, the memory-bank reduction of PatchCore: start from a random
 * patch, then repeatedly take the patch farthest from everything taken so far, so that the kept
 * patches cover every kind of good surface the training images show, rare ones included, with far
 * fewer rows. Distances are measured on a Gaussian random projection to {@link #PROJECTION}
 * dimensions (distances are nearly preserved, the search is several times faster).
 */
final class Coreset {

    /** Dimensions of the random projection the selection measures distances in. */
    static final int PROJECTION = 64;

    private Coreset() {
    }

    /**
     * @param rows {@code n × d} patch features, row-major
     * @param n patches
     * @param d features per patch
     * @param m patches to keep
     * @param seed for the first patch and the projection
     * @return the indices of the kept patches, in the order chosen
     */
    static int[] select(float[] rows, int n, int d, int m, long seed) {
        if (m >= n) {
            int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            return all;
        }
        int p = Math.min(PROJECTION, d);
        float[] projected = p < d ? project(rows, n, d, p, seed) : rows;
        float[] nearest = new float[n];
        Arrays.fill(nearest, Float.POSITIVE_INFINITY);
        int[] chosen = new int[m];
        int current = new Random(seed + 1).nextInt(n);
        for (int c = 0; c < m; c++) {
            chosen[c] = current;
            current = updateAndFarthest(projected, n, p, current, nearest);
        }
        return chosen;
    }

    /** Lowers each patch's distance to the chosen set by the new member and returns the farthest patch. */
    private static int updateAndFarthest(float[] x, int n, int p, int member, float[] nearest) {
        int at = member * p;
        int farthest = 0;
        float best = -1;
        for (int i = 0; i < n; i++) {
            int row = i * p;
            float s = 0;
            for (int k = 0; k < p; k++) {
                float t = x[row + k] - x[at + k];
                s += t * t;
            }
            if (s < nearest[i]) {
                nearest[i] = s;
            }
            if (nearest[i] > best) {
                best = nearest[i];
                farthest = i;
            }
        }
        return farthest;
    }

    private static float[] project(float[] rows, int n, int d, int p, long seed) {
        Random random = new Random(seed);
        float[] matrix = new float[d * p];
        float norm = (float) (1 / Math.sqrt(p));
        for (int i = 0; i < matrix.length; i++) {
            matrix[i] = (float) random.nextGaussian() * norm;
        }
        float[] out = new float[n * p];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                float v = rows[i * d + k];
                if (v == 0) {
                    continue;
                }
                int m = k * p;
                int o = i * p;
                for (int j = 0; j < p; j++) {
                    out[o + j] += v * matrix[m + j];
                }
            }
        }
        return out;
    }
}
