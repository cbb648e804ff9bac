package io.fabrica.pipeline.features;

/**
 * The spectral part of {@link FeatureExtractor}: a window's power spectrum (optionally Hann-tapered)
 * summed into equal-width bands from 0 Hz to Nyquist, scaled so that without a taper the bands add up
 * to the window's mean square (Parseval). Buffers are allocated once; not thread-safe.
 */
final class BandEnergies {

    private final int bands;
    private final Fft fft;
    private final double[] taper;
    private final double[] power;
    /** Band b covers bins [bandStart[b], bandStart[b + 1]). */
    private final int[] bandStart;
    /** Per-bin factor c_k / (N g) of the band energy, so extraction is one multiply-add per bin. */
    private final double[] binWeight;

    /**
     * @param bands the number of bands, 1 to half the FFT size
     * @param windowLength samples per window
     * @param hann whether to taper with a periodic Hann window
     * @throws IllegalArgumentException naming the value if {@code bands} does not fit the FFT
     */
    BandEnergies(int bands, int windowLength, boolean hann) {
        int n = Fft.paddedSize(windowLength);
        checkBands(bands, n, windowLength);
        this.bands = bands;
        this.fft = new Fft(n);
        this.taper = hann ? Fft.hann(windowLength) : null;
        this.power = new double[n / 2 + 1];
        this.bandStart = bandStarts(bands, n);
        this.binWeight = binWeights(n, taper);
    }

    /** Computes the power spectrum of a window, for the next {@link #write}. Allocation-free. */
    void compute(double[] window, int length) {
        fft.powerSpectrum(window, length, taper, power);
    }

    /**
     * @param out receives the band energies of the last computed window
     * @param o where the first goes
     * @return the index after the last
     */
    int write(double[] out, int o) {
        int at = o;
        for (int b = 0; b < bands; b++) {
            double e = 0;
            for (int k = bandStart[b], end = bandStart[b + 1]; k < end; k++) {
                e += binWeight[k] * power[k];
            }
            out[at++] = e;
        }
        return at;
    }

    private static void checkBands(int bands, int fftSize, int windowLength) {
        if (bands < 1 || bands > fftSize / 2) {
            throw new IllegalArgumentException("FFT bands " + bands + " must be between 1 and "
                    + fftSize / 2 + " (half the FFT size " + fftSize + " for a window of "
                    + windowLength + " samples)");
        }
    }

    /**
     * Bin k (at k fs / N Hz) belongs to band floor(k B / (N/2)), so band b starts at the first bin
     * with k >= b (N/2) / B; the Nyquist bin N/2 closes the last band.
     */
    private static int[] bandStarts(int bands, int fftSize) {
        long half = fftSize / 2;
        int[] start = new int[bands + 1];
        for (int b = 0; b < bands; b++) {
            start[b] = (int) ((b * half + bands - 1) / bands);
        }
        start[bands] = (int) half + 1;
        return start;
    }

    private static double[] binWeights(int fftSize, double[] taper) {
        int half = fftSize / 2;
        double gain = 1;
        if (taper != null) {
            double sumSquares = 0;
            for (double w : taper) {
                sumSquares += w * w;
            }
            gain = sumSquares / taper.length;
        }
        double scale = 1 / (fftSize * gain);
        double[] weight = new double[half + 1];
        for (int k = 0; k <= half; k++) {
            // Bins strictly between 0 Hz and Nyquist stand for themselves and their mirrored twin.
            weight[k] = (k == 0 || k == half ? 1 : 2) * scale;
        }
        return weight;
    }
}
