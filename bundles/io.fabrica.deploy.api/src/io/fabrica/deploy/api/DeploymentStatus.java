package io.fabrica.deploy.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One deployment on a target, as the target reports it ({@link DeploymentTarget#status}).
 *
 * <p>Implemented by Fabrica; vendors use it: targets create it, Fabrica shows it. Immutable and
 * thread-safe.
 *
 * @param id the deployment id (the pipeline's id)
 * @param name the pipeline's name
 * @param version the running (or installed) version
 * @param state {@code RUNNING}, {@code STOPPED} or {@code FAILED}
 * @param lastDecision the last decision with its reasons, empty if none yet
 * @param decisionCount decisions since the deployment started
 * @param latencyP50Micros median time from a sample's arrival to its decision, microseconds ({@code NaN} if none)
 * @param latencyP99Micros 99th percentile of the same
 * @param lastError the last error, empty if none
 * @since 1.0
 */
@ProviderType
public record DeploymentStatus(String id, String name, String version, String state, String lastDecision, long decisionCount,
        double latencyP50Micros, double latencyP99Micros, String lastError) {
}
