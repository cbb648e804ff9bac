package io.fabrica.devices.sim.generators;

import java.util.Objects;

/**
 * The operating state of the simulated spindle that all generators read: speed setpoint, feed
 * rate, actual speed, the active {@link FaultEpisode} and the simulated clock.
 *
 * <p>Units: speeds in 1/min (rpm), feed rate in mm/min, time in seconds of simulated time since
 * the simulation started. The clock only moves when {@link #advance(double)} or
 * {@link #advanceTo(double)} is called (by the simulator loop or a {@link Scenario}); generators
 * never move it, so several generators sampled at different rates see one consistent time.
 *
 * <p>Thread-safe: OPC UA write handlers may change the setpoint or feed rate while the simulator
 * thread samples. Every field is volatile, so reads never block; updates that read before they
 * write (the clock, injecting a fault at the current time) are synchronized. A reader may see a
 * setpoint change one sample late, which a real controller does too.
 */
public final class MachineState {

    /** Highest speed the spindle can run at, 1/min (the demo plant's Speed maximum). */
    public static final double MAX_SPEED_RPM = 24_000;

    /** Highest feed rate, mm/min (the demo plant's Feed Rate maximum). */
    public static final double MAX_FEED_RATE_MM_PER_MIN = 10_000;

    private volatile double speedSetpointRpm;
    private volatile double actualSpeedRpm;
    private volatile double feedRateMmPerMin;
    private volatile double timeSeconds;
    private volatile FaultEpisode episode = FaultEpisode.HEALTHY;

    /** A healthy spindle running steadily at 12,000 1/min with a feed of 1,200 mm/min, at time 0. */
    public MachineState() {
        this(12_000, 1_200);
    }

    /**
     * A healthy spindle already running steadily (actual speed equal to the setpoint), at time 0.
     *
     * @param speedSetpointRpm the setpoint, 0..{@value #MAX_SPEED_RPM} 1/min
     * @param feedRateMmPerMin the feed rate, 0..{@value #MAX_FEED_RATE_MM_PER_MIN} mm/min
     * @throws IllegalArgumentException if a value is out of range or NaN
     */
    public MachineState(double speedSetpointRpm, double feedRateMmPerMin) {
        setSpeedSetpointRpm(speedSetpointRpm);
        setFeedRateMmPerMin(feedRateMmPerMin);
        this.actualSpeedRpm = speedSetpointRpm;
    }

    /** @return the speed the controller regulates to, 1/min */
    public double speedSetpointRpm() {
        return speedSetpointRpm;
    }

    /**
     * Sets the speed setpoint. The range is the machine's physical one; the safe operating range
     * of the plant model (1,000..18,000) is enforced by whoever writes the parameter, because a
     * simulator has to be able to show what happens outside it.
     *
     * @param rpm 0..{@value #MAX_SPEED_RPM} 1/min
     * @throws IllegalArgumentException if out of range or NaN
     */
    public void setSpeedSetpointRpm(double rpm) {
        this.speedSetpointRpm = requireRange("speed setpoint", rpm, MAX_SPEED_RPM);
    }

    /**
     * The true spindle speed. Written by {@link SpeedGenerator}; the other generators scale
     * their output with it.
     *
     * @return 1/min, without measurement jitter
     */
    public double actualSpeedRpm() {
        return actualSpeedRpm;
    }

    /** Only {@link SpeedGenerator} moves the true speed, so it cannot be set from outside. */
    void setActualSpeedRpm(double rpm) {
        this.actualSpeedRpm = rpm;
    }

    /** @return the programmed feed rate, mm/min */
    public double feedRateMmPerMin() {
        return feedRateMmPerMin;
    }

    /**
     * Sets the feed rate, which loads the spindle (current, cutting noise).
     *
     * @param mmPerMin 0..{@value #MAX_FEED_RATE_MM_PER_MIN} mm/min
     * @throws IllegalArgumentException if out of range or NaN
     */
    public void setFeedRateMmPerMin(double mmPerMin) {
        this.feedRateMmPerMin = requireRange("feed rate", mmPerMin, MAX_FEED_RATE_MM_PER_MIN);
    }

    /** @return simulated seconds since the start */
    public double timeSeconds() {
        return timeSeconds;
    }

    /**
     * Moves the simulated clock forward.
     *
     * @param dtSeconds seconds, finite and {@code >= 0}
     * @throws IllegalArgumentException if {@code dtSeconds} is negative or not finite
     */
    public synchronized void advance(double dtSeconds) {
        if (!(dtSeconds >= 0 && dtSeconds < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("time step must be finite and >= 0, got " + dtSeconds);
        }
        timeSeconds += dtSeconds;
    }

    /**
     * Moves the simulated clock to a point in time; the clock never goes back, since a degrading
     * fault cannot heal by rewinding.
     *
     * @param seconds the new time, {@code >=} {@link #timeSeconds()}, finite
     * @throws IllegalArgumentException if {@code seconds} is before the current time or not finite
     */
    public synchronized void advanceTo(double seconds) {
        if (!(seconds >= timeSeconds && seconds < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("cannot move the clock from " + timeSeconds + " s to " + seconds + " s");
        }
        timeSeconds = seconds;
    }

    /**
     * Injects a degrading fault now: severity {@value FaultEpisode#DEFAULT_START_SEVERITY}
     * growing to 1 over {@code rampSeconds}. Replaces any active fault.
     *
     * @param fault the fault; {@link Fault#NONE} clears
     * @param rampSeconds seconds until full severity, {@code >= 0}; 0 keeps it at the start value
     * @throws IllegalArgumentException if {@code rampSeconds} is negative or not finite
     */
    public void injectFault(Fault fault, double rampSeconds) {
        injectFault(fault, FaultEpisode.DEFAULT_START_SEVERITY, rampSeconds);
    }

    /**
     * Injects a fault now. With {@code rampSeconds == 0} the severity stays at
     * {@code startSeverity}, e.g. {@code injectFault(Fault.IMBALANCE, 1, 0)} for a full fault.
     * Replaces any active fault.
     *
     * @param fault the fault; {@link Fault#NONE} clears (the severity is then ignored)
     * @param startSeverity 0..1
     * @param rampSeconds seconds until severity 1, {@code >= 0}
     * @throws IllegalArgumentException if a number is out of range
     */
    public synchronized void injectFault(Fault fault, double startSeverity, double rampSeconds) {
        if (Objects.requireNonNull(fault, "fault") == Fault.NONE) {
            clearFault();
            return;
        }
        episode = new FaultEpisode(fault, timeSeconds, startSeverity, rampSeconds);
    }

    /** Clears the active fault now (maintenance); the machine is healthy from the current time. */
    public synchronized void clearFault() {
        episode = FaultEpisode.healthy(timeSeconds);
    }

    /**
     * Installs an episode as the active one, e.g. from a {@link Scenario}; its start time may lie
     * in the past so that a scenario applied late still has the exact degradation.
     *
     * @param episode the episode, not {@code null}
     */
    public void setFaultEpisode(FaultEpisode episode) {
        this.episode = Objects.requireNonNull(episode, "episode");
    }

    /** @return the active episode, {@link Fault#NONE} when healthy; never {@code null} */
    public FaultEpisode faultEpisode() {
        return episode;
    }

    /** @return the active fault, {@link Fault#NONE} when healthy */
    public Fault fault() {
        return episode.fault();
    }

    /** @return the active fault's severity at the current simulated time, 0..1 (0 when healthy) */
    public double faultSeverity() {
        return episode.severityAt(timeSeconds);
    }

    /** @return the ground-truth label of the current moment, e.g. {@code "normal"} */
    public String label() {
        return episode.fault().label();
    }

    private static double requireRange(String name, double value, double max) {
        if (!(value >= 0 && value <= max)) {
            throw new IllegalArgumentException(name + " must be within 0.." + max + ", got " + value);
        }
        return value;
    }
}
