package io.fabrica.pipeline.features;

/**
 * Radix-2 fast Fourier transform of real signals of one fixed power-of-two size {@code N}, computed in
 * place with twiddle factors and a bit-reversal table precomputed by the constructor.
 * <p>
 * The forward transform is {@code X[k] = sum over n of x[n] * exp(-2 pi i k n / N)} (no scaling).
 * {@link #transform(double[])} leaves the spectrum of a real signal in the usual <em>packed</em>
 * layout, which fits in the {@code N} input slots because {@code X[N-k]} is the complex conjugate of
 * {@code X[k]}:
 * <pre>
 * data[0]      = X[0]          (real: the sum of the samples)
 * data[1]      = X[N/2]        (real: the Nyquist bin)
 * data[2k]     = Re X[k]       for 1 &lt;= k &lt; N/2
 * data[2k + 1] = Im X[k]       for 1 &lt;= k &lt; N/2
 * </pre>
 * <b>Windows that are not a power of two</b> are handled by {@link #powerSpectrum(double[], int,
 * double[], double[])}: it copies the {@code length} samples into a buffer preallocated for {@code N =
 * }{@link #paddedSize(int) paddedSize(length)} and fills the rest with zeros. Zero-padding does not
 * change the underlying spectrum, it samples it on a finer grid: bin {@code k} lies at {@code k *
 * sampleRate / N} Hz, and Parseval's theorem reads {@code sum |X[k]|^2 = N * sum x[n]^2} with the
 * padded length {@code N}.
 * <p>
 * <b>Threading:</b> {@link #transform(double[])} only reads the precomputed tables, so one instance
 * may serve several threads for it; {@link #powerSpectrum(double[], int, double[], double[])} uses a
 * scratch buffer of the instance and therefore needs one instance per thread.
 */
public final class Fft {

    /** Largest supported size: the biggest power of two an {@code int} array index can reach. */
    public static final int MAX_SIZE = 1 << 30;

    private final int size;
    /** The real transform of size N runs as a complex transform of N/2 points. */
    private final int half;
    /** {@code exp(-2 pi i k / N)} for {@code 0 <= k < N/2}, split into real and imaginary parts. */
    private final double[] twiddleRe;
    private final double[] twiddleIm;
    private final int[] bitReverse;
    private final double[] scratch;

    /**
     * Prepares the transform of one size; allocates about {@code 2.5 * size} doubles of tables and
     * scratch.
     *
     * @param size number of real samples {@code N}; a power of two, at least 2 and at most
     *            {@link #MAX_SIZE}
     * @throws IllegalArgumentException if {@code size} is not such a power of two
     */
    public Fft(int size) {
        if (size < 2 || size > MAX_SIZE || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("FFT size " + size
                    + " is not a power of two between 2 and " + MAX_SIZE
                    + "; zero-pad to Fft.paddedSize(length)");
        }
        this.size = size;
        this.half = size / 2;
        this.twiddleRe = new double[half];
        this.twiddleIm = new double[half];
        for (int k = 0; k < half; k++) {
            // Direct evaluation rather than a recurrence keeps every factor within one ulp.
            double angle = 2 * Math.PI * k / size;
            twiddleRe[k] = Math.cos(angle);
            twiddleIm[k] = -Math.sin(angle);
        }
        this.bitReverse = bitReversal(half);
        this.scratch = new double[size];
    }

    /**
     * The transform size for a window of {@code length} samples: the smallest power of two that is at
     * least {@code length} and at least 2.
     *
     * @param length window length in samples, 1 to {@link #MAX_SIZE}
     * @return the padded size {@code N}
     * @throws IllegalArgumentException if {@code length} is outside that range
     */
    public static int paddedSize(int length) {
        if (length < 1 || length > MAX_SIZE) {
            throw new IllegalArgumentException("window length " + length + " must be between 1 and " + MAX_SIZE);
        }
        return Math.max(2, Integer.highestOneBit(length - 1) << 1);
    }

    /**
     * Periodic Hann window {@code w[n] = 0.5 - 0.5 cos(2 pi n / length)}. The periodic (rather than
     * symmetric) form is the one whose DFT is exact on the bin grid, which is what spectral features
     * want. Allocates; call it once at set-up and pass the result to
     * {@link #powerSpectrum(double[], int, double[], double[])}.
     *
     * @param length number of coefficients, at least 1
     * @return a new array of {@code length} coefficients between 0 and 1
     * @throws IllegalArgumentException if {@code length < 1}
     */
    public static double[] hann(int length) {
        if (length < 1) {
            throw new IllegalArgumentException("Hann window length " + length + " must be at least 1");
        }
        double[] w = new double[length];
        for (int n = 0; n < length; n++) {
            w[n] = 0.5 - 0.5 * Math.cos(2 * Math.PI * n / length);
        }
        return w;
    }

    /** @return the transform size {@code N}, a power of two */
    public int size() {
        return size;
    }

    /**
     * Replaces {@code data[0 .. N)} by its discrete Fourier transform in the packed layout described
     * on the class. Allocation-free; safe to call from several threads on different arrays.
     *
     * @param data at least {@link #size()} real samples; entries beyond {@code N} are left alone
     * @throws IllegalArgumentException if {@code data} is shorter than {@code N}
     */
    public void transform(double[] data) {
        if (data.length < size) {
            throw new IllegalArgumentException("FFT of size " + size + " needs at least " + size
                    + " values, got " + data.length);
        }
        complexTransform(data);
        splitRealSpectrum(data);
    }

    /**
     * Power spectrum {@code |X[k]|^2} of a packed spectrum for {@code 0 <= k <= N/2} (the one-sided
     * bins; the other half mirrors them). Units are the square of the sample unit times samples
     * squared, because the transform is unscaled.
     *
     * @param packed a spectrum produced by {@link #transform(double[])}, at least {@code N} values
     * @param power receives {@code N/2 + 1} values
     * @throws IllegalArgumentException if an array is too short
     */
    public void power(double[] packed, double[] power) {
        if (packed.length < size || power.length < half + 1) {
            throw new IllegalArgumentException("FFT of size " + size + " needs a packed spectrum of "
                    + size + " and a power array of " + (half + 1) + " values, got " + packed.length
                    + " and " + power.length);
        }
        power[0] = packed[0] * packed[0];
        power[half] = packed[1] * packed[1];
        for (int k = 1; k < half; k++) {
            double re = packed[2 * k];
            double im = packed[2 * k + 1];
            power[k] = re * re + im * im;
        }
    }

    /**
     * Power spectrum of the first {@code length} samples of {@code samples}, optionally tapered and
     * zero-padded to {@code N}: copies into the instance's preallocated buffer (the input is not
     * modified), multiplies by {@code taper}, transforms, and writes {@code |X[k]|^2} for {@code 0 <=
     * k <= N/2}. Allocation-free; not thread-safe (shared scratch buffer).
     *
     * @param samples the signal
     * @param length number of samples to use, 1 to {@code N}
     * @param taper window coefficients for the {@code length} samples (e.g. {@link #hann(int)}), or
     *            {@code null} for a rectangular window
     * @param power receives {@code N/2 + 1} values
     * @throws IllegalArgumentException if {@code length} is out of range or an array is too short
     */
    public void powerSpectrum(double[] samples, int length, double[] taper, double[] power) {
        checkSpectrumArguments(samples, length, taper, power);
        if (taper == null) {
            System.arraycopy(samples, 0, scratch, 0, length);
        } else {
            for (int n = 0; n < length; n++) {
                scratch[n] = samples[n] * taper[n];
            }
        }
        java.util.Arrays.fill(scratch, length, size, 0.0);
        transform(scratch);
        power(scratch, power);
    }

    private void checkSpectrumArguments(double[] samples, int length, double[] taper, double[] power) {
        if (length < 1 || length > size || samples.length < length) {
            throw new IllegalArgumentException("length " + length + " must be between 1 and the FFT size "
                    + size + " and within the " + samples.length + " samples given");
        }
        if (taper != null && taper.length < length) {
            throw new IllegalArgumentException("taper has " + taper.length + " coefficients for "
                    + length + " samples");
        }
        if (power.length < half + 1) {
            throw new IllegalArgumentException("power array has " + power.length + " values; FFT size "
                    + size + " needs " + (half + 1));
        }
    }

    /**
     * Iterative decimation-in-time FFT of the {@code N/2} complex points stored as interleaved (re,
     * im) pairs: viewing the even samples as real and the odd ones as imaginary parts halves the work
     * of a real transform.
     */
    private void complexTransform(double[] a) {
        for (int i = 0; i < half; i++) {
            int j = bitReverse[i];
            if (i < j) {
                swap(a, 2 * i, 2 * j);
                swap(a, 2 * i + 1, 2 * j + 1);
            }
        }
        for (int span = 2; span <= half; span <<= 1) {
            butterflies(a, span);
        }
    }

    /** One stage: combines pairs of sub-transforms of length {@code span / 2}. */
    private void butterflies(double[] a, int span) {
        int h = span >> 1;
        // exp(-2 pi i j / span) is table entry j * N / span.
        int stride = size / span;
        for (int j = 0; j < h; j++) {
            double wr = twiddleRe[j * stride];
            double wi = twiddleIm[j * stride];
            for (int start = j; start < half; start += span) {
                int p = 2 * start;
                int q = 2 * (start + h);
                double tr = a[q] * wr - a[q + 1] * wi;
                double ti = a[q] * wi + a[q + 1] * wr;
                a[q] = a[p] - tr;
                a[q + 1] = a[p + 1] - ti;
                a[p] += tr;
                a[p + 1] += ti;
            }
        }
    }

    /**
     * Turns the transform Z of z[m] = x[2m] + i x[2m+1] into the spectrum X of x. With E and O the
     * transforms of the even and odd samples, E[k] = (Z[k] + conj Z[M-k]) / 2, O[k] = (Z[k] - conj
     * Z[M-k]) / 2i and X[k] = E[k] + W^k O[k], X[M-k] = conj(E[k] - W^k O[k]) with W = exp(-2 pi i /
     * N); each k is paired with M-k so the update can run in place.
     */
    private void splitRealSpectrum(double[] a) {
        double r0 = a[0];
        double i0 = a[1];
        a[0] = r0 + i0;
        a[1] = r0 - i0;
        for (int k = 1; k <= half / 2; k++) {
            int p = 2 * k;
            int q = 2 * (half - k);
            double evenRe = (a[p] + a[q]) * 0.5;
            double evenIm = (a[p + 1] - a[q + 1]) * 0.5;
            double oddRe = (a[p + 1] + a[q + 1]) * 0.5;
            double oddIm = (a[q] - a[p]) * 0.5;
            double tr = twiddleRe[k] * oddRe - twiddleIm[k] * oddIm;
            double ti = twiddleRe[k] * oddIm + twiddleIm[k] * oddRe;
            a[p] = evenRe + tr;
            a[p + 1] = evenIm + ti;
            // For k = M/2 this rewrites the same bin with the same value.
            a[q] = evenRe - tr;
            a[q + 1] = ti - evenIm;
        }
    }

    private static int[] bitReversal(int n) {
        int[] rev = new int[n];
        int bits = Integer.numberOfTrailingZeros(n);
        for (int i = 0; i < n; i++) {
            rev[i] = bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
        }
        return rev;
    }

    private static void swap(double[] a, int i, int j) {
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
