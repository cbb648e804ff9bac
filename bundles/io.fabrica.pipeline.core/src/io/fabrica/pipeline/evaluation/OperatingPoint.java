package io.fabrica.pipeline.evaluation;

/**
 * The recall at a fixed false-alarm budget: the lowest score threshold at which at most
 * {@code maxFalseAlarmRate} of the labelled negative (normal, ok) decisions score above it, and the
 * share of positive (fault, defect) decisions that score above it. Independent of the pipeline's own
 * threshold: it says how well the scores separate at that budget. All values are {@code NaN} when a
 * class has no scored decisions.
 *
 * @param maxFalseAlarmRate the budget, e.g. 0.01
 * @param threshold a decision alarms when its score is above this
 * @param falseAlarmRate the share of negative decisions above the threshold, at most the budget
 * @param recall the share of positive decisions above the threshold
 */
public record OperatingPoint(double maxFalseAlarmRate, double threshold, double falseAlarmRate, double recall) {

    /** The budget the evaluation report uses: at most 1 % of normal decisions alarm. */
    public static final double ONE_PERCENT = 0.01;

    /**
     * @param maxFalseAlarmRate the budget
     * @return the operating point of a report without both classes
     */
    public static OperatingPoint undefined(double maxFalseAlarmRate) {
        return new OperatingPoint(maxFalseAlarmRate, Double.NaN, Double.NaN, Double.NaN);
    }
}
