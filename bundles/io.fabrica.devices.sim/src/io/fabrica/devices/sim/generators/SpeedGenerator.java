package io.fabrica.devices.sim.generators;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Actual spindle speed, 1/min: follows the {@linkplain MachineState#speedSetpointRpm() setpoint}
 * with a first-order lag (time constant 0.5 s) whose acceleration is limited to
 * 12,000 1/min per second (the drive's current limit), so a large setpoint step ramps linearly
 * first and then settles exponentially, as a speed-controlled motor spindle does.
 *
 * <p>Each {@link #next(double)} writes the true speed into the {@link MachineState} (which the
 * other generators read) and returns the measured speed: the true speed plus encoder/controller
 * jitter of about 0.02 % (at least 0.5 1/min).
 *
 * <p>Deterministic for a given seed and sequence of calls. Not thread-safe: call from the
 * simulator thread only; it is the only writer of the state's actual speed.
 */
public final class SpeedGenerator {

    /** Time constant of the speed loop, seconds. */
    public static final double TIME_CONSTANT_SECONDS = 0.5;

    /** Largest acceleration or deceleration, 1/min per second. */
    public static final double MAX_ACCELERATION_RPM_PER_SECOND = 12_000;

    private final MachineState state;
    private final SplittableRandom random;

    /**
     * A generator that continues from the state's current actual speed.
     *
     * @param state the machine state to follow and update, not {@code null}
     * @param seed seed of the jitter
     */
    public SpeedGenerator(MachineState state, long seed) {
        this.state = Objects.requireNonNull(state, "state");
        this.random = new SplittableRandom(seed);
    }

    /**
     * Advances the speed by a time step, stores the true speed in the machine state and returns
     * the measured one.
     *
     * @param dtSeconds time since the previous call, seconds, finite and {@code >= 0}
     * @return the measured speed, 1/min, never negative
     * @throws IllegalArgumentException if {@code dtSeconds} is negative or not finite
     */
    public double next(double dtSeconds) {
        requireTimeStep(dtSeconds);
        double speed = state.actualSpeedRpm();
        double lagged = (state.speedSetpointRpm() - speed) * -Math.expm1(-dtSeconds / TIME_CONSTANT_SECONDS);
        double maxChange = MAX_ACCELERATION_RPM_PER_SECOND * dtSeconds;
        speed += Math.max(-maxChange, Math.min(maxChange, lagged));
        state.setActualSpeedRpm(speed);
        return Math.max(0, speed + jitter(speed));
    }

    private double jitter(double speed) {
        return Math.max(0.5, 2e-4 * speed) * random.nextGaussian();
    }

    static void requireTimeStep(double dtSeconds) {
        if (!(dtSeconds >= 0 && dtSeconds < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("time step must be finite and >= 0 s, got " + dtSeconds);
        }
    }
}
