package io.fabrica.pipeline.djl.anomaly;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * One Gaussian per grid cell of a feature grid (the PaDiM method): the mean and covariance of a
 * fixed random subset of the features over the good tiles, accumulated tile by tile (sums of
 * products in double precision, so the training images need not be kept), then turned into a
 * whitening matrix {@code W = L⁻¹} with {@code LLᵀ = Σ + εI}, so that the Mahalanobis distance is
 * {@code |W (x − μ)|}. The fixed subset keeps the model's size bounded: {@code cells × k²} floats.
 */
final class CellGaussians {

    /** Added to the covariance's diagonal: keeps it invertible with fewer tiles than features. */
    static final double EPSILON = 0.01;

    private final int features;
    private final int cells;
    private final int[] chosen;
    private final double[] sums;
    private final double[] products;
    private long tiles;
    private float[] means;
    private float[] whitening;

    /**
     * @param features features per cell of the grids to come ({@code D})
     * @param cells cells per grid
     * @param dims features kept per cell (at most {@code D})
     * @param seed seed of the subset's choice
     */
    CellGaussians(int features, int cells, int dims, long seed) {
        this.features = features;
        this.cells = cells;
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < features; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed));
        this.chosen = order.subList(0, Math.min(dims, features)).stream().mapToInt(Integer::intValue).sorted().toArray();
        int k = chosen.length;
        this.sums = new double[cells * k];
        this.products = new double[cells * k * (k + 1) / 2];
    }

    int features() {
        return features;
    }

    int dims() {
        return chosen.length;
    }

    long tiles() {
        return tiles;
    }

    /** @return the chosen feature indices, ascending */
    long[] chosen() {
        return Arrays.stream(chosen).asLongStream().toArray();
    }

    /** @return floats in the fitted model (means and whitening matrices) */
    long floats() {
        return (long) cells * dims() * (dims() + 1);
    }

    /** Adds one tile's grid, {@code [D, cells]} feature-major. */
    void add(float[] grid) {
        int k = chosen.length;
        double[] x = new double[k];
        int tri = k * (k + 1) / 2;
        for (int c = 0; c < cells; c++) {
            for (int j = 0; j < k; j++) {
                x[j] = grid[chosen[j] * cells + c];
                sums[c * k + j] += x[j];
            }
            int at = c * tri;
            for (int j = 0; j < k; j++) {
                double v = x[j];
                for (int l = 0; l <= j; l++) {
                    products[at++] += v * x[l];
                }
            }
        }
        tiles++;
    }

    /** Fits the means and whitening matrices from the tiles added. */
    void fit() {
        int k = chosen.length;
        int tri = k * (k + 1) / 2;
        means = new float[cells * k];
        whitening = new float[cells * k * k];
        double[] mu = new double[k];
        double[] a = new double[k * k];
        for (int c = 0; c < cells; c++) {
            for (int j = 0; j < k; j++) {
                mu[j] = sums[c * k + j] / tiles;
                means[c * k + j] = (float) mu[j];
            }
            int at = c * tri;
            for (int j = 0; j < k; j++) {
                for (int l = 0; l <= j; l++) {
                    double cov = (products[at++] - tiles * mu[j] * mu[l]) / Math.max(1, tiles - 1);
                    a[j * k + l] = cov + (j == l ? EPSILON : 0);
                }
            }
            cholesky(a, k);
            invertLower(a, k, whitening, c * k * k);
        }
    }

    /** In place: the lower triangle of {@code a} becomes the Cholesky factor. */
    private static void cholesky(double[] a, int k) {
        for (int j = 0; j < k; j++) {
            double s = a[j * k + j];
            for (int l = 0; l < j; l++) {
                s -= a[j * k + l] * a[j * k + l];
            }
            double d = Math.sqrt(Math.max(s, 1e-12));
            a[j * k + j] = d;
            for (int i = j + 1; i < k; i++) {
                double t = a[i * k + j];
                for (int l = 0; l < j; l++) {
                    t -= a[i * k + l] * a[j * k + l];
                }
                a[i * k + j] = t / d;
            }
        }
    }

    /** Writes {@code L⁻¹} (lower triangular, row-major) of the factor in {@code l}'s lower triangle. */
    private static void invertLower(double[] l, int k, float[] into, int at) {
        double[] inv = new double[k * k];
        for (int col = 0; col < k; col++) {
            for (int i = col; i < k; i++) {
                double s = i == col ? 1 : 0;
                for (int m = col; m < i; m++) {
                    s -= l[i * k + m] * inv[m * k + col];
                }
                inv[i * k + col] = s / l[i * k + i];
            }
        }
        for (int i = 0; i < k * k; i++) {
            into[at + i] = (float) inv[i];
        }
    }

    /** @return the means, {@code [cells, k]} */
    float[] means() {
        return means;
    }

    /** @return {@code Wᵀ} per cell, {@code [cells, k, k]}: a row vector times it is {@code (W x)ᵀ} */
    float[] whiteningTransposed() {
        int k = chosen.length;
        float[] t = new float[whitening.length];
        for (int c = 0; c < cells; c++) {
            int o = c * k * k;
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    t[o + j * k + i] = whitening[o + i * k + j];
                }
            }
        }
        return t;
    }

    /**
     * The distances in Java, to check the exported model against.
     *
     * @param grid a tile's grid, {@code [D, cells]}
     * @return the distance per cell
     */
    double[] distances(float[] grid) {
        int k = chosen.length;
        double[] out = new double[cells];
        double[] x = new double[k];
        for (int c = 0; c < cells; c++) {
            for (int j = 0; j < k; j++) {
                x[j] = grid[chosen[j] * cells + c] - means[c * k + j];
            }
            double s = 0;
            for (int i = 0; i < k; i++) {
                double z = 0;
                for (int j = 0; j <= i; j++) {
                    z += whitening[c * k * k + i * k + j] * x[j];
                }
                s += z * z;
            }
            out[c] = Math.sqrt(s);
        }
        return out;
    }
}
