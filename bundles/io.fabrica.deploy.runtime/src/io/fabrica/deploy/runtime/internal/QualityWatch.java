package io.fabrica.deploy.runtime.internal;

import java.util.Locale;

/**
 * Watches the quality a pipeline predicts after an approved (or auto-approved) write: the later
 * recommendations' prediction at the current setpoints ({@code Recommendation.predictedNow}; lower is
 * better). When the mean of the next N predictions is worse than the prediction before the write by more
 * than the margin, the previous value is to be written back. Not thread-safe: the approvals store holds its lock.
 */
final class QualityWatch {

    /** What the watch concludes after an observation. */
    enum Verdict {
        /** Still collecting observations. */
        WATCHING,
        /** N observations, not worse beyond the margin: the change stays. */
        KEEP,
        /** Worse beyond the margin: write the previous value back. */
        REVERT
    }

    private final String itemId;
    private final double previous;
    private final double before;
    private final long writtenAt;
    private final int observations;
    private final double margin;
    private double sum;
    private int seen;

    /**
     * @param itemId the approval whose write is watched
     * @param previous the parameter's value before the write
     * @param before the predicted quality before the write (at the old setpoints)
     * @param writtenAt the source time of the write; only later predictions count
     * @param observations how many predictions to average
     * @param margin how much worse, as a fraction of {@code before}, is too much
     */
    QualityWatch(String itemId, double previous, double before, long writtenAt, int observations, double margin) {
        this.itemId = itemId;
        this.previous = previous;
        this.before = before;
        this.writtenAt = writtenAt;
        this.observations = observations;
        this.margin = margin;
    }

    /**
     * @param predicted the quality predicted at the current setpoints
     * @param time its source time
     * @return what to do now
     */
    Verdict observe(double predicted, long time) {
        if (time <= writtenAt || !Double.isFinite(predicted)) {
            return Verdict.WATCHING;
        }
        sum += predicted;
        seen++;
        if (seen < observations) {
            return Verdict.WATCHING;
        }
        return mean() > limit() ? Verdict.REVERT : Verdict.KEEP;
    }

    private double mean() {
        return seen == 0 ? Double.NaN : sum / seen;
    }

    /** Worse means higher; the margin is relative to the size of the value before (an absolute one at 0). */
    private double limit() {
        return before + margin * Math.max(Math.abs(before), 1e-9);
    }

    String itemId() {
        return itemId;
    }

    double previous() {
        return previous;
    }

    /** @return why the value is set back, for the audit and the operator */
    String reason() {
        return String.format(Locale.ROOT, "predicted quality after approval %s: mean %.4g over %d predictions, worse than %.4g before it by more than"
                + " %.0f %%; set back to %s", itemId, mean(), seen, before, margin * 100, previous);
    }
}
