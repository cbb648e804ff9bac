package io.fabrica.pipeline.features;

import java.util.List;
import java.util.Objects;

/**
 * Per-component standardisation of feature vectors, {@code out[i] = (in[i] - mean[i]) / deviation[i]},
 * with the statistics kept in a pipeline's {@code NormalizeStage} ({@code means}, {@code deviations}).
 * <p>
 * Two ways to get the statistics:
 * <ul>
 * <li><b>Fitting</b> ({@link #Standardizer(int)}): feed training vectors to {@link #fit(double[])};
 * means and population standard deviations (divided by the count, not count - 1) are accumulated with
 * Welford's update, which stays accurate over millions of vectors where summing squares would cancel.
 * Read them with {@link #means()} and {@link #deviations()} to store them in the model.</li>
 * <li><b>Stored</b> ({@link #Standardizer(double[], double[])}, {@link #of(List, List)}): use
 * statistics as kept in the model. Such an instance cannot be fitted further, because the number of
 * vectors behind the statistics is not stored.</li>
 * </ul>
 * A component with deviation 0 (constant in training) carries no information, so it standardises to
 * 0 rather than to a division by zero.
 * <p>
 * <b>Threading:</b> an instance built from stored statistics is immutable after construction and may
 * be shared between threads; a fitting instance must be confined to one thread (or externally
 * synchronised) while it is fitted.
 */
public final class Standardizer {

    private final int dimension;
    private final double[] mean;
    /** Sum of squared deviations from the running mean (Welford's M2); unused for stored statistics. */
    private final double[] squares;
    private final double[] deviation;
    private final boolean stored;
    private long count;

    /**
     * Creates an empty standardizer to be fitted.
     *
     * @param dimension length of the vectors, at least 1
     * @throws IllegalArgumentException if {@code dimension < 1}
     */
    public Standardizer(int dimension) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension " + dimension + " must be at least 1");
        }
        this.dimension = dimension;
        this.mean = new double[dimension];
        this.squares = new double[dimension];
        this.deviation = new double[dimension];
        this.stored = false;
    }

    /**
     * Creates a standardizer from stored statistics; the arrays are copied.
     *
     * @param means per-component means, finite
     * @param deviations per-component standard deviations, finite and not negative; same length as
     *            {@code means}, at least 1
     * @throws IllegalArgumentException naming the lengths, or the index and value, if the statistics
     *             are invalid
     * @throws NullPointerException if an array is null
     */
    public Standardizer(double[] means, double[] deviations) {
        Objects.requireNonNull(means, "means");
        Objects.requireNonNull(deviations, "deviations");
        if (means.length != deviations.length || means.length == 0) {
            throw new IllegalArgumentException("means has " + means.length + " values and deviations "
                    + deviations.length + "; they must have the same, non-zero length");
        }
        for (int i = 0; i < means.length; i++) {
            checkStatistic(i, means[i], deviations[i]);
        }
        this.dimension = means.length;
        this.mean = means.clone();
        this.deviation = deviations.clone();
        this.squares = null;
        this.stored = true;
        this.count = -1;
    }

    /**
     * Creates a standardizer from statistics as the EMF model keeps them
     * ({@code NormalizeStage.getMeans()}, {@code getDeviations()}).
     *
     * @param means per-component means
     * @param deviations per-component standard deviations
     * @return a standardizer with copies of the values
     * @throws IllegalArgumentException as {@link #Standardizer(double[], double[])}, also for null
     *             entries
     * @throws NullPointerException if a list is null
     */
    public static Standardizer of(List<? extends Number> means, List<? extends Number> deviations) {
        return new Standardizer(toArray(means, "means"), toArray(deviations, "deviations"));
    }

    /** @return length of the vectors */
    public int dimension() {
        return dimension;
    }

    /** @return vectors fitted so far, or -1 for an instance built from stored statistics */
    public long count() {
        return count;
    }

    /**
     * Adds one training vector to the running statistics. Allocation-free.
     *
     * @param v a vector of {@link #dimension()} values
     * @throws IllegalStateException if this instance was built from stored statistics
     * @throws IllegalArgumentException if {@code v} has the wrong length
     */
    public void fit(double[] v) {
        if (stored) {
            throw new IllegalStateException("built from stored statistics; fitting needs a Standardizer(int)");
        }
        checkLength("vector", v.length);
        count++;
        for (int i = 0; i < dimension; i++) {
            double delta = v[i] - mean[i];
            mean[i] += delta / count;
            squares[i] += delta * (v[i] - mean[i]);
            deviation[i] = Math.sqrt(squares[i] / count);
        }
    }

    /**
     * @return a copy of the per-component means (for a fitting instance: of the vectors fitted so far,
     *         0 before the first)
     */
    public double[] means() {
        return mean.clone();
    }

    /**
     * @return a copy of the per-component population standard deviations (0 before two vectors have
     *         been fitted)
     */
    public double[] deviations() {
        return deviation.clone();
    }

    /**
     * Standardises {@code in} into {@code out}: {@code (in[i] - mean[i]) / deviation[i]}, or 0 where the
     * deviation is 0. {@code in} and {@code out} may be the same array. Allocation-free.
     *
     * @param in holds the vector in its first {@link #dimension()} values (a longer array, e.g. a
     *            reused buffer, is fine)
     * @param out receives {@link #dimension()} values; entries beyond are left alone
     * @throws IllegalStateException if a fitting instance has not been fitted yet
     * @throws IllegalArgumentException if an array is shorter than {@link #dimension()}
     */
    public void apply(double[] in, double[] out) {
        if (count == 0) {
            throw new IllegalStateException("no vectors fitted yet; call fit first");
        }
        if (in.length < dimension || out.length < dimension) {
            throw new IllegalArgumentException("input has " + in.length + " and output " + out.length
                    + " values; both need at least the dimension " + dimension);
        }
        for (int i = 0; i < dimension; i++) {
            double d = deviation[i];
            out[i] = d == 0 ? 0 : (in[i] - mean[i]) / d;
        }
    }

    private void checkLength(String what, int length) {
        if (length != dimension) {
            throw new IllegalArgumentException(what + " has " + length + " values; the dimension is " + dimension);
        }
    }

    private static void checkStatistic(int i, double mean, double deviation) {
        if (!Double.isFinite(mean)) {
            throw new IllegalArgumentException("mean " + i + " is " + mean + "; it must be finite");
        }
        if (!(deviation >= 0) || Double.isInfinite(deviation)) {
            throw new IllegalArgumentException("deviation " + i + " is " + deviation
                    + "; it must be finite and not negative");
        }
    }

    private static double[] toArray(List<? extends Number> values, String what) {
        Objects.requireNonNull(values, what);
        double[] result = new double[values.size()];
        for (int i = 0; i < result.length; i++) {
            Number n = values.get(i);
            if (n == null) {
                throw new IllegalArgumentException(what + " " + i + " is null");
            }
            result[i] = n.doubleValue();
        }
        return result;
    }
}
