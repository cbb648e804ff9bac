package io.fabrica.devices.sim.tests.generators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;

import org.junit.jupiter.api.Test;

import io.fabrica.devices.sim.generators.CurrentGenerator;
import io.fabrica.devices.sim.generators.Fault;
import io.fabrica.devices.sim.generators.MachineState;
import io.fabrica.devices.sim.generators.SpeedGenerator;
import io.fabrica.devices.sim.generators.TemperatureGenerator;

/** Speed, bearing temperature and motor current respond to the machine state as a spindle does. */
class ProcessGeneratorsTest {

    @Test
    void speedFollowsASetpointStepWithLimitedAccelerationAndSettles() {
        MachineState state = new MachineState(6000, 1200);
        SpeedGenerator speed = new SpeedGenerator(state, 1);
        state.setSpeedSetpointRpm(15_000);
        double previous = state.actualSpeedRpm();
        for (int i = 0; i < 10; i++) {
            speed.next(0.1);
            double change = state.actualSpeedRpm() - previous;
            assertTrue(change > 0 && change <= SpeedGenerator.MAX_ACCELERATION_RPM_PER_SECOND * 0.1 + 1e-9,
                    "step " + i + " changed by " + change);
            previous = state.actualSpeedRpm();
        }
        assertTrue(previous > 13_000 && previous < 15_000, "after 1 s: " + previous);
        double measured = 0;
        for (int i = 0; i < 40; i++) {
            measured = speed.next(0.1);
        }
        assertEquals(15_000, state.actualSpeedRpm(), 1, "settled after 5 s");
        assertEquals(15_000, measured, 20, "measured speed jitters only slightly");
    }

    @Test
    void speedJitterIsSmallButPresent() {
        MachineState state = new MachineState(12_000, 1200);
        double[] readings = sample(new SpeedGenerator(state, 2)::next, 0.1, 500);
        double sd = Signals.standardDeviation(readings);
        assertTrue(sd > 0.5 && sd < 10, "jitter " + sd + " 1/min");
        assertEquals(12_000, Signals.mean(readings), 1);
    }

    @Test
    void temperatureStartsAtEquilibriumAndStaysThere() {
        MachineState state = new MachineState(12_000, 1200);
        TemperatureGenerator temperature = new TemperatureGenerator(state, 3);
        double equilibrium = temperature.equilibriumCelsius();
        assertEquals(22 + 35 * Math.pow(0.5, 1.5), equilibrium, 1e-9);
        double[] readings = sample(temperature::next, 1, 600);
        for (double reading : readings) {
            assertEquals(equilibrium, reading, 2, "drift and noise stay small");
        }
    }

    @Test
    void temperatureConvergesToAHigherEquilibriumUnderOverheatingLikeAFirstOrderSystem() {
        MachineState state = new MachineState(12_000, 1200);
        TemperatureGenerator temperature = new TemperatureGenerator(state, 4);
        double healthy = temperature.equilibriumCelsius();
        state.injectFault(Fault.OVERHEATING, 1, 0);
        double hot = temperature.equilibriumCelsius();
        assertEquals(healthy + 45, hot, 1e-9);
        double afterOneTimeConstant = sample(temperature::next, 1, 300)[299];
        double expected = healthy + (hot - healthy) * (1 - Math.exp(-1));
        assertEquals(expected, afterOneTimeConstant, 2, "63 % of the step after one time constant");
        double[] settled = sample(temperature::next, 1, 3000);
        assertEquals(hot, settled[settled.length - 1], 2);
    }

    @Test
    void temperatureFollowsTheSameCurveWhateverTheSamplingInterval() {
        MachineState state = new MachineState(12_000, 1200);
        TemperatureGenerator everySecond = new TemperatureGenerator(state, 8);
        TemperatureGenerator everyTwoMinutes = new TemperatureGenerator(state, 9);
        state.injectFault(Fault.OVERHEATING, 1, 0);
        for (int minutes = 2; minutes <= 10; minutes += 2) {
            double fine = sample(everySecond::next, 1, 120)[119];
            double coarse = everyTwoMinutes.next(120);
            assertEquals(fine, coarse, 1.5, "after " + minutes + " min");
        }
    }

    @Test
    void temperatureRisesWithSpeedAndBearingFaultsAndStaysInTheSensorRange() {
        MachineState state = new MachineState(6000, 1200);
        TemperatureGenerator temperature = new TemperatureGenerator(state, 5);
        double slow = temperature.equilibriumCelsius();
        state.setSpeedSetpointRpm(18_000);
        new SpeedGenerator(state, 5).next(10);
        double fast = temperature.equilibriumCelsius();
        assertTrue(fast > slow + 10, slow + " -> " + fast);
        state.injectFault(Fault.BEARING_INNER_RACE, 1, 0);
        assertEquals(fast + 10, temperature.equilibriumCelsius(), 1e-9);
        temperature.setTemperatureCelsius(500);
        assertEquals(120, temperature.next(0), 1e-9, "readings clip at the sensor maximum");
    }

    @Test
    void currentRisesWithSpeedAndFeed() {
        double slow = meanCurrent(new MachineState(6000, 1200));
        double fast = meanCurrent(new MachineState(18_000, 1200));
        double heavyFeed = meanCurrent(new MachineState(18_000, 4000));
        assertEquals(5, fast - slow, 0.3, "friction and windage: 10 A at 24,000 1/min");
        assertTrue(heavyFeed > fast + 5, "cutting load: " + fast + " -> " + heavyFeed);
        assertTrue(heavyFeed < 40, "within the signal range");
    }

    @Test
    void currentPeaksWhileTheSpindleAccelerates() {
        MachineState state = new MachineState(6000, 1200);
        SpeedGenerator speed = new SpeedGenerator(state, 6);
        CurrentGenerator current = new CurrentGenerator(state, 6);
        current.next(0.1);
        state.setSpeedSetpointRpm(15_000);
        speed.next(0.1);
        double accelerating = current.next(0.1);
        for (int i = 0; i < 100; i++) {
            speed.next(0.1);
            current.next(0.1);
        }
        double steady = current.next(0.1);
        assertTrue(accelerating > steady + 3, "accelerating " + accelerating + " A, steady " + steady + " A");
    }

    @Test
    void faultsRaiseTheCurrentSlightlyAndAStoppedSpindleDrawsNone() {
        MachineState state = new MachineState(12_000, 1200);
        double healthy = meanCurrent(state);
        state.injectFault(Fault.MISALIGNMENT, 1, 0);
        assertEquals(2, meanCurrent(state) - healthy, 0.1);
        assertEquals(0, meanCurrent(new MachineState(0, 1200)), 0.1);
    }

    @Test
    void timeStepsAreValidated() {
        MachineState state = new MachineState();
        assertThrows(IllegalArgumentException.class, () -> new SpeedGenerator(state, 1).next(-1));
        assertThrows(IllegalArgumentException.class, () -> new CurrentGenerator(state, 1).next(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new TemperatureGenerator(state, 1).next(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> new TemperatureGenerator(state, 0, 22, 1));
    }

    private static double meanCurrent(MachineState state) {
        return Signals.mean(sample(new CurrentGenerator(state, 7)::next, 0.1, 400));
    }

    private static double[] sample(DoubleUnaryOperator generator, double dtSeconds, int count) {
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = generator.applyAsDouble(dtSeconds);
        }
        return values;
    }
}
