package io.fabrica.pipeline.api;

import java.util.List;
import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Why a pipeline proposes a new process-parameter value: what the model predicts for the quality
 * characteristic now and with the change, how uncertain the prediction is, and which inputs drove it.
 * Carried by a {@link ParameterWrite} so that the person approving it (and the audit log) sees the
 * reasons, not only the number.
 *
 * <p>Implemented by Fabrica; vendors use it: Fabrica's recommendation stage creates it, listeners and
 * runtimes read it. Immutable and thread-safe.
 *
 * @param current the parameter's value when the recommendation was made
 * @param quality the predicted quality characteristic with its unit, e.g. {@code "Surface Roughness [um]"}
 * @param predictedNow the predicted quality at the current setpoints
 * @param predictedWith the predicted quality with the proposed value
 * @param low the lower end of the prediction interval with the proposed value
 * @param high the upper end of the prediction interval with the proposed value
 * @param gain the predicted reduction of the cost (scrap probability, or the weighted cost) the change buys
 * @param reasons sentences for the operator, the strongest driver first
 * @since 1.1
 */
@ProviderType
public record Recommendation(double current, String quality, double predictedNow, double predictedWith, double low, double high, double gain,
        List<String> reasons) {

    /** Copies the reasons, so a recommendation cannot change after it was made. */
    public Recommendation {
        Objects.requireNonNull(quality, "quality");
        reasons = List.copyOf(reasons);
    }

    /** @return the width of the prediction interval */
    public double uncertainty() {
        return high - low;
    }
}
