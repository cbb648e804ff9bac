package io.fabrica.pipeline.djl.anomaly;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The per-cell Gaussians measure the Mahalanobis distance: for features drawn from a known
 * correlated Gaussian, a point's distance is {@code sqrt((x − μ)ᵀ Σ⁻¹ (x − μ))} of that Gaussian, in
 * each cell with its own mean and covariance.
 */
class CellGaussiansTest {

    @Test
    void distancesAreMahalanobisDistancesToEachCellsGaussian() {
        int cells = 2;
        CellGaussians g = new CellGaussians(2, cells, 2, 1);
        Random random = new Random(3);
        float[] grid = new float[2 * cells];
        for (int n = 0; n < 200_000; n++) {
            double a = random.nextGaussian();
            double b = random.nextGaussian();
            // cell 0: mean (1, 2), x = a, y = a + b (covariance [[1, 1], [1, 2]]); cell 1: mean 0, deviations 2 and 0.5
            grid[0 * cells] = (float) (1 + a);
            grid[1 * cells] = (float) (2 + a + b);
            grid[0 * cells + 1] = (float) (2 * a);
            grid[1 * cells + 1] = (float) (0.5 * b);
            g.add(grid);
        }
        g.fit();
        double[] d = g.distances(new float[] {2, 2, 2, 0.5f}); // feature-major: cell 0 at (2, 2), cell 1 at (2, 0.5)
        // cell 0: Σ⁻¹ = [[2, -1], [-1, 1]], v = (1, 0): vᵀ Σ⁻¹ v = 2 (ε = 0.01 on the diagonal shifts it slightly)
        assertEquals(Math.sqrt(2), d[0], 0.03);
        // cell 1: v = (2, 0.5): (2/2)² + (0.5/0.5)² = 2
        assertEquals(Math.sqrt(2), d[1], 0.03);
    }
}
