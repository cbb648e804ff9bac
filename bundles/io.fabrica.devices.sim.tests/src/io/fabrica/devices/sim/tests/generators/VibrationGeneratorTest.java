package io.fabrica.devices.sim.tests.generators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import io.fabrica.devices.sim.generators.BearingGeometry;
import io.fabrica.devices.sim.generators.Fault;
import io.fabrica.devices.sim.generators.MachineState;
import io.fabrica.devices.sim.generators.VibrationGenerator;

/**
 * The vibration windows carry the signatures anomaly detection and fault classification are
 * trained on: rotation frequency, bearing defect frequencies, imbalance and misalignment
 * harmonics, and a severity trend.
 */
class VibrationGeneratorTest {

    private static final double FS = VibrationGenerator.DEFAULT_SAMPLE_RATE_HZ;
    private static final int LONG = 8192;
    private static final BearingGeometry BEARING = BearingGeometry.spindleFrontBearing();

    @Test
    void theFftFindsAPureToneAtItsFrequencyAndAmplitude() {
        double[] tone = new double[1024];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = 3 * Math.sin(2 * Math.PI * 1000 * i / FS);
        }
        double[] spectrum = Signals.amplitudeSpectrum(tone);
        assertEquals(100, Signals.peakBin(spectrum, 1));
        assertEquals(3, spectrum[100], 0.05);
    }

    @Test
    void healthySpectrumPeaksAtTheRotationFrequency() {
        for (double rpm : new double[] { 3000, 9000, 10_000, 15_000, 18_000 }) {
            double[] window = new VibrationGenerator(new MachineState(rpm, 1200), 1).next();
            double[] spectrum = Signals.amplitudeSpectrum(window);
            double binHz = FS / window.length;
            double peakHz = Signals.peakBin(spectrum, 2) * binHz;
            assertEquals(rpm / 60, peakHz, binHz, "spectral peak at " + rpm + " 1/min");
        }
    }

    @Test
    void bearingFormulasGiveTheKnownRatiosOfTheSpindleBearing() {
        assertEquals(6.105, BEARING.bpfoHz(1), 0.01);
        assertEquals(7.895, BEARING.bpfiHz(1), 0.01);
        assertEquals(BEARING.balls() * 200.0, BEARING.bpfoHz(200) + BEARING.bpfiHz(200), 1e-9, "BPFO + BPFI = n · fr");
        assertThrows(IllegalArgumentException.class, () -> new BearingGeometry(14, 60, 54, 15));
    }

    @Test
    void outerRaceFaultRaisesTheEnvelopeSpectrumAtBpfo() {
        double bpfo = BEARING.bpfoHz(200);
        double[] healthy = Signals.squaredSpectrum(record(healthyAt(12_000), 3));
        double[] faulty = Signals.squaredSpectrum(record(faulty(Fault.BEARING_OUTER_RACE, 0.5), 3));
        double binHz = FS / LONG;
        double healthyLine = Signals.peakNear(healthy, bpfo, binHz, 3);
        double faultyLine = Signals.peakNear(faulty, bpfo, binHz, 3);
        assertTrue(faultyLine > 20 * healthyLine, "BPFO line healthy " + healthyLine + ", faulty " + faultyLine);
        assertTrue(faultyLine > 5 * Signals.peakNear(faulty, BEARING.bpfiHz(200), binHz, 3), "BPFO, not BPFI");
        assertEquals(bpfo, envelopePeakHz(faulty, binHz), 2 * binHz, "strongest envelope line");
    }

    @Test
    void innerRaceFaultShowsAtBpfiWithShaftSidebands() {
        double bpfi = BEARING.bpfiHz(200);
        double binHz = FS / LONG;
        double[] healthy = Signals.squaredSpectrum(record(healthyAt(12_000), 5));
        double[] faulty = Signals.squaredSpectrum(record(faulty(Fault.BEARING_INNER_RACE, 0.8), 5));
        double line = Signals.peakNear(faulty, bpfi, binHz, 3);
        assertTrue(line > 20 * Signals.peakNear(healthy, bpfi, binHz, 3), "BPFI line rises");
        assertTrue(line > 5 * Signals.peakNear(faulty, BEARING.bpfoHz(200), binHz, 3), "BPFI, not BPFO");
        assertEquals(bpfi, envelopePeakHz(faulty, binHz), 2 * binHz, "strongest envelope line");
        double sideband = Signals.peakNear(faulty, bpfi + 200, binHz, 3);
        double between = Signals.peakNear(faulty, bpfi + 100, binHz, 3);
        assertTrue(sideband > 3 * between, "load-zone modulation gives sidebands at BPFI ± 1x");
    }

    @Test
    void imbalanceRaisesOneTimesAndMisalignmentTwoTimesRotation() {
        double binHz = FS / LONG;
        double[] healthy = Signals.amplitudeSpectrum(record(healthyAt(12_000), 7));
        double[] imbalance = Signals.amplitudeSpectrum(record(faulty(Fault.IMBALANCE, 1), 7));
        double[] misalignment = Signals.amplitudeSpectrum(record(faulty(Fault.MISALIGNMENT, 1), 7));
        double healthy1x = Signals.peakNear(healthy, 200, binHz, 2);
        double healthy2x = Signals.peakNear(healthy, 400, binHz, 2);
        assertTrue(Signals.peakNear(imbalance, 200, binHz, 2) > 4 * healthy1x, "imbalance 1x");
        assertEquals(healthy2x, Signals.peakNear(imbalance, 400, binHz, 2), 0.2 * healthy2x, "imbalance leaves 2x");
        assertTrue(Signals.peakNear(misalignment, 400, binHz, 2) > 5 * healthy2x, "misalignment 2x");
    }

    @Test
    void imbalanceGrowsWithSpeedSquared() {
        double binHz = FS / LONG;
        double slow = Signals.peakNear(Signals.amplitudeSpectrum(record(faulty(Fault.IMBALANCE, 1, 6000), 7)), 100, binHz, 2);
        double fast = Signals.peakNear(Signals.amplitudeSpectrum(record(faulty(Fault.IMBALANCE, 1, 12_000), 7)), 200, binHz, 2);
        assertEquals(4, fast / slow, 0.3);
    }

    @Test
    void rmsAndKurtosisRiseWithBearingFaultSeverity() {
        double previousRms = 0;
        for (double severity : new double[] { 0, 0.25, 0.5, 1 }) {
            double rms = Signals.rms(record(faulty(Fault.BEARING_OUTER_RACE, severity), 11));
            assertTrue(rms > previousRms * 1.2, "RMS at severity " + severity + ": " + rms + " after " + previousRms);
            previousRms = rms;
        }
        double healthyKurtosis = Signals.kurtosis(record(healthyAt(12_000), 11));
        assertTrue(healthyKurtosis < 3, "a healthy spindle is dominated by sines: " + healthyKurtosis);
        for (Fault fault : new Fault[] { Fault.BEARING_OUTER_RACE, Fault.BEARING_INNER_RACE }) {
            double kurtosis = Signals.kurtosis(record(faulty(fault, 1), 11));
            assertTrue(kurtosis > healthyKurtosis + 2, fault + " is impulsive: kurtosis " + kurtosis);
        }
    }

    @Test
    void aRampedFaultDegradesWindowByWindow() {
        MachineState state = healthyAt(12_000);
        VibrationGenerator generator = new VibrationGenerator(state, 13);
        state.injectFault(Fault.BEARING_OUTER_RACE, 60);
        double[] rmsPerMinuteStep = new double[4];
        for (int step = 0; step < rmsPerMinuteStep.length; step++) {
            rmsPerMinuteStep[step] = Signals.rms(generator.next());
            state.advance(20);
        }
        for (int i = 1; i < rmsPerMinuteStep.length; i++) {
            assertTrue(rmsPerMinuteStep[i] > rmsPerMinuteStep[i - 1], Arrays.toString(rmsPerMinuteStep));
        }
    }

    @Test
    void sameSeedGivesIdenticalWindowsAndAnotherSeedDoesNot() {
        MachineState state = faulty(Fault.BEARING_INNER_RACE, 0.7);
        VibrationGenerator a = new VibrationGenerator(state, 99);
        VibrationGenerator b = new VibrationGenerator(state, 99);
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(a.next(), b.next(), "window " + i);
        }
        assertFalse(Arrays.equals(a.next(), new VibrationGenerator(state, 100).next()));
    }

    @Test
    void fillWritesIntoTheCallersBufferAndContinuesTheSignal() {
        // a speed at which a half window is not a whole number of turns, so phase must carry over
        MachineState state = faulty(Fault.BEARING_OUTER_RACE, 0.5, 11_111);
        double[] whole = new VibrationGenerator(state, 5).next();
        VibrationGenerator halves = new VibrationGenerator(state, 5);
        double[] buffer = new double[512];
        double[] joined = new double[1024];
        halves.fill(buffer);
        System.arraycopy(buffer, 0, joined, 0, 512);
        double[] same = buffer;
        halves.fill(buffer);
        System.arraycopy(buffer, 0, joined, 512, 512);
        assertSame(same, buffer);
        assertArrayEquals(whole, joined, "two half windows continue into one whole window");
    }

    @Test
    void windowsStayInsideTheSignalRangeAtFullSpeedAndSeverity() {
        for (Fault fault : Fault.values()) {
            double[] x = record(faulty(fault, 1, MachineState.MAX_SPEED_RPM), 17);
            double peak = Arrays.stream(x).map(Math::abs).max().orElseThrow();
            assertTrue(peak < 200, fault + " peaks at " + peak + " m/s2");
        }
    }

    @Test
    void aStoppedSpindleOnlyShowsNoise() {
        double[] window = new VibrationGenerator(new MachineState(0, 0), 3).next();
        assertEquals(0.2, Signals.rms(window), 0.03);
        assertEquals(1024, window.length);
    }

    @Test
    void settingsAreValidated() {
        MachineState state = new MachineState();
        assertThrows(IllegalArgumentException.class,
                () -> new VibrationGenerator(state, 1000, 1024, BEARING, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new VibrationGenerator(state, FS, 0, BEARING, 1));
        assertThrows(NullPointerException.class, () -> new VibrationGenerator(state, 1).fill(null));
    }

    private static MachineState healthyAt(double rpm) {
        return new MachineState(rpm, 1200);
    }

    private static MachineState faulty(Fault fault, double severity) {
        return faulty(fault, severity, 12_000);
    }

    private static MachineState faulty(Fault fault, double severity, double rpm) {
        MachineState state = healthyAt(rpm);
        state.injectFault(fault, severity, 0);
        return state;
    }

    /** 0.8 s of signal after one discarded window (the resonator starts at rest). */
    private static double[] record(MachineState state, long seed) {
        VibrationGenerator generator = new VibrationGenerator(state, seed);
        generator.next();
        double[] signal = new double[LONG];
        generator.fill(signal);
        return signal;
    }

    /** The strongest line of an envelope spectrum between 500 Hz and 2.5 kHz, where BPFO/BPFI lie at 12,000 1/min. */
    private static double envelopePeakHz(double[] envelope, double binHz) {
        int to = (int) (2500 / binHz);
        return Signals.peakBin(Arrays.copyOf(envelope, to), (int) (500 / binHz)) * binHz;
    }
}
