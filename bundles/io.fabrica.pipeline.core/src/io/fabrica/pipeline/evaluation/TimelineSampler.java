package io.fabrica.pipeline.evaluation;

/**
 * Reduces the decisions to a {@link Timeline} of at most a given number of points: consecutive
 * decisions (in time order) are grouped into equal-sized runs, and each run becomes one point with the
 * time and score of its highest-scoring decision and the union of its truth and alarm flags.
 */
final class TimelineSampler {

    private TimelineSampler() {
    }

    /**
     * @param columns the decisions
     * @param order their indices in time order
     * @param maxPoints the most points wanted, at least 1
     * @return the timeline; all decisions when there are no more than {@code maxPoints}
     */
    static Timeline sample(DecisionColumns columns, int[] order, int maxPoints) {
        int n = order.length;
        int points = Math.min(n, maxPoints);
        long[] times = new long[points];
        double[] scores = new double[points];
        boolean[] truth = new boolean[points];
        boolean[] alarms = new boolean[points];
        for (int p = 0; p < points; p++) {
            int from = (int) ((long) p * n / points);
            int to = (int) ((long) (p + 1) * n / points);
            int peak = peak(columns, order, from, to);
            times[p] = columns.time(peak);
            scores[p] = columns.score(peak);
            for (int k = from; k < to; k++) {
                truth[p] |= columns.truthPositive(order[k]);
                alarms[p] |= columns.alarm(order[k]);
            }
        }
        return new Timeline(times, scores, truth, alarms);
    }

    /** @return the decision of the highest score in order[from, to), NaN scores losing; the first if all are NaN */
    private static int peak(DecisionColumns columns, int[] order, int from, int to) {
        int best = order[from];
        for (int k = from + 1; k < to; k++) {
            double score = columns.score(order[k]);
            if (score > columns.score(best) || Double.isNaN(columns.score(best)) && !Double.isNaN(score)) {
                best = order[k];
            }
        }
        return best;
    }
}
