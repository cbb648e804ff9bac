package com.example.fabrica.bearing.internal;

import java.util.Arrays;

import io.fabrica.pipeline.features.Fft;

/**
 * The envelope spectrum of fixed-length vibration windows, the classic bearing diagnosis: a defect on a
 * race or a rolling element hits the structure once per pass, each hit rings the structure's resonance,
 * so the fault frequency appears as an amplitude modulation of the resonance band rather than as a line
 * of its own. Per window:
 * <ol>
 * <li>remove the mean and transform (Fabrica's real {@link Fft}, zero-padded to a power of two);</li>
 * <li>band-pass in the frequency domain: keep the lines from {@code bandLow} to {@code bandHigh}, doubled,
 * and drop the negative frequencies, which makes the inverse transform the analytic signal of the band
 * (Hilbert transform);</li>
 * <li>the envelope is the magnitude of the analytic signal; remove its mean, taper it with a Hann window;</li>
 * <li>transform the envelope and average the amplitude of its lines into {@code bins} equal bins from
 * 0 to {@code maxFrequency}.</li>
 * </ol>
 * Amplitudes are scaled so that an envelope component {@code a * cos(2 pi f t)} shows as about {@code a}
 * at its line (Hann coherent gain), in the unit of the samples; averaging over a bin lowers a single
 * line's value by the number of lines the bin spans.
 *
 * <p>Allocation-free per window: every buffer is made by the constructor. Not thread-safe: one instance
 * per kernel (the Fft scratch and the buffers are shared between calls).
 */
final class EnvelopeSpectrum {

    private final int windowLength;
    private final Fft realFft;
    private final ComplexFft complexFft;
    /** Packed real spectra and then the envelope, {@code N} values. */
    private final double[] real;
    /** The analytic signal of the band. */
    private final double[] re;
    private final double[] im;
    private final double[] taper;
    private final double amplitudeScale;
    private final int bandFirst;
    private final int bandLast;
    /** First and one-past-last FFT line of each output bin. */
    private final int[] binFirst;
    private final int[] binEnd;

    /**
     * Prepares the buffers and tables for one configuration.
     *
     * @param settings checked settings (see {@link EnvelopeSettings#of})
     */
    EnvelopeSpectrum(EnvelopeSettings settings) {
        this.windowLength = settings.windowLength();
        int n = transformSize(windowLength);
        this.realFft = new Fft(n);
        this.complexFft = new ComplexFft(n);
        this.real = new double[n];
        this.re = new double[n];
        this.im = new double[n];
        this.taper = Fft.hann(windowLength);
        this.amplitudeScale = 2.0 / Arrays.stream(taper).sum();
        double lineWidth = settings.sampleRate() / n;
        // lines strictly inside (0, N/2): the DC and Nyquist lines have no analytic counterpart
        this.bandFirst = Math.max(1, (int) Math.ceil(settings.bandLow() / lineWidth));
        this.bandLast = Math.min(n / 2 - 1, (int) Math.floor(settings.bandHigh() / lineWidth));
        this.binFirst = new int[settings.bins()];
        this.binEnd = new int[settings.bins()];
        assignLinesToBins(settings, lineWidth, n / 2);
    }

    /**
     * @param windowLength samples per window, at least 1
     * @return the FFT size used for such windows: the next power of two
     */
    static int transformSize(int windowLength) {
        return Fft.paddedSize(windowLength);
    }

    /**
     * Bin {@code b} covers {@code [b, b+1) * maxFrequency / bins}; a bin narrower than a line gets the
     * line nearest its centre, so every bin has a value.
     */
    private void assignLinesToBins(EnvelopeSettings settings, double lineWidth, int nyquistLine) {
        double binWidth = settings.maxFrequency() / settings.bins();
        for (int b = 0; b < binFirst.length; b++) {
            int first = (int) Math.ceil(b * binWidth / lineWidth);
            int end = (int) Math.ceil((b + 1) * binWidth / lineWidth);
            if (end <= first) {
                first = (int) Math.round((b + 0.5) * binWidth / lineWidth);
                end = first + 1;
            }
            binFirst[b] = Math.min(first, nyquistLine);
            binEnd[b] = Math.min(Math.max(end, binFirst[b] + 1), nyquistLine + 1);
        }
    }

    /** @return the number of output values */
    int bins() {
        return binFirst.length;
    }

    /** @return samples per window this instance was made for */
    int windowLength() {
        return windowLength;
    }

    /**
     * Computes the binned envelope spectrum of one window.
     *
     * @param samples the window, {@link #windowLength()} values
     * @param out receives {@link #bins()} amplitudes
     */
    void compute(float[] samples, float[] out) {
        loadWithoutMean(samples);
        realFft.transform(real);
        analyticSignalOfBand();
        complexFft.inverse(re, im);
        envelopeIntoReal();
        realFft.transform(real);
        binAmplitudes(out);
    }

    private void loadWithoutMean(float[] samples) {
        double sum = 0;
        for (int i = 0; i < windowLength; i++) {
            sum += samples[i];
        }
        double mean = sum / windowLength;
        for (int i = 0; i < windowLength; i++) {
            real[i] = samples[i] - mean;
        }
        Arrays.fill(real, windowLength, real.length, 0.0);
    }

    /** One-sided, band-limited spectrum: twice the positive lines of the band, zero elsewhere. */
    private void analyticSignalOfBand() {
        Arrays.fill(re, 0.0);
        Arrays.fill(im, 0.0);
        for (int k = bandFirst; k <= bandLast; k++) {
            re[k] = 2 * real[2 * k];
            im[k] = 2 * real[2 * k + 1];
        }
    }

    /** The envelope over the window's own samples (the zero padding is not signal), mean removed, tapered. */
    private void envelopeIntoReal() {
        double sum = 0;
        for (int i = 0; i < windowLength; i++) {
            double magnitude = Math.sqrt(re[i] * re[i] + im[i] * im[i]);
            real[i] = magnitude;
            sum += magnitude;
        }
        double mean = sum / windowLength;
        for (int i = 0; i < windowLength; i++) {
            real[i] = (real[i] - mean) * taper[i];
        }
        Arrays.fill(real, windowLength, real.length, 0.0);
    }

    private void binAmplitudes(float[] out) {
        for (int b = 0; b < binFirst.length; b++) {
            double sum = 0;
            for (int k = binFirst[b]; k < binEnd[b]; k++) {
                sum += lineAmplitude(k);
            }
            out[b] = (float) (amplitudeScale * sum / (binEnd[b] - binFirst[b]));
        }
    }

    /** |X[k]| of the packed spectrum (see {@link Fft}): the DC and Nyquist lines are real. */
    private double lineAmplitude(int k) {
        int half = real.length / 2;
        if (k == 0) {
            return Math.abs(real[0]);
        }
        if (k == half) {
            return Math.abs(real[1]);
        }
        double re2 = real[2 * k];
        double im2 = real[2 * k + 1];
        return Math.sqrt(re2 * re2 + im2 * im2);
    }
}
