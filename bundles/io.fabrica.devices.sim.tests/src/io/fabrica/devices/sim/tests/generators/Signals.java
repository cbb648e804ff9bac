package io.fabrica.devices.sim.tests.generators;

/**
 * Signal analysis for the generator tests: a radix-2 FFT, amplitude spectra, the squared-signal
 * ("envelope") spectrum that reveals bearing impact rates, RMS and kurtosis.
 */
final class Signals {

    private Signals() {
    }

    /**
     * In-place iterative radix-2 Cooley-Tukey FFT.
     *
     * @param re real parts, length a power of two
     * @param im imaginary parts, same length
     */
    static void fft(double[] re, double[] im) {
        int n = re.length;
        if (Integer.bitCount(n) != 1 || im.length != n) {
            throw new IllegalArgumentException("length must be a power of two, got " + n);
        }
        bitReverse(re, im);
        for (int len = 2; len <= n; len <<= 1) {
            double angle = -2 * Math.PI / len;
            for (int start = 0; start < n; start += len) {
                for (int k = 0; k < len / 2; k++) {
                    butterfly(re, im, start + k, start + k + len / 2, Math.cos(angle * k), Math.sin(angle * k));
                }
            }
        }
    }

    private static void butterfly(double[] re, double[] im, int a, int b, double wr, double wi) {
        double tr = re[b] * wr - im[b] * wi;
        double ti = re[b] * wi + im[b] * wr;
        re[b] = re[a] - tr;
        im[b] = im[a] - ti;
        re[a] += tr;
        im[a] += ti;
    }

    private static void bitReverse(double[] re, double[] im) {
        int n = re.length;
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                swap(re, i, j);
                swap(im, i, j);
            }
        }
    }

    private static void swap(double[] a, int i, int j) {
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    /**
     * Single-sided amplitude spectrum with a Hann window, scaled so that a sine of amplitude A
     * on a bin shows as about A.
     *
     * @param signal samples, length a power of two
     * @return amplitudes of bins 0..n/2-1; bin k is at k · fs / n
     */
    static double[] amplitudeSpectrum(double[] signal) {
        int n = signal.length;
        double[] re = new double[n];
        double[] im = new double[n];
        double mean = mean(signal);
        for (int i = 0; i < n; i++) {
            double hann = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n);
            re[i] = (signal[i] - mean) * hann;
        }
        fft(re, im);
        double[] amplitude = new double[n / 2];
        for (int k = 0; k < n / 2; k++) {
            amplitude[k] = 4 * Math.hypot(re[k], im[k]) / n; // 2 for one side, 2 for the Hann window's gain
        }
        return amplitude;
    }

    /**
     * Spectrum of the squared signal: squaring demodulates the resonance bursts a bearing defect
     * excites, so the impact rate (BPFO, BPFI) appears as a line, as in envelope analysis.
     *
     * @param signal samples, length a power of two
     * @return amplitudes as in {@link #amplitudeSpectrum(double[])}
     */
    static double[] squaredSpectrum(double[] signal) {
        double[] squared = new double[signal.length];
        for (int i = 0; i < signal.length; i++) {
            squared[i] = signal[i] * signal[i];
        }
        return amplitudeSpectrum(squared);
    }

    /**
     * The largest amplitude within a tolerance of a frequency.
     *
     * @param spectrum from {@link #amplitudeSpectrum(double[])}
     * @param hz the frequency
     * @param binHz bin width fs / n
     * @param toleranceBins how many bins either side to search
     * @return the peak amplitude
     */
    static double peakNear(double[] spectrum, double hz, double binHz, int toleranceBins) {
        int centre = (int) Math.round(hz / binHz);
        double peak = 0;
        for (int k = Math.max(0, centre - toleranceBins); k <= Math.min(spectrum.length - 1, centre + toleranceBins); k++) {
            peak = Math.max(peak, spectrum[k]);
        }
        return peak;
    }

    /**
     * @param spectrum an amplitude spectrum
     * @param fromBin first bin searched (skip DC and its leakage)
     * @return the bin with the largest amplitude
     */
    static int peakBin(double[] spectrum, int fromBin) {
        int best = fromBin;
        for (int k = fromBin; k < spectrum.length; k++) {
            if (spectrum[k] > spectrum[best]) {
                best = k;
            }
        }
        return best;
    }

    static double mean(double[] x) {
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        return sum / x.length;
    }

    static double rms(double[] x) {
        double sum = 0;
        for (double v : x) {
            sum += v * v;
        }
        return Math.sqrt(sum / x.length);
    }

    /** Fourth standardized moment: 3 for Gaussian noise, 1.5 for a sine, higher for impulsive signals. */
    static double kurtosis(double[] x) {
        double mean = mean(x);
        double m2 = 0;
        double m4 = 0;
        for (double v : x) {
            double d = (v - mean) * (v - mean);
            m2 += d;
            m4 += d * d;
        }
        m2 /= x.length;
        m4 /= x.length;
        return m4 / (m2 * m2);
    }

    static double standardDeviation(double[] x) {
        double mean = mean(x);
        double sum = 0;
        for (double v : x) {
            sum += (v - mean) * (v - mean);
        }
        return Math.sqrt(sum / x.length);
    }
}
