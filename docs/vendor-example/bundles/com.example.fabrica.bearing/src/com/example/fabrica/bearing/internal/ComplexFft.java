package com.example.fabrica.bearing.internal;

/**
 * In-place radix-2 inverse FFT of complex data of one fixed power-of-two size, with twiddle factors and
 * the bit-reversal table computed once by the constructor. Fabrica's {@code io.fabrica.pipeline.features.Fft}
 * transforms real signals only; the analytic signal of the envelope needs the inverse transform of a
 * one-sided (hence complex) spectrum, which is what this class adds.
 *
 * <p>Computes {@code z[n] = (1/N) sum over k of Z[k] exp(+2 pi i k n / N)}.
 *
 * <p>Threading: {@link #inverse} only reads the tables, so one instance may serve several threads on
 * different arrays. Allocation-free after construction.
 */
final class ComplexFft {

    private final int size;
    private final double[] cos;
    private final double[] sin;
    private final int[] bitReverse;

    /**
     * @param size number of complex points, a power of two of at least 2
     * @throws IllegalArgumentException if {@code size} is not such a power of two
     */
    ComplexFft(int size) {
        if (size < 2 || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("complex FFT size " + size + " is not a power of two of at least 2");
        }
        this.size = size;
        this.cos = new double[size / 2];
        this.sin = new double[size / 2];
        for (int k = 0; k < size / 2; k++) {
            double angle = 2 * Math.PI * k / size;
            cos[k] = Math.cos(angle);
            sin[k] = Math.sin(angle); // positive: the inverse transform
        }
        this.bitReverse = new int[size];
        int bits = Integer.numberOfTrailingZeros(size);
        for (int i = 0; i < size; i++) {
            bitReverse[i] = Integer.reverse(i) >>> (32 - bits);
        }
    }

    /** @return the number of complex points */
    int size() {
        return size;
    }

    /**
     * Replaces the spectrum {@code (re, im)} by its inverse transform, scaled by {@code 1/N}.
     *
     * @param re real parts, at least {@link #size()} values
     * @param im imaginary parts, at least {@link #size()} values
     */
    void inverse(double[] re, double[] im) {
        for (int i = 0; i < size; i++) {
            int j = bitReverse[i];
            if (i < j) {
                swap(re, i, j);
                swap(im, i, j);
            }
        }
        for (int span = 2; span <= size; span <<= 1) {
            butterflies(re, im, span);
        }
        double scale = 1.0 / size;
        for (int i = 0; i < size; i++) {
            re[i] *= scale;
            im[i] *= scale;
        }
    }

    private void butterflies(double[] re, double[] im, int span) {
        int half = span >> 1;
        int stride = size / span;
        for (int j = 0; j < half; j++) {
            double wr = cos[j * stride];
            double wi = sin[j * stride];
            for (int p = j; p < size; p += span) {
                int q = p + half;
                double tr = re[q] * wr - im[q] * wi;
                double ti = re[q] * wi + im[q] * wr;
                re[q] = re[p] - tr;
                im[q] = im[p] - ti;
                re[p] += tr;
                im[p] += ti;
            }
        }
    }

    private static void swap(double[] a, int i, int j) {
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
