package io.fabrica.devices.sim.tests.generators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.fabrica.devices.sim.generators.Fault;
import io.fabrica.devices.sim.generators.FaultEpisode;
import io.fabrica.devices.sim.generators.MachineState;
import io.fabrica.devices.sim.generators.VibrationGenerator;

/** Fault injection, degradation over simulated time, labels, and the state's guards. */
class MachineStateTest {

    @Test
    void aNewMachineIsHealthyAndRunningSteadily() {
        MachineState state = new MachineState();
        assertEquals(Fault.NONE, state.fault());
        assertEquals("normal", state.label());
        assertEquals(0, state.faultSeverity());
        assertEquals(12_000, state.actualSpeedRpm());
        assertEquals(state.speedSetpointRpm(), state.actualSpeedRpm());
        assertEquals(0, state.timeSeconds());
    }

    @Test
    void severityRampsFromInjectionToFullAndThenStays() {
        MachineState state = new MachineState();
        state.advance(10);
        state.injectFault(Fault.BEARING_OUTER_RACE, 100);
        assertEquals("bearing-outer-race", state.label());
        assertEquals(FaultEpisode.DEFAULT_START_SEVERITY, state.faultSeverity(), 1e-12);
        state.advanceTo(60);
        assertEquals(0.55, state.faultSeverity(), 1e-12);
        state.advanceTo(110);
        assertEquals(1, state.faultSeverity(), 1e-12);
        state.advance(1000);
        assertEquals(1, state.faultSeverity(), 1e-12);
    }

    @Test
    void aZeroRampKeepsTheSeverityAndClearingHeals() {
        MachineState state = new MachineState();
        state.injectFault(Fault.IMBALANCE, 0.4, 0);
        state.advance(3600);
        assertEquals(0.4, state.faultSeverity(), 1e-12);
        state.clearFault();
        assertEquals(Fault.NONE, state.fault());
        assertEquals("normal", state.label());
        assertEquals(0, state.faultSeverity());
        assertEquals(3600, state.faultEpisode().startSeconds(), "healthy since the clear");
        state.injectFault(Fault.OVERHEATING, 1, 0);
        state.injectFault(Fault.NONE, 0);
        assertEquals(Fault.NONE, state.fault(), "injecting NONE clears");
    }

    @Test
    void theClockNeverRunsBackwards() {
        MachineState state = new MachineState();
        state.advanceTo(5);
        assertThrows(IllegalArgumentException.class, () -> state.advanceTo(4));
        assertThrows(IllegalArgumentException.class, () -> state.advance(-1));
        assertThrows(IllegalArgumentException.class, () -> state.advance(Double.NaN));
        assertEquals(5, state.timeSeconds());
    }

    @Test
    void operatingPointsOutsideThePhysicalRangeAreRefused() {
        MachineState state = new MachineState();
        assertThrows(IllegalArgumentException.class, () -> state.setSpeedSetpointRpm(24_001));
        assertThrows(IllegalArgumentException.class, () -> state.setSpeedSetpointRpm(-1));
        assertThrows(IllegalArgumentException.class, () -> state.setFeedRateMmPerMin(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> state.injectFault(Fault.IMBALANCE, 1.5, 0));
        assertThrows(IllegalArgumentException.class, () -> state.injectFault(Fault.IMBALANCE, -1));
        state.setSpeedSetpointRpm(20_000);
        assertEquals(20_000, state.speedSetpointRpm(), "outside the safe range but physically possible");
    }

    @Test
    void faultsAreFoundByLabelOrNameAndUnknownOnesListTheLabels() {
        assertSame(Fault.BEARING_INNER_RACE, Fault.fromLabel("bearing-inner-race"));
        assertSame(Fault.BEARING_INNER_RACE, Fault.fromLabel("BEARING_INNER_RACE"));
        assertSame(Fault.NONE, Fault.fromLabel("normal"));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> Fault.fromLabel("wobble"));
        assertTrue(error.getMessage().contains("'wobble'") && error.getMessage().contains("misalignment"), error.getMessage());
    }

    @Test
    void writesFromAnotherThreadReachTheSamplingThread() throws Exception {
        MachineState state = new MachineState();
        VibrationGenerator vibration = new VibrationGenerator(state, 1);
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            Future<?> writes = writer.submit(() -> {
                for (int i = 0; i < 10_000; i++) {
                    state.setSpeedSetpointRpm(1000 + i % 17_000);
                    state.injectFault(Fault.values()[i % Fault.values().length], 0.5, 10);
                }
            });
            double[] window = new double[1024];
            while (!writes.isDone()) {
                vibration.fill(window);
                assertTrue(state.faultSeverity() >= 0 && state.faultSeverity() <= 1);
            }
            writes.get(10, TimeUnit.SECONDS);
        } finally {
            writer.shutdownNow();
        }
        assertEquals(1000 + 9999 % 17_000, state.speedSetpointRpm());
        assertEquals(Fault.values()[9999 % Fault.values().length], state.fault());
    }
}
