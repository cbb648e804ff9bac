package io.fabrica.pipeline.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ROC curve and its area for the scores of labelled decisions against their binary truth.
 * Decisions with a {@code NaN} score are left out. Both are computed from the sorted scores of the
 * two classes: no per-decision objects, O(n log n).
 */
final class Roc {

    private final double[] positives;
    private final double[] negatives;

    private Roc(double[] positives, double[] negatives) {
        this.positives = positives;
        this.negatives = negatives;
        Arrays.sort(positives);
        Arrays.sort(negatives);
    }

    /**
     * @param columns the decisions
     * @return the ROC of their labelled, scored decisions
     */
    static Roc of(DecisionColumns columns) {
        return new Roc(scores(columns, true), scores(columns, false));
    }

    /** The scores of the labelled decisions with a score and the given truth. */
    private static double[] scores(DecisionColumns columns, boolean truth) {
        int count = 0;
        for (int i = 0; i < columns.size(); i++) {
            if (counts(columns, i, truth)) {
                count++;
            }
        }
        double[] scores = new double[count];
        count = 0;
        for (int i = 0; i < columns.size(); i++) {
            if (counts(columns, i, truth)) {
                scores[count++] = columns.score(i);
            }
        }
        return scores;
    }

    private static boolean counts(DecisionColumns columns, int i, boolean truth) {
        return columns.labelled(i) && !Double.isNaN(columns.score(i)) && columns.truthPositive(i) == truth;
    }

    private boolean defined() {
        return positives.length > 0 && negatives.length > 0;
    }

    /**
     * The probability that a random positive scores above a random negative, ties counting one half:
     * the Mann-Whitney statistic, equal to the rank-based AUC with averaged ranks of ties.
     *
     * @return the area, {@code NaN} if a class has no scored decisions
     */
    double auc() {
        if (!defined()) {
            return Double.NaN;
        }
        double wins = 0;
        int below = 0; // negatives scoring strictly below the current positive
        int upTo = 0; // negatives scoring at most the current positive
        for (double score : positives) {
            while (below < negatives.length && negatives[below] < score) {
                below++;
            }
            upTo = Math.max(upTo, below);
            while (upTo < negatives.length && negatives[upTo] <= score) {
                upTo++;
            }
            wins += below + 0.5 * (upTo - below);
        }
        return wins / ((double) positives.length * negatives.length);
    }

    /**
     * The operating point with at most a given share of false alarms: the threshold is the
     * {@code k+1}-th highest negative score, {@code k = floor(budget * negatives)}, so that at most
     * {@code k} negatives score above it (fewer when scores tie).
     *
     * @param maxFalseAlarmRate the budget, 0 to 1
     * @return the threshold, the false-alarm rate and the recall there; undefined without both classes
     */
    OperatingPoint atFalseAlarmRate(double maxFalseAlarmRate) {
        if (!defined()) {
            return OperatingPoint.undefined(maxFalseAlarmRate);
        }
        int allowed = (int) Math.floor(maxFalseAlarmRate * negatives.length);
        double threshold = negatives[Math.max(0, negatives.length - 1 - allowed)];
        return new OperatingPoint(maxFalseAlarmRate, threshold, above(negatives, threshold) / (double) negatives.length,
                above(positives, threshold) / (double) positives.length);
    }

    /** The number of sorted scores strictly above a threshold. */
    private static int above(double[] sorted, double threshold) {
        int index = Arrays.binarySearch(sorted, threshold);
        if (index < 0) {
            return sorted.length - (-index - 1);
        }
        while (index < sorted.length && sorted[index] <= threshold) {
            index++;
        }
        return sorted.length - index;
    }

    /**
     * The curve through the operating points of all distinct thresholds, highest first, thinned to
     * about {@code maxPoints} points by dropping points closer than 2/maxPoints (in FPR + TPR) to the
     * previous kept one; the curve is monotone with length at most 2, so the shape is preserved.
     *
     * @param maxPoints the wanted number of points, at least 2
     * @return {@code {fpr, tpr}} points from (0,0) to (1,1); empty if a class has no scored decisions
     */
    List<double[]> curve(int maxPoints) {
        List<double[]> points = new ArrayList<>();
        if (!defined()) {
            return points;
        }
        double step = 2.0 / maxPoints;
        double[] last = {0, 0};
        points.add(last);
        int p = positives.length - 1;
        int n = negatives.length - 1;
        while (p >= 0 || n >= 0) {
            double threshold = Math.max(p >= 0 ? positives[p] : Double.NEGATIVE_INFINITY,
                    n >= 0 ? negatives[n] : Double.NEGATIVE_INFINITY);
            while (p >= 0 && positives[p] >= threshold) {
                p--;
            }
            while (n >= 0 && negatives[n] >= threshold) {
                n--;
            }
            double[] point = {(negatives.length - 1 - n) / (double) negatives.length,
                    (positives.length - 1 - p) / (double) positives.length};
            boolean end = p < 0 && n < 0;
            if (end || point[0] - last[0] + point[1] - last[1] >= step) {
                points.add(point);
                last = point;
            }
        }
        return points;
    }
}
