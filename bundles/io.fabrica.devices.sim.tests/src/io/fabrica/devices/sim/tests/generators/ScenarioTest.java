package io.fabrica.devices.sim.tests.generators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabrica.devices.sim.generators.Fault;
import io.fabrica.devices.sim.generators.FaultEpisode;
import io.fabrica.devices.sim.generators.MachineState;
import io.fabrica.devices.sim.generators.Scenario;
import io.fabrica.devices.sim.generators.ScenarioFormatException;

/** Scenario files: the format, errors a user can act on, and exact ground-truth labels. */
class ScenarioTest {

    private static final String DEGRADATION_RUN = """
            # spindle degradation run
            0        normal
            30s      imbalance            0      0.6   # constant 60 % imbalance
            2m       clear

            3m       bearing-outer-race   10m          # 0.1 -> 1 over ten minutes
            PT15M    clear                             # bearing replaced
            1h0m30s  OVERHEATING          90
            3700.5   misalignment
            """;

    @Test
    void parsesEveryTimeSyntaxCommentsAndDefaults() {
        List<FaultEpisode> episodes = Scenario.parse(DEGRADATION_RUN).episodes();
        assertEquals(List.of(
                FaultEpisode.healthy(0),
                new FaultEpisode(Fault.IMBALANCE, 30, 0.6, 0),
                FaultEpisode.healthy(120),
                new FaultEpisode(Fault.BEARING_OUTER_RACE, 180, 0.1, 600),
                FaultEpisode.healthy(900),
                new FaultEpisode(Fault.OVERHEATING, 3630, 0.1, 90),
                new FaultEpisode(Fault.MISALIGNMENT, 3700.5, 1, 0)), episodes);
        assertEquals(3700.5, Scenario.parse(DEGRADATION_RUN).lastEventSeconds());
    }

    @Test
    void labelsAndSeveritiesOverTime() {
        Scenario scenario = Scenario.parse(DEGRADATION_RUN);
        assertEquals("normal", scenario.labelAt(29.9));
        assertEquals("imbalance", scenario.labelAt(30));
        assertEquals(0.6, scenario.severityAt(100));
        assertEquals("normal", scenario.labelAt(120));
        assertEquals("bearing-outer-race", scenario.labelAt(180));
        assertEquals(0.1, scenario.severityAt(180), 1e-12);
        assertEquals(0.55, scenario.severityAt(480), 1e-12, "half way along the ten-minute ramp");
        assertEquals(1, scenario.severityAt(899), 1e-12);
        assertEquals("normal", scenario.labelAt(900));
        assertEquals(0, scenario.severityAt(900));
        assertEquals(Fault.MISALIGNMENT, scenario.faultAt(1e6));
        assertEquals("normal", Scenario.parse("# nothing happens\n").labelAt(1000));
    }

    @Test
    void drivingAMachineGivesTheScenariosGroundTruthAtEveryStep() {
        Scenario scenario = Scenario.parse(DEGRADATION_RUN);
        MachineState state = new MachineState();
        for (double t = 0; t < 3800; t += 0.5) {
            scenario.applyUntil(state, t);
            assertEquals(t, state.timeSeconds());
            assertEquals(scenario.labelAt(t), state.label(), "label at " + t);
            assertEquals(scenario.severityAt(t), state.faultSeverity(), 1e-12, "severity at " + t);
        }
    }

    @Test
    void applyingLateStillGivesTheExactDegradation() {
        Scenario scenario = Scenario.parse(DEGRADATION_RUN);
        MachineState state = new MachineState();
        scenario.applyUntil(state, 10);
        scenario.applyUntil(state, 480);
        assertEquals("bearing-outer-race", state.label());
        assertEquals(0.55, state.faultSeverity(), 1e-12, "the fault started at 3m, not when it was noticed");
        assertThrows(IllegalArgumentException.class, () -> scenario.applyUntil(state, 400));
    }

    @Test
    void aScenarioReplacesAFaultInjectedByHandAtItsNextStep() {
        Scenario scenario = Scenario.parse(DEGRADATION_RUN);
        MachineState state = new MachineState();
        scenario.applyUntil(state, 60);
        state.injectFault(Fault.OVERHEATING, 1, 0);
        scenario.applyUntil(state, 61);
        assertEquals("imbalance", state.label());
    }

    @Test
    void errorsNameTheLineAndTheBadToken() {
        assertError("0 normal\n\n10s bearing-outter-race\n", 3, "bearing-outter-race", "unknown fault");
        assertError("# header\nten imbalance\n", 2, "ten", "bad time");
        assertError("1x imbalance", 1, "1x", "bad time");
        assertError("PT-5S imbalance", 1, "PT-5S", "bad time");
        assertError("10 imbalance 5q", 1, "5q", "bad ramp");
        assertError("10 imbalance 5m 1.5", 1, "1.5", "bad start severity");
        assertError("10 imbalance 5m 0.5 extra", 1, "extra", "unexpected token");
        assertError("10 clear now", 1, "now", "unexpected token");
        assertError("10", 1, "10", "missing fault");
        assertError("1m imbalance\n30s clear\n", 2, "30s", "time not after");
        assertError("1m imbalance\n60 clear\n", 2, "60", "time not after");
    }

    @Test
    void readingAFileNamesItInErrors(@TempDir Path folder) throws IOException {
        Path good = folder.resolve("run.scenario");
        Files.writeString(good, DEGRADATION_RUN, StandardCharsets.UTF_8);
        assertEquals(7, Scenario.read(good).episodes().size());
        Path bad = folder.resolve("bad.scenario");
        Files.writeString(bad, "0 normal\n5s imbalanse\n", StandardCharsets.UTF_8);
        ScenarioFormatException error = assertThrows(ScenarioFormatException.class, () -> Scenario.read(bad));
        assertTrue(error.getMessage().startsWith(bad + ": line 2: "), error.getMessage());
    }

    private static void assertError(String text, int line, String token, String problem) {
        ScenarioFormatException error = assertThrows(ScenarioFormatException.class, () -> Scenario.parse(text), text);
        assertEquals(line, error.line(), error.getMessage());
        assertEquals(token, error.token(), error.getMessage());
        assertTrue(error.getMessage().startsWith("line " + line + ": " + problem), error.getMessage());
        assertTrue(error.getMessage().contains("'" + token + "'"), error.getMessage());
    }
}
