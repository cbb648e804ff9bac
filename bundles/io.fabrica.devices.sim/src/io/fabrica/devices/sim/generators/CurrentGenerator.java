package io.fabrica.devices.sim.generators;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * RMS phase current of the spindle motor, A. While the spindle turns or is commanded to, the
 * current is the sum of
 * <ul>
 * <li>4 A magnetizing current;</li>
 * <li>friction and windage, 10 A at 24,000 1/min, proportional to speed;</li>
 * <li>cutting load, 12 A at 5,000 mm/min feed, proportional to feed (material removal rate);</li>
 * <li>acceleration, 6 A per 10,000 1/min per second of speed change (rotor inertia), computed
 * from the actual speed between calls;</li>
 * <li>faults: bearing-race faults up to 1.5 A (friction), imbalance 1 A, misalignment 2 A,
 * overheating 0.5 A (lubricant breakdown), each times severity;</li>
 * <li>0.1 A of noise.</li>
 * </ul>
 * A stopped spindle with setpoint 0 draws nothing but noise. Readings are limited to 0..40 A.
 *
 * <p>Deterministic for a given seed and sequence of calls. Not thread-safe: call from the
 * simulator thread only.
 */
public final class CurrentGenerator {

    private static final double MAGNETIZING = 4;
    private static final double FRICTION_AT_MAX_SPEED = 10;
    private static final double CUTTING_AT_5000 = 12;
    private static final double ACCELERATION_PER_RPM_PER_SECOND = 6.0 / 10_000;
    private static final double NOISE = 0.1;
    private static final double MAX_CURRENT = 40;

    private final MachineState state;
    private final SplittableRandom random;
    private double previousSpeed = Double.NaN;

    /**
     * A generator whose first sample has no acceleration share (there is no previous speed yet).
     *
     * @param state the machine state to follow, not {@code null}
     * @param seed seed of the noise
     */
    public CurrentGenerator(MachineState state, long seed) {
        this.state = Objects.requireNonNull(state, "state");
        this.random = new SplittableRandom(seed);
    }

    /**
     * Samples the current after a time step; the step only matters for the acceleration share.
     *
     * @param dtSeconds time since the previous call, seconds, finite and {@code >= 0}
     * @return the reading, A, within 0..40
     * @throws IllegalArgumentException if {@code dtSeconds} is negative or not finite
     */
    public double next(double dtSeconds) {
        SpeedGenerator.requireTimeStep(dtSeconds);
        double speed = state.actualSpeedRpm();
        double acceleration = accelerationRpmPerSecond(speed, dtSeconds);
        previousSpeed = speed;
        double current = running(speed) ? loadCurrent(speed) + ACCELERATION_PER_RPM_PER_SECOND * acceleration : 0;
        double reading = current + NOISE * random.nextGaussian();
        return Math.max(0, Math.min(MAX_CURRENT, reading));
    }

    private boolean running(double speed) {
        return speed >= 1 || state.speedSetpointRpm() >= 1;
    }

    private double loadCurrent(double speed) {
        double cutting = CUTTING_AT_5000 * state.feedRateMmPerMin() / 5000 * Math.min(1, speed / 1000);
        return MAGNETIZING + FRICTION_AT_MAX_SPEED * speed / MachineState.MAX_SPEED_RPM + cutting + faultCurrent();
    }

    private double accelerationRpmPerSecond(double speed, double dtSeconds) {
        if (Double.isNaN(previousSpeed) || dtSeconds == 0) {
            return 0;
        }
        return Math.abs(speed - previousSpeed) / dtSeconds;
    }

    private double faultCurrent() {
        double severity = state.faultSeverity();
        return severity * switch (state.fault()) {
            case BEARING_OUTER_RACE, BEARING_INNER_RACE -> 1.5;
            case IMBALANCE -> 1.0;
            case MISALIGNMENT -> 2.0;
            case OVERHEATING -> 0.5;
            case NONE -> 0;
        };
    }
}
