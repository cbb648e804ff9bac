package io.fabrica.pipeline.tests.features;

import static io.fabrica.pipeline.tests.features.WindowerTest.assertMessageContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.fabrica.pipeline.features.Fft;

/** {@link Fft} against a naive O(N^2) DFT, Parseval's theorem and known spectra. */
class FftTest {

    private static double[] random(int n, long seed) {
        Random random = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextDouble() * 2 - 1 + (i % 3 == 0 ? 0.5 : 0);
        }
        return x;
    }

    /** Naive DFT of real x: {re[k], im[k]} for 0 <= k <= N/2. */
    private static double[][] dft(double[] x) {
        int n = x.length;
        double[] re = new double[n / 2 + 1];
        double[] im = new double[n / 2 + 1];
        for (int k = 0; k <= n / 2; k++) {
            for (int t = 0; t < n; t++) {
                // Reduce k*t mod n first so the angle stays small and accurate.
                double angle = 2 * Math.PI * ((long) k * t % n) / n;
                re[k] += x[t] * Math.cos(angle);
                im[k] -= x[t] * Math.sin(angle);
            }
        }
        return new double[][] { re, im };
    }

    @Test
    void transformMatchesNaiveDftOnRandomData() {
        for (int n = 2; n <= 2048; n *= 2) {
            double[] x = random(n, n);
            double[][] ref = dft(x);
            double[] data = x.clone();
            new Fft(n).transform(data);
            double scale = 0;
            for (int k = 0; k <= n / 2; k++) {
                scale = Math.max(scale, Math.hypot(ref[0][k], ref[1][k]));
            }
            double tolerance = 1e-9 * scale;
            assertEquals(ref[0][0], data[0], tolerance, "X[0] for N = " + n);
            assertEquals(ref[0][n / 2], data[1], tolerance, "X[N/2] for N = " + n);
            assertEquals(0, ref[1][n / 2], tolerance);
            for (int k = 1; k < n / 2; k++) {
                assertEquals(ref[0][k], data[2 * k], tolerance, "Re X[" + k + "] for N = " + n);
                assertEquals(ref[1][k], data[2 * k + 1], tolerance, "Im X[" + k + "] for N = " + n);
            }
        }
    }

    @Test
    void parsevalHoldsForThePowerSpectrum() {
        for (int n : new int[] { 2, 16, 1024, 4096 }) {
            double[] x = random(n, 7 * n);
            double energy = 0;
            for (double v : x) {
                energy += v * v;
            }
            double[] power = new double[n / 2 + 1];
            new Fft(n).powerSpectrum(x, n, null, power);
            double sum = power[0] + power[n / 2];
            for (int k = 1; k < n / 2; k++) {
                sum += 2 * power[k];
            }
            assertEquals(n * energy, sum, 1e-10 * n * energy, "Parseval for N = " + n);
        }
    }

    @Test
    void aSineOnABinHasAllItsPowerInThatBin() {
        int n = 256;
        int bin = 19;
        double amplitude = 3;
        double[] x = new double[n];
        for (int t = 0; t < n; t++) {
            x[t] = amplitude * Math.sin(2 * Math.PI * bin * t / n);
        }
        double[] power = new double[n / 2 + 1];
        new Fft(n).powerSpectrum(x, n, null, power);
        // |X[bin]| = A N / 2 for a sine of amplitude A.
        assertEquals(Math.pow(amplitude * n / 2, 2), power[bin], 1e-8);
        for (int k = 0; k <= n / 2; k++) {
            if (k != bin) {
                assertEquals(0, power[k], 1e-12 * power[bin], "leak into bin " + k);
            }
        }
    }

    @Test
    void powerSpectrumZeroPadsAndTapersWithoutTouchingTheInput() {
        int length = 100;
        int n = Fft.paddedSize(length);
        assertEquals(128, n);
        double[] x = random(length, 3);
        double[] original = x.clone();
        double[] hann = Fft.hann(length);
        double[] power = new double[n / 2 + 1];
        Fft fft = new Fft(n);
        fft.powerSpectrum(x, length, hann, power);
        assertArrayEquals(original, x);

        double[] padded = new double[n];
        for (int t = 0; t < length; t++) {
            padded[t] = x[t] * hann[t];
        }
        double[][] ref = dft(padded);
        for (int k = 0; k <= n / 2; k++) {
            double expected = ref[0][k] * ref[0][k] + ref[1][k] * ref[1][k];
            assertEquals(expected, power[k], 1e-9 * (1 + expected), "bin " + k);
        }
        // Stale data in the scratch buffer from a longer call must not leak into a shorter one.
        double[] first = power.clone();
        fft.powerSpectrum(random(n, 4), n, null, power);
        fft.powerSpectrum(x, length, hann, power);
        assertArrayEquals(first, power, 0);
    }

    @Test
    void hannIsThePeriodicWindow() {
        double[] w = Fft.hann(8);
        assertEquals(0, w[0], 0);
        assertEquals(1, w[4], 1e-15);
        assertEquals(0.5, w[2], 1e-15);
        assertEquals(w[1], w[7], 1e-15);
    }

    @Test
    void paddedSizeIsTheNextPowerOfTwo() {
        assertEquals(2, Fft.paddedSize(1));
        assertEquals(2, Fft.paddedSize(2));
        assertEquals(4, Fft.paddedSize(3));
        assertEquals(1024, Fft.paddedSize(1024));
        assertEquals(2048, Fft.paddedSize(1025));
    }

    @Test
    void invalidArgumentsAreRejectedNamingTheValues() {
        assertMessageContains(() -> new Fft(1000), "1000");
        assertMessageContains(() -> new Fft(1), "size 1 ");
        assertMessageContains(() -> new Fft(0), "size 0 ");
        assertMessageContains(() -> Fft.paddedSize(0), "length 0");
        assertMessageContains(() -> Fft.hann(0), "length 0");
        Fft fft = new Fft(16);
        assertMessageContains(() -> fft.transform(new double[15]), "16", "15");
        assertMessageContains(() -> fft.powerSpectrum(new double[16], 17, null, new double[9]), "17", "16");
        assertMessageContains(() -> fft.powerSpectrum(new double[16], 16, null, new double[8]), "8", "9");
        assertMessageContains(() -> fft.powerSpectrum(new double[16], 16, new double[10], new double[9]), "10");
    }
}
