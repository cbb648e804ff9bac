package io.fabrica.pipeline.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A decision of a pipeline with its reasons, as shown to the operator, logged, and evaluated.
 *
 * <p>Implemented by Fabrica; vendors use it: decision stages create decisions, explain stages add
 * reasons, and listeners read them. Immutable and thread-safe.
 *
 * @param timeMillis the source time of the data decided on
 * @param stage the path of the decision stage in the pipeline
 * @param outcome the decided class, e.g. {@code "anomaly"}, {@code "normal"}, {@code "scratch"}
 * @param positive whether the outcome is the alarming one (anything but the first/normal class)
 * @param score the alarm score: higher means more likely positive (the anomaly score of a threshold
 *        decision; 1 minus the probability of the first, normal class for an argmax decision)
 * @param novelty how unusual the input is compared to the training data, as a percentile 0..100
 *        of the training scores; {@code NaN} when the model has no training statistics
 * @param reasons the strongest contributions, largest first; empty if the pipeline has no explain stage
 * @param groundTruth the label of the data when replaying a labelled dataset, empty when live
 * @since 1.0
 */
@ProviderType
public record Decision(long timeMillis, String stage, String outcome, boolean positive, double score, double novelty,
        List<Reason> reasons, String groundTruth) {

    /**
     * Copies the reasons so that the record stays immutable.
     *
     * @throws NullPointerException if {@code reasons} is or contains {@code null}
     */
    public Decision {
        reasons = List.copyOf(reasons);
    }

    /**
     * A copy with reasons.
     *
     * @param why the reasons, largest first
     * @return the decision with these reasons
     * @throws NullPointerException if {@code why} is or contains {@code null}
     */
    public Decision withReasons(List<Reason> why) {
        return new Decision(timeMillis, stage, outcome, positive, score, novelty, why, groundTruth);
    }

    /** @return a one-line text for logs and the CLI: outcome, score, novelty and the three strongest reasons */
    public String describe() {
        StringBuilder text = new StringBuilder(outcome).append(" score=").append(String.format(java.util.Locale.ROOT, "%.4g", score));
        if (!Double.isNaN(novelty)) {
            text.append(String.format(java.util.Locale.ROOT, " novelty=p%.1f", novelty));
        }
        if (!reasons.isEmpty()) {
            text.append(" because");
            for (int i = 0; i < Math.min(3, reasons.size()); i++) {
                Reason r = reasons.get(i);
                text.append(i == 0 ? " " : ", ").append(r.input()).append(String.format(java.util.Locale.ROOT, " (%+.3g)", r.contribution()));
            }
        }
        return text.toString();
    }
}
