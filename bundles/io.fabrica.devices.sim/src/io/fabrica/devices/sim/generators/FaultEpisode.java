package io.fabrica.devices.sim.generators;

import java.util.Objects;

/**
 * A fault that starts at a point of simulated time and then degrades: its severity ramps
 * linearly from {@code startSeverity} at {@code startSeconds} to 1 at
 * {@code startSeconds + rampSeconds} and stays at 1 afterwards. A ramp of 0 means no
 * degradation: the severity stays at {@code startSeverity}. The ramp gives recordings a
 * degradation trend (for remaining-useful-life and trend models) instead of a step.
 *
 * <p>A {@link Fault#NONE} episode is the healthy machine; its severity is always 0.
 *
 * <p>Immutable and thread-safe.
 *
 * @param fault the fault, not {@code null}
 * @param startSeconds simulated time the fault appears, seconds, finite and {@code >= 0}
 * @param startSeverity severity at the start, 0..1 (0 for {@link Fault#NONE})
 * @param rampSeconds time to reach severity 1, seconds, finite and {@code >= 0}; 0 keeps the
 *        severity constant
 */
public record FaultEpisode(Fault fault, double startSeconds, double startSeverity, double rampSeconds) {

    /** Severity a degrading fault starts with unless told otherwise: clearly present, still small. */
    public static final double DEFAULT_START_SEVERITY = 0.1;

    /** The healthy machine from time 0. */
    public static final FaultEpisode HEALTHY = new FaultEpisode(Fault.NONE, 0, 0, 0);

    /**
     * Validates the components.
     *
     * @throws NullPointerException if {@code fault} is {@code null}
     * @throws IllegalArgumentException if a number is out of range, or a {@link Fault#NONE}
     *         episode has a non-zero severity
     */
    public FaultEpisode {
        Objects.requireNonNull(fault, "fault");
        requireFiniteNonNegative("startSeconds", startSeconds);
        requireFiniteNonNegative("rampSeconds", rampSeconds);
        if (!(startSeverity >= 0 && startSeverity <= 1)) {
            throw new IllegalArgumentException("startSeverity must be within 0..1, got " + startSeverity);
        }
        if (fault == Fault.NONE && startSeverity != 0) {
            throw new IllegalArgumentException("a healthy episode has severity 0, got " + startSeverity);
        }
    }

    /**
     * A healthy episode, e.g. a fault cleared by maintenance.
     *
     * @param startSeconds simulated time the machine is healthy from, seconds
     * @return the episode
     * @throws IllegalArgumentException if {@code startSeconds} is negative or not finite
     */
    public static FaultEpisode healthy(double startSeconds) {
        return new FaultEpisode(Fault.NONE, startSeconds, 0, 0);
    }

    /**
     * The severity at a point of simulated time.
     *
     * @param timeSeconds simulated time, seconds; times before the start count as the start
     * @return 0 for {@link Fault#NONE}, otherwise 0..1 along the ramp
     */
    public double severityAt(double timeSeconds) {
        if (fault == Fault.NONE) {
            return 0;
        }
        if (rampSeconds == 0) {
            return startSeverity;
        }
        double progress = Math.min(1, Math.max(0, timeSeconds - startSeconds) / rampSeconds);
        return startSeverity + (1 - startSeverity) * progress;
    }

    private static void requireFiniteNonNegative(String name, double value) {
        if (!(value >= 0 && value < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, got " + value);
        }
    }
}
