package io.fabrica.devices.sim.generators;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Acceleration at the spindle's front bearing, m/s², as consecutive windows of a continuous
 * signal (window {@code k+1} starts where window {@code k} ended: phases and ringing carry over).
 *
 * <p>The signal is the sum of
 * <ul>
 * <li>shaft harmonics at 1×, 2×, 3× the rotation frequency fr = rpm / 60, growing with speed
 * squared (centrifugal force); {@link Fault#IMBALANCE} raises 1×, {@link Fault#MISALIGNMENT}
 * raises 2× (and a little 1×);</li>
 * <li>for bearing faults, impacts at BPFO ({@link Fault#BEARING_OUTER_RACE}) or BPFI
 * ({@link Fault#BEARING_INNER_RACE}) from the {@link BearingGeometry}, each ringing a structural
 * resonance at 3.8 kHz (a damped two-pole resonator). Impact spacing varies by about 1 % (roller
 * slip) and impact strength by about 30 %, as on real bearings. Inner-race impacts are
 * amplitude-modulated by shaft rotation because the defect passes through the load zone once
 * per turn. Impact strength is proportional to fault severity and to speed;</li>
 * <li>Gaussian broadband noise that grows with speed and, while cutting, with feed rate.</li>
 * </ul>
 * At the demo's reference speed of 12,000 1/min a healthy window has an RMS of about 1 m/s²;
 * a full-severity bearing fault adds bursts with peaks of 15 to 20 m/s².
 *
 * <p>The {@link MachineState} (actual speed, feed, fault, severity) is read once at the start of
 * each window: 100 ms windows are short against how fast speed and faults change.
 *
 * <p>Deterministic: the same seed, window lengths and sequence of machine states give the same
 * samples (on the same JDK). {@link #fill(double[])} does not allocate.
 *
 * <p>Not thread-safe: the generator holds the signal's phase, so one thread (the simulator's
 * sampling thread) must own it. The machine state it reads may be changed from other threads.
 */
public final class VibrationGenerator {

    /** The demo plant's sample rate, Hz. */
    public static final double DEFAULT_SAMPLE_RATE_HZ = 10_240;

    /** The demo plant's window length, samples (100 ms at the default rate). */
    public static final int DEFAULT_WINDOW_LENGTH = 1024;

    // amplitudes in m/s2 at the reference speed; shaft terms scale with speed squared, impacts with speed
    private static final double REFERENCE_RPM = 12_000;
    private static final double BASE_1X = 1.2;
    private static final double BASE_2X = 0.4;
    private static final double BASE_3X = 0.2;
    private static final double IMBALANCE_1X = 6.0;
    private static final double MISALIGNMENT_2X = 4.0;
    private static final double MISALIGNMENT_1X = 1.0;
    private static final double IMPACT_PEAK = 15.0;
    private static final double INNER_RACE_MODULATION = 0.45;
    private static final double SLIP = 0.01;
    private static final double IMPACT_SPREAD = 0.3;
    private static final double RESONANCE_HZ = 3_800;
    private static final double RESONANCE_BANDWIDTH_HZ = 1000;
    private static final double TWO_PI = 2 * Math.PI;

    private final MachineState state;
    private final double sampleRateHz;
    private final int windowLength;
    private final BearingGeometry bearing;
    private final SplittableRandom random;
    private final double phase2x;
    private final double phase3x;
    private final double resonatorA1;
    private final double resonatorA2;
    private final double resonatorGain;

    private double shaftPhase;
    private double impactPhase;
    private double nextImpactAt = 1;
    private double pendingExcitation;
    private double resonator1;
    private double resonator2;

    /**
     * A generator with the demo plant's settings: 10.24 kHz, 1024-sample windows, the
     * {@linkplain BearingGeometry#spindleFrontBearing() spindle front bearing}.
     *
     * @param state the machine state to follow, not {@code null}
     * @param seed seed of the noise, phases and impact jitter
     */
    public VibrationGenerator(MachineState state, long seed) {
        this(state, DEFAULT_SAMPLE_RATE_HZ, DEFAULT_WINDOW_LENGTH, BearingGeometry.spindleFrontBearing(), seed);
    }

    /**
     * A generator with explicit settings. If the resonance (3.8 kHz) is above 0.4 × the sample
     * rate it is moved to 0.4 × the sample rate, so that it does not alias.
     *
     * @param state the machine state to follow, not {@code null}
     * @param sampleRateHz sample rate, Hz, {@code >= 2000}
     * @param windowLength samples per {@link #next()} window, {@code >= 1}
     * @param bearing the monitored bearing, not {@code null}
     * @param seed seed of the noise, phases and impact jitter
     * @throws IllegalArgumentException if the sample rate or window length is out of range
     */
    public VibrationGenerator(MachineState state, double sampleRateHz, int windowLength, BearingGeometry bearing,
            long seed) {
        if (!(sampleRateHz >= 2000 && sampleRateHz < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("sample rate must be >= 2000 Hz, got " + sampleRateHz);
        }
        if (windowLength < 1) {
            throw new IllegalArgumentException("window length must be >= 1, got " + windowLength);
        }
        this.state = Objects.requireNonNull(state, "state");
        this.bearing = Objects.requireNonNull(bearing, "bearing");
        this.sampleRateHz = sampleRateHz;
        this.windowLength = windowLength;
        this.random = new SplittableRandom(seed);
        this.phase2x = random.nextDouble();
        this.phase3x = random.nextDouble();
        double resonanceHz = Math.min(RESONANCE_HZ, 0.4 * sampleRateHz);
        double omega = TWO_PI * resonanceHz / sampleRateHz;
        double pole = Math.exp(-Math.PI * RESONANCE_BANDWIDTH_HZ / sampleRateHz);
        this.resonatorA1 = 2 * pole * Math.cos(omega);
        this.resonatorA2 = -pole * pole;
        // the impulse response of the resonator peaks near 1 / sin(omega); scale so it peaks near 1
        this.resonatorGain = Math.sin(omega);
    }

    /** @return the sample rate, Hz */
    public double sampleRateHz() {
        return sampleRateHz;
    }

    /** @return the length of the windows {@link #next()} returns, samples */
    public int windowLength() {
        return windowLength;
    }

    /** @return the monitored bearing, whose BPFO/BPFI the fault impacts follow */
    public BearingGeometry bearing() {
        return bearing;
    }

    /**
     * Writes the next {@code window.length} samples into a caller-owned buffer, so that a
     * simulator publishing a window every 100 ms creates no garbage. Any length works; the next
     * call continues the signal.
     *
     * @param window the buffer to overwrite, m/s², not {@code null}
     */
    public void fill(double[] window) {
        Objects.requireNonNull(window, "window");
        double rpm = state.actualSpeedRpm();
        double severity = state.faultSeverity();
        Fault fault = state.fault();
        double speedSquared = square(rpm / REFERENCE_RPM);
        double a1 = (BASE_1X + faultTerm(fault, Fault.IMBALANCE, IMBALANCE_1X, severity)
                + faultTerm(fault, Fault.MISALIGNMENT, MISALIGNMENT_1X, severity)) * speedSquared;
        double a2 = (BASE_2X + faultTerm(fault, Fault.MISALIGNMENT, MISALIGNMENT_2X, severity)) * speedSquared;
        double a3 = BASE_3X * speedSquared;
        double shaftStep = rpm / 60 / sampleRateHz;
        double impactStep = impactHz(fault, rpm / 60) / sampleRateHz;
        double impactPeak = IMPACT_PEAK * severity * rpm / REFERENCE_RPM;
        double modulation = fault == Fault.BEARING_INNER_RACE ? INNER_RACE_MODULATION : 0;
        double noise = noiseSigma(rpm, state.feedRateMmPerMin());
        for (int i = 0; i < window.length; i++) {
            double harmonics = a1 * Math.sin(TWO_PI * shaftPhase)
                    + a2 * Math.sin(TWO_PI * (2 * shaftPhase + phase2x))
                    + a3 * Math.sin(TWO_PI * (3 * shaftPhase + phase3x));
            double load = 1 - modulation + modulation * Math.cos(TWO_PI * shaftPhase);
            window[i] = harmonics + ring(impactStep, impactPeak * load) + noise * random.nextGaussian();
            shaftPhase = wrap(shaftPhase + shaftStep);
        }
    }

    /**
     * Returns the next window of {@link #windowLength()} samples in a new array; convenient for
     * tests and tools, {@link #fill(double[])} avoids the allocation.
     *
     * @return the samples, m/s²
     */
    public double[] next() {
        double[] window = new double[windowLength];
        fill(window);
        return window;
    }

    /**
     * Advances the impact train by one sample and returns the resonance's output. An impact that
     * falls between two samples is split between them in proportion, so the impact times are not
     * quantized to the sample grid (which would smear the BPFO/BPFI lines).
     */
    private double ring(double impactStep, double impactPeak) {
        double excitation = pendingExcitation;
        pendingExcitation = 0;
        if (impactStep > 0) {
            impactPhase += impactStep;
            if (impactPhase >= nextImpactAt) {
                double late = Math.min(1, (impactPhase - nextImpactAt) / impactStep);
                double strength = impactPeak * Math.max(0, 1 + IMPACT_SPREAD * random.nextGaussian());
                excitation += strength * late;
                pendingExcitation = strength * (1 - late);
                impactPhase -= nextImpactAt;
                nextImpactAt = 1 + SLIP * random.nextGaussian();
            }
        }
        double out = resonatorA1 * resonator1 + resonatorA2 * resonator2 + resonatorGain * excitation;
        resonator2 = resonator1;
        resonator1 = out;
        return out;
    }

    private double impactHz(Fault fault, double shaftHz) {
        return switch (fault) {
            case BEARING_OUTER_RACE -> bearing.bpfoHz(shaftHz);
            case BEARING_INNER_RACE -> bearing.bpfiHz(shaftHz);
            default -> 0;
        };
    }

    /** Noise rises with speed (bearing and air) and with feed while cutting (chip formation). */
    private static double noiseSigma(double rpm, double feedMmPerMin) {
        double turning = Math.min(1, rpm / 1000);
        return 0.2 + 0.2 * rpm / REFERENCE_RPM + 0.1 * feedMmPerMin / 1000 * turning;
    }

    private static double faultTerm(Fault active, Fault wanted, double amplitude, double severity) {
        return active == wanted ? amplitude * severity : 0;
    }

    private static double wrap(double phase) {
        return phase >= 1 ? phase - Math.floor(phase) : phase;
    }

    private static double square(double x) {
        return x * x;
    }
}
