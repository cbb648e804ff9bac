package io.fabrica.devices.sim.generators;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Bearing outer-ring temperature, °C, from a first-order thermal model: the temperature relaxes
 * towards an {@linkplain #equilibriumCelsius() equilibrium} with a time constant (default 300 s),
 * solved exactly per step so any sampling interval gives the same curve.
 *
 * <p>The equilibrium is the ambient temperature plus
 * <ul>
 * <li>frictional heating growing with speed to the power 1.5 (35 K at 24,000 1/min, about 12 K
 * at 12,000 1/min);</li>
 * <li>{@link Fault#OVERHEATING}: up to 45 K at full severity;</li>
 * <li>bearing-race faults: up to 10 K; imbalance and misalignment: up to 4 K.</li>
 * </ul>
 * The ambient wanders slowly (a mean-reverting random walk, ±0.5 K over about half an hour,
 * like a hall's air) and the sensor adds 0.05 K of noise. Readings are limited to the sensor's
 * range 0..120 °C.
 *
 * <p>Deterministic for a given seed and sequence of calls. Not thread-safe: call from the
 * simulator thread only.
 */
public final class TemperatureGenerator {

    /** Default thermal time constant of spindle housing and bearing, seconds. */
    public static final double DEFAULT_TIME_CONSTANT_SECONDS = 300;

    /** Default mean ambient temperature, °C. */
    public static final double DEFAULT_AMBIENT_CELSIUS = 22;

    private static final double SPEED_RISE_AT_MAX = 35;
    private static final double OVERHEATING_RISE = 45;
    private static final double BEARING_FAULT_RISE = 10;
    private static final double SHAFT_FAULT_RISE = 4;
    private static final double DRIFT_SIGMA = 0.5;
    private static final double DRIFT_TIME_CONSTANT_SECONDS = 1800;
    private static final double SENSOR_NOISE = 0.05;
    private static final double SENSOR_MAX = 120;

    private final MachineState state;
    private final SplittableRandom random;
    private final double timeConstantSeconds;
    private final double ambientCelsius;
    private double drift;
    private double temperature;

    /**
     * A generator with the default time constant and ambient, starting at the current
     * equilibrium (a machine that has been running a while, so recordings begin without a
     * warm-up transient; use {@link #setTemperatureCelsius(double)} for a cold start).
     *
     * @param state the machine state to follow, not {@code null}
     * @param seed seed of drift and noise
     */
    public TemperatureGenerator(MachineState state, long seed) {
        this(state, DEFAULT_TIME_CONSTANT_SECONDS, DEFAULT_AMBIENT_CELSIUS, seed);
    }

    /**
     * A generator with explicit thermal parameters, starting at the current equilibrium.
     *
     * @param state the machine state to follow, not {@code null}
     * @param timeConstantSeconds thermal time constant, seconds, {@code > 0}
     * @param ambientCelsius mean ambient temperature, °C
     * @param seed seed of drift and noise
     * @throws IllegalArgumentException if the time constant is not positive or a value not finite
     */
    public TemperatureGenerator(MachineState state, double timeConstantSeconds, double ambientCelsius, long seed) {
        if (!(timeConstantSeconds > 0 && timeConstantSeconds < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("time constant must be > 0 s, got " + timeConstantSeconds);
        }
        if (!Double.isFinite(ambientCelsius)) {
            throw new IllegalArgumentException("ambient must be finite, got " + ambientCelsius);
        }
        this.state = Objects.requireNonNull(state, "state");
        this.random = new SplittableRandom(seed);
        this.timeConstantSeconds = timeConstantSeconds;
        this.ambientCelsius = ambientCelsius;
        this.temperature = equilibriumCelsius();
    }

    /**
     * The temperature the bearing tends to in the current machine state, without drift and noise.
     *
     * @return °C
     */
    public double equilibriumCelsius() {
        double speedShare = state.actualSpeedRpm() / MachineState.MAX_SPEED_RPM;
        return ambientCelsius + SPEED_RISE_AT_MAX * Math.pow(speedShare, 1.5) + faultRise();
    }

    /** @return the true (noise-free) model temperature, °C */
    public double temperatureCelsius() {
        return temperature;
    }

    /**
     * Sets the model temperature, e.g. to the ambient for a cold start.
     *
     * @param celsius °C, finite
     * @throws IllegalArgumentException if not finite
     */
    public void setTemperatureCelsius(double celsius) {
        if (!Double.isFinite(celsius)) {
            throw new IllegalArgumentException("temperature must be finite, got " + celsius);
        }
        this.temperature = celsius;
    }

    /**
     * Advances the thermal model by a time step and returns the sensor reading.
     *
     * @param dtSeconds time since the previous call, seconds, finite and {@code >= 0}
     * @return the reading, °C, within 0..120
     * @throws IllegalArgumentException if {@code dtSeconds} is negative or not finite
     */
    public double next(double dtSeconds) {
        SpeedGenerator.requireTimeStep(dtSeconds);
        advanceDrift(dtSeconds);
        double target = equilibriumCelsius() + drift;
        temperature += (target - temperature) * -Math.expm1(-dtSeconds / timeConstantSeconds);
        double reading = temperature + SENSOR_NOISE * random.nextGaussian();
        return Math.max(0, Math.min(SENSOR_MAX, reading));
    }

    /** Exact discretization of an Ornstein-Uhlenbeck process, so the drift's spread does not depend on the step. */
    private void advanceDrift(double dtSeconds) {
        double keep = Math.exp(-dtSeconds / DRIFT_TIME_CONSTANT_SECONDS);
        drift = drift * keep + DRIFT_SIGMA * Math.sqrt(1 - keep * keep) * random.nextGaussian();
    }

    private double faultRise() {
        double severity = state.faultSeverity();
        return severity * switch (state.fault()) {
            case OVERHEATING -> OVERHEATING_RISE;
            case BEARING_OUTER_RACE, BEARING_INNER_RACE -> BEARING_FAULT_RISE;
            case IMBALANCE, MISALIGNMENT -> SHAFT_FAULT_RISE;
            case NONE -> 0;
        };
    }
}
