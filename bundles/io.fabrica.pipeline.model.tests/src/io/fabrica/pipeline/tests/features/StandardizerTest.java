package io.fabrica.pipeline.tests.features;

import static io.fabrica.pipeline.tests.features.WindowerTest.assertMessageContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.fabrica.pipeline.features.Standardizer;

/** {@link Standardizer} against batch statistics, and its round trip through stored arrays. */
class StandardizerTest {

    private static double[][] data(int count, long seed) {
        Random random = new Random(seed);
        double[][] rows = new double[count][];
        for (int i = 0; i < count; i++) {
            // Large offset relative to the spread, where naive sum-of-squares variance loses digits.
            rows[i] = new double[] { 1e6 + random.nextGaussian(), 3 * random.nextGaussian(), 7.5 };
        }
        return rows;
    }

    private static Standardizer fitted(double[][] rows) {
        Standardizer s = new Standardizer(rows[0].length);
        for (double[] row : rows) {
            s.fit(row);
        }
        return s;
    }

    @Test
    void fittedStatisticsMatchBatchMeanAndPopulationStd() {
        double[][] rows = data(5000, 1);
        Standardizer s = fitted(rows);
        assertEquals(5000, s.count());
        for (int c = 0; c < 3; c++) {
            double mean = 0;
            for (double[] row : rows) {
                mean += row[c];
            }
            mean /= rows.length;
            double var = 0;
            for (double[] row : rows) {
                var += (row[c] - mean) * (row[c] - mean);
            }
            double std = Math.sqrt(var / rows.length);
            assertEquals(mean, s.means()[c], 1e-12 * Math.max(1, Math.abs(mean)), "mean " + c);
            assertEquals(std, s.deviations()[c], 1e-9 * Math.max(1, std), "deviation " + c);
        }
        assertEquals(0, s.deviations()[2], 0, "a constant component has deviation 0");
    }

    @Test
    void applyStandardisesAndZeroesConstantComponents() {
        double[][] rows = data(2000, 2);
        Standardizer s = fitted(rows);
        double[] sum = new double[3];
        double[] squares = new double[3];
        double[] out = new double[3];
        for (double[] row : rows) {
            s.apply(row, out);
            for (int c = 0; c < 3; c++) {
                sum[c] += out[c];
                squares[c] += out[c] * out[c];
            }
        }
        assertEquals(0, sum[0] / rows.length, 1e-6);
        assertEquals(1, squares[1] / rows.length, 1e-9);
        assertEquals(0, squares[2], 0);
        double[] inPlace = rows[0].clone();
        s.apply(inPlace, inPlace);
        s.apply(rows[0], out);
        assertArrayEquals(out, inPlace, 0);
    }

    @Test
    void storedStatisticsRoundTrip() {
        Standardizer fitted = fitted(data(500, 3));
        List<Double> means = new ArrayList<>();
        List<Double> deviations = new ArrayList<>();
        for (double m : fitted.means()) {
            means.add(m);
        }
        for (double d : fitted.deviations()) {
            deviations.add(d);
        }
        Standardizer stored = Standardizer.of(means, deviations);
        assertArrayEquals(fitted.means(), stored.means(), 0);
        assertArrayEquals(fitted.deviations(), stored.deviations(), 0);
        assertEquals(-1, stored.count());
        double[] v = { 1e6 + 0.5, -2, 7.5 };
        double[] a = new double[3];
        double[] b = new double[3];
        fitted.apply(v, a);
        stored.apply(v, b);
        assertArrayEquals(a, b, 0);
        assertThrows(IllegalStateException.class, () -> stored.fit(v));
    }

    @Test
    void storedArraysAreCopied() {
        double[] means = { 1, 2 };
        double[] deviations = { 1, 1 };
        Standardizer s = new Standardizer(means, deviations);
        means[0] = 100;
        s.means()[1] = 100;
        assertArrayEquals(new double[] { 1, 2 }, s.means(), 0);
    }

    @Test
    void invalidArgumentsAreRejectedNamingTheValues() {
        assertMessageContains(() -> new Standardizer(new double[3], new double[2]), "3", "2");
        assertMessageContains(() -> new Standardizer(new double[0], new double[0]), "0");
        assertMessageContains(() -> new Standardizer(new double[] { 0, 1 }, new double[] { 1, -0.5 }),
                "deviation 1", "-0.5");
        assertMessageContains(() -> new Standardizer(new double[] { Double.NaN }, new double[] { 1 }),
                "mean 0", "NaN");
        assertMessageContains(() -> Standardizer.of(Arrays.asList(1.0, null), List.of(1.0, 1.0)), "means 1");
        assertMessageContains(() -> new Standardizer(0), "dimension 0");
        Standardizer s = new Standardizer(3);
        assertThrows(IllegalStateException.class, () -> s.apply(new double[3], new double[3]));
        assertMessageContains(() -> s.fit(new double[2]), "2", "dimension is 3");
        s.fit(new double[3]);
        assertMessageContains(() -> s.apply(new double[3], new double[2]), "2", "3");
    }
}
