package io.fabrica.pipeline.evaluation;

/**
 * The decisions in time order, for the score chart, downsampled to at most 2000 points. When
 * downsampling, each point stands for a run of consecutive decisions: it has the time and score of
 * the highest-scoring decision of the run, and is a truth positive or an alarm when any decision of
 * the run is, so that peaks, alarms and short fault episodes stay visible. The four arrays have the
 * same length; they belong to the timeline and must not be modified.
 *
 * @param timesMillis the decision times, ascending
 * @param scores the alarm scores, {@code NaN} where the pipeline gave none
 * @param truthPositive whether the ground truth was a fault (false for unlabelled decisions)
 * @param alarms whether the decision was positive
 */
public record Timeline(long[] timesMillis, double[] scores, boolean[] truthPositive, boolean[] alarms) {

    /**
     * Checks that the arrays line up.
     *
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public Timeline {
        int n = timesMillis.length;
        if (scores.length != n || truthPositive.length != n || alarms.length != n) {
            throw new IllegalArgumentException("timeline arrays differ in length");
        }
    }

    /**
     * Counts the points.
     *
     * @return the number of points
     */
    public int size() {
        return timesMillis.length;
    }
}
