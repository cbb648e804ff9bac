package io.fabrica.pipeline.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One reason for a decision: an input (a feature, an image region, a signal) and how much it
 * contributed to the score. Contributions of one decision are comparable with each other.
 *
 * <p>Implemented by Fabrica; vendors use it: explain stages create reasons, listeners read them.
 * Immutable and thread-safe.
 *
 * @param input what contributed, e.g. {@code "Vibration.band3"} or {@code "region r2c5"}
 * @param contribution its share of the score (positive pushes towards the decision)
 * @since 1.0
 */
@ProviderType
public record Reason(String input, double contribution) {
}
