package io.fabrica.pipeline.evaluation;

/**
 * How early a fault episode was detected. An episode is a maximal run of labelled decisions, in time
 * order, that all carry the same positive ground-truth label.
 *
 * @param label the ground-truth label of the episode, e.g. {@code "bearing-outer-race"}
 * @param onsetMillis the time of the first decision of the episode
 * @param endMillis the time of the last decision of the episode
 * @param firstAlarmMillis the time of the first positive decision within the episode, {@code -1} if
 *        there was none (the episode was missed)
 * @param detectionDelaySeconds first alarm minus onset, {@code NaN} if missed
 * @param leadSeconds end minus first alarm: how long before the end of the episode (for a
 *        run-to-failure recording: the failure) the alarm came, {@code NaN} if missed
 */
public record LeadTime(String label, long onsetMillis, long endMillis, long firstAlarmMillis, double detectionDelaySeconds,
        double leadSeconds) {

    /**
     * An episode with its first alarm, if any.
     *
     * @param label the label
     * @param onsetMillis the first decision's time
     * @param endMillis the last decision's time
     * @param firstAlarmMillis the first alarm's time, or {@code -1} if missed
     * @return the lead time with the delays derived from the times
     */
    static LeadTime of(String label, long onsetMillis, long endMillis, long firstAlarmMillis) {
        if (firstAlarmMillis < 0) {
            return new LeadTime(label, onsetMillis, endMillis, -1, Double.NaN, Double.NaN);
        }
        return new LeadTime(label, onsetMillis, endMillis, firstAlarmMillis, (firstAlarmMillis - onsetMillis) / 1000.0,
                (endMillis - firstAlarmMillis) / 1000.0);
    }

    /**
     * Tells whether the episode went unnoticed.
     *
     * @return whether the episode had no alarm at all
     */
    public boolean missed() {
        return firstAlarmMillis < 0;
    }
}
