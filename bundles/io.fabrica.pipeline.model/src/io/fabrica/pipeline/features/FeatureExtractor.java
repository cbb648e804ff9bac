package io.fabrica.pipeline.features;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

import io.fabrica.pipeline.Feature;

/**
 * Turns a window of samples into a feature vector, as configured by a pipeline's
 * {@code FeatureStage}. The vector holds one value per listed feature, in the order listed, except
 * {@link Feature#FFT_BAND_ENERGY}, which contributes {@code bands} values (lowest band first).
 * <p>
 * Definitions, for the {@code L} samples {@code x} of a window, with {@code mu} the mean and
 * {@code m_p = (1/L) sum (x - mu)^p} the central moments (all population statistics, no Bessel
 * correction):
 * <ul>
 * <li>{@code mean = (1/L) sum x}, in the sample unit (e.g. m/s&sup2;);</li>
 * <li>{@code std = sqrt(m_2)}, sample unit;</li>
 * <li>{@code rms = sqrt((1/L) sum x^2)}, sample unit;</li>
 * <li>{@code peak = max |x|}, sample unit;</li>
 * <li>{@code crest-factor = peak / rms}, dimensionless, 0 when rms is 0;</li>
 * <li>{@code kurtosis = m_4 / m_2^2}, the plain fourth standardised moment (3 for Gaussian noise, 1.5
 * for a sine; not the excess kurtosis), 0 when std is 0;</li>
 * <li>{@code skewness = m_3 / m_2^1.5}, 0 when std is 0;</li>
 * <li>{@code band-energy[f0-f1 Hz]}: the bands split 0 Hz to the Nyquist frequency
 * {@code sampleRate / 2} into {@code bands} equal widths; band {@code b} takes the FFT bins whose
 * frequency {@code k * sampleRate / N} lies in {@code [f0, f1)} (the last band also takes the Nyquist
 * bin). Its value is {@code sum |X[k]|^2 * c_k / (N * g)} with {@code c_k = 2} for bins that stand for
 * a mirrored negative-frequency twin and 1 for the 0 Hz and Nyquist bins, {@code N} the transform
 * length (the window length rounded up to a power of two by zero-padding) and {@code g} the mean
 * square of the taper (1 without a taper). Without a taper the band energies therefore add up exactly
 * to the window's energy {@code sum x^2 = L * rms^2} (Parseval), in squared sample units; with the
 * Hann taper the {@code g} correction keeps that true on average for broadband signals.</li>
 * </ul>
 * <p>
 * "std is 0" means std is below {@code 1e-12 * rms}: for a constant window the computed mean differs
 * from the samples by rounding, which would otherwise turn into meaningless shape statistics.
 * <p>
 * All buffers are allocated by the constructor; {@link #extract(double[], int, double[])} does not
 * allocate. It does not check samples for NaN or infinity (that would cost a branch per sample); such
 * samples make the affected features NaN.
 * <p>
 * <b>Threading:</b> not thread-safe (shared spectrum buffers); use one extractor per thread.
 */
public final class FeatureExtractor {

    /** Relative std below which a window counts as constant; see the class comment. */
    private static final double CONSTANT_RELATIVE_STD = 1e-12;

    private final Feature[] features;
    private final int bands;
    private final int windowLength;
    private final double sampleRate;
    private final int dimension;
    private final boolean needsCentralMoments;
    private final String[] names;

    /** The band energies, null unless {@link Feature#FFT_BAND_ENERGY} is requested. */
    private final BandEnergies spectrum;

    /**
     * Creates an extractor without a spectral taper (rectangular window), so band energies satisfy
     * Parseval exactly. Same as {@code FeatureExtractor(features, bands, windowLength, sampleRate,
     * false)}.
     *
     * @param features the features in output order; duplicates are allowed and repeated
     * @param bands number of FFT bands; ignored unless {@code features} contains
     *            {@link Feature#FFT_BAND_ENERGY}
     * @param windowLength samples per window {@code L}
     * @param sampleRate sampling rate in Hz, used for the band edges
     * @throws IllegalArgumentException see
     *             {@link #FeatureExtractor(List, int, int, double, boolean)}
     */
    public FeatureExtractor(List<Feature> features, int bands, int windowLength, double sampleRate) {
        this(features, bands, windowLength, sampleRate, false);
    }

    /**
     * Creates an extractor and allocates all its buffers.
     *
     * @param features the features in output order; not empty, no null entries; duplicates are
     *            allowed and repeated
     * @param bands number of FFT bands, 1 to {@code N / 2} where {@code N = Fft.paddedSize(windowLength)}
     *            (so every band holds at least one bin); ignored unless {@code features} contains
     *            {@link Feature#FFT_BAND_ENERGY}
     * @param windowLength samples per window {@code L}, 1 to {@link Fft#MAX_SIZE}
     * @param sampleRate sampling rate in Hz, finite and positive
     * @param hann whether to apply a periodic Hann taper before the FFT (less leakage between bands for
     *            tones that fall between bins; band energies are then corrected for the taper's power
     *            loss, see the class comment)
     * @throws IllegalArgumentException naming the offending value if any argument is invalid
     * @throws NullPointerException if {@code features} is null
     */
    public FeatureExtractor(List<Feature> features, int bands, int windowLength, double sampleRate,
            boolean hann) {
        this.features = checkedFeatures(features);
        this.windowLength = windowLength;
        this.sampleRate = sampleRate;
        checkWindow(windowLength, sampleRate);
        boolean spectral = contains(this.features, Feature.FFT_BAND_ENERGY);
        this.bands = spectral ? bands : 0;
        int dim = 0;
        boolean central = false;
        for (Feature f : this.features) {
            dim += f == Feature.FFT_BAND_ENERGY ? bands : 1;
            central |= f == Feature.STD || f == Feature.KURTOSIS || f == Feature.SKEWNESS;
        }
        this.dimension = dim;
        this.needsCentralMoments = central;
        this.spectrum = spectral ? new BandEnergies(bands, windowLength, hann) : null;
        this.names = buildNames();
    }

    /**
     * The length of the feature vector a feature stage produces, computed from the model alone
     * (each feature one value, {@link Feature#FFT_BAND_ENERGY} one per band), so that a pipeline
     * can be checked before anything runs.
     *
     * @param stage the feature stage
     * @return the vector length
     */
    public static int dimensionOf(io.fabrica.pipeline.FeatureStage stage) {
        int n = 0;
        for (Feature f : stage.getFeatures()) {
            n += f == Feature.FFT_BAND_ENERGY ? Math.max(0, stage.getFftBands()) : 1;
        }
        return n;
    }

    /**
     * An extractor configured as a feature stage says.
     *
     * @param stage the feature stage (its features, in order, and its number of FFT bands)
     * @param windowLength samples per window (the window stage's size)
     * @param sampleRate sampling rate in Hz (the signal's: window length / sampling interval)
     * @return the extractor
     * @throws IllegalArgumentException as the constructor does, e.g. for no features
     */
    public static FeatureExtractor forStage(io.fabrica.pipeline.FeatureStage stage, int windowLength, double sampleRate) {
        return new FeatureExtractor(List.copyOf(stage.getFeatures()), stage.getFftBands(), windowLength, sampleRate);
    }

    /** @return length of the feature vector written by {@link #extract(double[], int, double[])} */
    public int dimension() {
        return dimension;
    }

    /** @return samples per window this extractor was built for */
    public int windowLength() {
        return windowLength;
    }

    /** @return sampling rate in Hz */
    public double sampleRate() {
        return sampleRate;
    }

    /** @return number of FFT bands, 0 if {@link Feature#FFT_BAND_ENERGY} is not requested */
    public int bands() {
        return bands;
    }

    /** @return the requested features in output order (an unmodifiable copy) */
    public List<Feature> features() {
        return List.of(features);
    }

    /**
     * Band edge in Hz: band {@code b} spans {@code [bandEdge(b), bandEdge(b + 1))}.
     *
     * @param edge 0 to {@link #bands()}; {@code bandEdge(bands())} is the Nyquist frequency
     * @return {@code edge * sampleRate / (2 * bands)}
     * @throws IndexOutOfBoundsException if {@code edge} is out of range or there are no bands
     */
    public double bandEdge(int edge) {
        if (bands == 0 || edge < 0 || edge > bands) {
            throw new IndexOutOfBoundsException("band edge " + edge + " outside 0.." + bands);
        }
        return edge * sampleRate / (2.0 * bands);
    }

    /**
     * Names of the vector's entries for explanations and logs: the feature literal ("mean", "std",
     * "rms", "peak", "crest-factor", "kurtosis", "skewness") or {@code band-energy[f0-f1 Hz]} with the
     * band edges in Hz. Allocates a copy on every call; not for the hot path.
     *
     * @return a new array of {@link #dimension()} names
     */
    public String[] names() {
        return names.clone();
    }

    /**
     * Writes the feature vector of one window into {@code out[0 .. dimension())}. Allocation-free.
     *
     * @param window array holding the samples in {@code window[0 .. length)}; not modified
     * @param length number of samples, must equal {@link #windowLength()} (the band layout and taper
     *            are fixed for that length)
     * @param out receives {@link #dimension()} values; entries beyond are left alone
     * @throws IllegalArgumentException if {@code length} differs from {@link #windowLength()} or an
     *             array is too short
     */
    public void extract(double[] window, int length, double[] out) {
        checkExtractArguments(window, length, out);
        // Pass 1: everything that needs no mean.
        double sum = 0;
        double sumSquares = 0;
        double peak = 0;
        for (int i = 0; i < length; i++) {
            double x = window[i];
            sum += x;
            sumSquares += x * x;
            peak = Math.max(peak, Math.abs(x));
        }
        double mean = sum / length;
        double meanSquare = sumSquares / length;
        double rms = Math.sqrt(meanSquare);
        double m2 = 0;
        double m3 = 0;
        double m4 = 0;
        if (needsCentralMoments) {
            // Pass 2 around the mean: one-pass power sums would cancel catastrophically for a small
            // vibration on a large offset (e.g. gravity on an accelerometer axis).
            double sumDeviations = 0;
            for (int i = 0; i < length; i++) {
                double d = window[i] - mean;
                double d2 = d * d;
                sumDeviations += d;
                m2 += d2;
                m3 += d2 * d;
                m4 += d2 * d2;
            }
            // Corrected two-pass: the deviations would sum to 0 but for the rounding of the first
            // mean, so their sum refines the mean and removes that rounding from m2.
            double correction = sumDeviations / length;
            mean += correction;
            m2 = Math.max(0, m2 / length - correction * correction);
            m3 /= length;
            m4 /= length;
            if (m2 <= CONSTANT_RELATIVE_STD * CONSTANT_RELATIVE_STD * meanSquare) {
                m2 = 0;
            }
        }
        if (spectrum != null) {
            spectrum.compute(window, length);
        }
        int o = 0;
        for (Feature f : features) {
            if (f == Feature.FFT_BAND_ENERGY) {
                o = spectrum.write(out, o);
            } else {
                out[o++] = scalar(f, mean, rms, peak, m2, m3, m4);
            }
        }
    }

    private static double scalar(Feature f, double mean, double rms, double peak, double m2, double m3,
            double m4) {
        switch (f) {
            case MEAN:
                return mean;
            case STD:
                return Math.sqrt(m2);
            case RMS:
                return rms;
            case PEAK:
                return peak;
            case CREST_FACTOR:
                return rms == 0 ? 0 : peak / rms;
            case KURTOSIS:
                return m2 == 0 ? 0 : m4 / (m2 * m2);
            case SKEWNESS:
                return m2 == 0 ? 0 : m3 / (m2 * Math.sqrt(m2));
            default:
                throw new IllegalStateException("unhandled feature " + f);
        }
    }

    private void checkExtractArguments(double[] window, int length, double[] out) {
        if (length != windowLength) {
            throw new IllegalArgumentException("window length " + length
                    + " differs from the extractor's window length " + windowLength);
        }
        if (window.length < length) {
            throw new IllegalArgumentException("window array has " + window.length + " values, fewer than "
                    + length);
        }
        if (out.length < dimension) {
            throw new IllegalArgumentException("output array has " + out.length
                    + " values, fewer than the dimension " + dimension);
        }
    }

    private static Feature[] checkedFeatures(List<Feature> features) {
        Objects.requireNonNull(features, "features");
        if (features.isEmpty()) {
            throw new IllegalArgumentException("no features requested");
        }
        Feature[] result = features.toArray(new Feature[0]);
        for (int i = 0; i < result.length; i++) {
            if (result[i] == null) {
                throw new IllegalArgumentException("feature " + i + " of " + features + " is null");
            }
        }
        return result;
    }

    private static void checkWindow(int windowLength, double sampleRate) {
        if (windowLength < 1 || windowLength > Fft.MAX_SIZE) {
            throw new IllegalArgumentException("window length " + windowLength + " must be between 1 and "
                    + Fft.MAX_SIZE);
        }
        if (!(sampleRate > 0) || Double.isInfinite(sampleRate)) {
            throw new IllegalArgumentException("sample rate " + sampleRate + " Hz must be finite and positive");
        }
    }

    private static boolean contains(Feature[] features, Feature wanted) {
        for (Feature f : features) {
            if (f == wanted) {
                return true;
            }
        }
        return false;
    }

    private String[] buildNames() {
        String[] result = new String[dimension];
        int o = 0;
        for (Feature f : features) {
            if (f == Feature.FFT_BAND_ENERGY) {
                for (int b = 0; b < bands; b++) {
                    result[o++] = "band-energy[" + hz(bandEdge(b)) + "-" + hz(bandEdge(b + 1)) + " Hz]";
                }
            } else {
                result[o++] = f.getLiteral();
            }
        }
        return result;
    }

    private static String hz(double f) {
        return f == Math.rint(f) && Math.abs(f) < 1e15 ? Long.toString((long) f)
                : String.format(Locale.ROOT, "%.1f", f);
    }
}
