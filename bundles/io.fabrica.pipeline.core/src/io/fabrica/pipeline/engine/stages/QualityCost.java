package io.fabrica.pipeline.engine.stages;

/**
 * The predicted scrap probability of a part from a quality regressor's output: per target the mean and
 * the ends of a 90 % prediction interval ({@code [means..., lows..., highs...]}), read as a split normal
 * distribution (one deviation below the mean, another above it, so that an asymmetric interval, such as
 * that of a target learned on a log scale, keeps its 5 % tails), against the specification limits. Targets are taken as independent, so the part is good
 * only if every target is inside its band.
 */
public final class QualityCost {

    /** The standard normal quantile of 95 %: a 90 % interval spans ±1.645 deviations. */
    static final double Z90 = 1.6448536;

    private final double[] lower;
    private final double[] upper;

    /**
     * @param lowerLimits lower specification limit per target, {@code NaN} for none
     * @param upperLimits upper specification limit per target, {@code NaN} for none
     */
    public QualityCost(double[] lowerLimits, double[] upperLimits) {
        this.lower = lowerLimits.clone();
        this.upper = upperLimits.clone();
    }

    /** @return the number of targets */
    public int targets() {
        return lower.length;
    }

    /**
     * @param prediction the regressor's output, {@code 3 * targets()} values
     * @return the probability that at least one target is outside its band
     */
    public double scrapProbability(float[] prediction) {
        double good = 1;
        for (int t = 0; t < lower.length; t++) {
            good *= 1 - outside(prediction, t);
        }
        return 1 - good;
    }

    /**
     * @param prediction the regressor's output
     * @param t the target
     * @return the probability that target {@code t} is outside its band
     */
    public double outside(float[] prediction, int t) {
        double mean = prediction[t];
        double below = Double.isNaN(lower[t]) ? 0 : normalCdf((lower[t] - mean) / tail(mean - prediction[lower.length + t]));
        double above = Double.isNaN(upper[t]) ? 0 : 1 - normalCdf((upper[t] - mean) / tail(prediction[2 * lower.length + t] - mean));
        return Math.min(1, below + above);
    }

    /** @return the deviation of one side of the distribution, from that side's part of the 90 % interval */
    private static double tail(double halfInterval) {
        return Math.max(1e-9, halfInterval / Z90);
    }

    /**
     * @param prediction the regressor's output
     * @return the widest interval of any target as a fraction of its tolerance (the band's width, or
     *         the distance of a one-sided limit from zero)
     */
    public double relativeUncertainty(float[] prediction) {
        double worst = 0;
        for (int t = 0; t < lower.length; t++) {
            double width = prediction[2 * lower.length + t] - prediction[lower.length + t];
            worst = Math.max(worst, width / tolerance(t));
        }
        return worst;
    }

    private double tolerance(int t) {
        if (!Double.isNaN(lower[t]) && !Double.isNaN(upper[t])) {
            return upper[t] - lower[t];
        }
        double one = Double.isNaN(upper[t]) ? lower[t] : upper[t];
        return Math.max(1e-9, Math.abs(one));
    }

    /** The standard normal distribution function (Abramowitz and Stegun 26.2.17, error below 7.5e-8). */
    static double normalCdf(double x) {
        if (x < -8) {
            return 0;
        }
        if (x > 8) {
            return 1;
        }
        double t = 1 / (1 + 0.2316419 * Math.abs(x));
        double poly = t * (0.319381530 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
        double tail = Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI) * poly;
        return x >= 0 ? 1 - tail : tail;
    }
}
