package io.fabrica.pipeline.tests.features;

import static io.fabrica.pipeline.tests.features.WindowerTest.assertMessageContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.fabrica.pipeline.Feature;
import io.fabrica.pipeline.features.FeatureExtractor;

/** {@link FeatureExtractor} against two-pass reference formulas, a naive DFT and known signals. */
class FeatureExtractorTest {

    private static final double FS = 10240;
    private static final List<Feature> SCALARS = List.of(Feature.MEAN, Feature.STD, Feature.RMS, Feature.PEAK,
            Feature.CREST_FACTOR, Feature.KURTOSIS, Feature.SKEWNESS);

    private static double[] extract(List<Feature> features, int bands, double[] x, boolean hann) {
        FeatureExtractor e = new FeatureExtractor(features, bands, x.length, FS, hann);
        double[] out = new double[e.dimension()];
        e.extract(x, x.length, out);
        return out;
    }

    private static double[] scalars(double[] x) {
        return extract(SCALARS, 0, x, false);
    }

    /** Straightforward two-pass formulas: mean first, then central moments. */
    private static double[] reference(double[] x) {
        int n = x.length;
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= n;
        double m2 = 0, m3 = 0, m4 = 0, squares = 0, peak = 0;
        for (double v : x) {
            double d = v - mean;
            m2 += d * d / n;
            m3 += d * d * d / n;
            m4 += d * d * d * d / n;
            squares += v * v / n;
            peak = Math.max(peak, Math.abs(v));
        }
        double rms = Math.sqrt(squares);
        return new double[] { mean, Math.sqrt(m2), rms, peak, peak / rms, m4 / (m2 * m2), m3 / Math.pow(m2, 1.5) };
    }

    private static double[] sine(int n, double amplitude, double hz, double offset) {
        double[] x = new double[n];
        for (int t = 0; t < n; t++) {
            x[t] = offset + amplitude * Math.sin(2 * Math.PI * hz * t / FS);
        }
        return x;
    }

    private static double energy(double[] x) {
        double e = 0;
        for (double v : x) {
            e += v * v;
        }
        return e;
    }

    @Test
    void scalarFeaturesMatchTheTwoPassReferenceOnRandomData() {
        Random random = new Random(11);
        for (int n : new int[] { 2, 3, 100, 1000, 1024 }) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = 0.3 + random.nextGaussian() * 2 + (random.nextInt(10) == 0 ? 5 : 0);
            }
            double[] expected = reference(x);
            double[] actual = scalars(x);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-12 * Math.max(1, Math.abs(expected[i])),
                        SCALARS.get(i) + " for n = " + n);
            }
        }
    }

    @Test
    void aSineHasTheTextbookShapeStatistics() {
        double amplitude = 2;
        // 640 Hz at 10240 Hz is 16 samples per period: whole periods, and samples on the crests.
        double[] f = scalars(sine(1024, amplitude, 640, 0));
        assertEquals(0, f[0], 1e-12, "mean");
        assertEquals(amplitude / Math.sqrt(2), f[1], 1e-12, "std");
        assertEquals(amplitude / Math.sqrt(2), f[2], 1e-12, "rms");
        assertEquals(amplitude, f[3], 1e-12, "peak");
        assertEquals(Math.sqrt(2), f[4], 1e-12, "crest factor");
        assertEquals(1.5, f[5], 1e-12, "kurtosis");
        assertEquals(0, f[6], 1e-12, "skewness");
    }

    @Test
    void shapeStatisticsSurviveALargeOffset() {
        // A 1 mm/s2 vibration riding on gravity: one-pass power sums would lose kurtosis entirely.
        double[] f = scalars(sine(1024, 1e-3, 640, 9.81));
        assertEquals(9.81, f[0], 1e-12, "mean");
        assertEquals(1e-3 / Math.sqrt(2), f[1], 1e-12, "std");
        assertEquals(1.5, f[5], 1e-6, "kurtosis");
        assertEquals(0, f[6], 1e-6, "skewness");
    }

    @Test
    void gaussianNoiseHasKurtosisThree() {
        int n = 1 << 16;
        Random random = new Random(5);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextGaussian();
        }
        double[] f = scalars(x);
        // Standard errors of sample kurtosis and skewness are about sqrt(24/n) and sqrt(6/n).
        assertEquals(3, f[5], 5 * Math.sqrt(24.0 / n), "kurtosis");
        assertEquals(0, f[6], 5 * Math.sqrt(6.0 / n), "skewness");
    }

    @Test
    void anImpulseTrainIsPeakyAndHeavyTailed() {
        double[] x = new double[1024];
        for (int i = 0; i < x.length; i += 64) {
            x[i] = 1;
        }
        double[] f = scalars(x);
        assertEquals(8, f[4], 1e-12, "crest factor = 1 / sqrt(1/64)");
        // Bernoulli(p) has kurtosis 1/(p(1-p)) - 3, about 62 for p = 1/64.
        assertEquals(64.0 * 64 / 63 - 3, f[5], 1e-9, "kurtosis");
        assertTrue(f[5] > 20);
    }

    @Test
    void constantAndZeroWindowsGiveZeroShapeStatistics() {
        double[] constant = new double[1000];
        Arrays.fill(constant, 0.1);
        double[] f = scalars(constant);
        assertEquals(0.1, f[0], 1e-15);
        assertEquals(0, f[1], 0, "std");
        assertEquals(1, f[4], 1e-12, "crest factor");
        assertEquals(0, f[5], 0, "kurtosis");
        assertEquals(0, f[6], 0, "skewness");
        double[] zero = scalars(new double[16]);
        assertArrayEquals(new double[7], zero, 0);
    }

    @Test
    void bandEnergiesMatchANaiveDftAndAddUpToTheWindowEnergy() {
        Random random = new Random(9);
        for (int n : new int[] { 1024, 1000, 37 }) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = random.nextGaussian() + 0.2;
            }
            // 3 and 5 bands put edges between bins, 8 bands exactly on bins.
            for (int bands : new int[] { 8, 3, 5 }) {
                double[] bandEnergy = extract(List.of(Feature.FFT_BAND_ENERGY), bands, x, false);
                double[] expected = naiveBandEnergies(x, bands);
                double total = 0;
                for (int b = 0; b < bands; b++) {
                    assertEquals(expected[b], bandEnergy[b], 1e-9 * energy(x),
                            "band " + b + " of " + bands + ", n = " + n);
                    total += bandEnergy[b];
                }
                assertEquals(energy(x), total, 1e-10 * energy(x), "Parseval, n = " + n);
            }
        }
    }

    /** Bins of the zero-padded N-point DFT, one-sided with doubled interior bins, divided by N. */
    private static double[] naiveBandEnergies(double[] x, int bands) {
        int n = Integer.highestOneBit(x.length - 1) << 1;
        double[] result = new double[bands];
        for (int k = 0; k <= n / 2; k++) {
            double re = 0, im = 0;
            for (int t = 0; t < x.length; t++) {
                double angle = 2 * Math.PI * ((long) k * t % n) / n;
                re += x[t] * Math.cos(angle);
                im -= x[t] * Math.sin(angle);
            }
            double hz = k * FS / n;
            int band = Math.min(bands - 1, (int) Math.floor(hz / (FS / 2 / bands)));
            result[band] += (k == 0 || k == n / 2 ? 1 : 2) * (re * re + im * im) / n;
        }
        return result;
    }

    @Test
    void aSineLandsInItsBand() {
        // 3000 Hz lies in band 4 of 8 (2560-3200 Hz); 640 Hz sits on the edge of bands 0 and 1 and
        // belongs to the upper one.
        for (double[] hzBand : new double[][] { { 3000, 4 }, { 640, 1 }, { 5000, 7 }, { 100, 0 } }) {
            double[] x = sine(1024, 1.5, hzBand[0], 0);
            double[] e = extract(List.of(Feature.FFT_BAND_ENERGY), 8, x, false);
            int band = (int) hzBand[1];
            assertEquals(energy(x), e[band], 1e-9 * energy(x), hzBand[0] + " Hz in band " + band);
            for (int b = 0; b < 8; b++) {
                if (b != band) {
                    assertEquals(0, e[b], 1e-9 * energy(x), hzBand[0] + " Hz leaks into band " + b);
                }
            }
        }
    }

    @Test
    void hannKeepsAnOffBinSineInItsBand() {
        double[] x = sine(1024, 1, 2875.3, 0);
        double[] rectangular = extract(List.of(Feature.FFT_BAND_ENERGY), 8, x, false);
        double[] hann = extract(List.of(Feature.FFT_BAND_ENERGY), 8, x, true);
        double hannTotal = Arrays.stream(hann).sum();
        assertTrue(hann[4] > 0.999 * hannTotal, () -> Arrays.toString(hann));
        assertTrue(hann[4] / hannTotal > rectangular[4] / Arrays.stream(rectangular).sum(),
                "the taper reduces leakage");
        assertEquals(energy(x), hannTotal, 0.02 * energy(x), "taper power correction");
    }

    @Test
    void vectorLayoutAndNamesFollowTheFeatureOrder() {
        List<Feature> features = List.of(Feature.RMS, Feature.FFT_BAND_ENERGY, Feature.KURTOSIS);
        FeatureExtractor e = new FeatureExtractor(features, 4, 1024, FS);
        assertEquals(6, e.dimension());
        assertArrayEquals(new String[] { "rms", "band-energy[0-1280 Hz]", "band-energy[1280-2560 Hz]",
                "band-energy[2560-3840 Hz]", "band-energy[3840-5120 Hz]", "kurtosis" }, e.names());
        assertEquals(5120, e.bandEdge(4), 0);

        double[] x = sine(1024, 1, 1000, 0.5);
        double[] out = new double[8];
        out[6] = out[7] = 42;
        e.extract(x, 1024, out);
        double[] s = scalars(x);
        double[] bands = extract(List.of(Feature.FFT_BAND_ENERGY), 4, x, false);
        assertEquals(s[2], out[0], 0);
        assertArrayEquals(bands, Arrays.copyOfRange(out, 1, 5), 0);
        assertEquals(s[5], out[5], 0);
        assertEquals(42, out[6], 0, "entries beyond the dimension are left alone");

        assertArrayEquals(new String[] { "mean", "std", "rms", "peak", "crest-factor", "kurtosis", "skewness" },
                new FeatureExtractor(SCALARS, 0, 10, 100).names());
        assertEquals("band-energy[0-16.7 Hz]", new FeatureExtractor(List.of(Feature.FFT_BAND_ENERGY), 3, 64, 100)
                .names()[0]);
    }

    @Test
    void invalidArgumentsAreRejectedNamingTheValues() {
        List<Feature> fft = List.of(Feature.FFT_BAND_ENERGY);
        assertMessageContains(() -> new FeatureExtractor(List.of(), 0, 1024, FS), "no features");
        assertMessageContains(() -> new FeatureExtractor(Arrays.asList(Feature.RMS, null), 0, 1024, FS), "feature 1");
        assertThrows(NullPointerException.class, () -> new FeatureExtractor(null, 0, 1024, FS));
        assertMessageContains(() -> new FeatureExtractor(fft, 0, 1024, FS), "bands 0", "512");
        assertMessageContains(() -> new FeatureExtractor(fft, 513, 1000, FS), "bands 513", "512", "1000");
        assertMessageContains(() -> new FeatureExtractor(SCALARS, 0, 0, FS), "window length 0");
        assertMessageContains(() -> new FeatureExtractor(SCALARS, 0, 16, 0), "sample rate 0.0");
        assertMessageContains(() -> new FeatureExtractor(SCALARS, 0, 16, Double.NaN), "sample rate NaN");
        FeatureExtractor e = new FeatureExtractor(SCALARS, 0, 16, FS);
        assertMessageContains(() -> e.extract(new double[16], 15, new double[7]), "length 15", "16");
        assertMessageContains(() -> e.extract(new double[15], 16, new double[7]), "15");
        assertMessageContains(() -> e.extract(new double[16], 16, new double[6]), "6", "dimension 7");
        assertThrows(IndexOutOfBoundsException.class, () -> e.bandEdge(0));
    }
}
