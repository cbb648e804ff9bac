package io.fabrica.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fabrica bench runtime}: the demo PdM pipeline trained, packaged, deployed to a local runtime and
 * run at the simulator's rate; the table counts decisions in the warm-up and in the measured phase apart,
 * shows the runtime's GC pauses and says met or NOT met for both goals. No time is asserted: the figures
 * depend on the machine.
 */
class BenchRuntimeCommandTest {

    @TempDir
    Path dir;

    private RegisteredCli cli;

    @BeforeEach
    void registeredCommands() throws Exception {
        cli = new RegisteredCli(dir);
    }

    @Test
    void deploysTheDemoPipelineAndReportsItsDecisionsApartFromTheWarmUp() throws Exception {
        assertEquals(0, cli.run("bench", "runtime", "--dir", "demo", "--duration", "6s", "--warmup", "3s"), cli.err());
        String out = cli.out();
        assertTrue(Files.exists(dir.resolve("demo/models/pdm/pdm.pipeline")), "the demo pipeline was trained into --dir");
        assertTrue(out.contains("Deploy to a local runtime"), out);
        long warm = decisions(out, "warm-up 3 s");
        long measured = decisions(out, "measured 6 s");
        assertTrue(warm > 0 && measured > 0, "decisions in both phases:\n" + out);
        // one vibration window every 100 ms: a 6 s phase holds about 60 decisions, not the warm-up's as well
        assertTrue(measured < 6 * 10 * 3, "the measured phase counts only its own decisions:\n" + out);
        assertTrue(out.contains("GC pauses: count, total ms, max ms"), out);
        assertTrue(out.matches("(?s).*decision latency p99 <= 1 ms \\(p99 [0-9]+ µs\\)\\s+(met|NOT met)\n.*"), out);
        assertTrue(out.matches("(?s).*decision latency max <= 5 ms \\(max [0-9]+ µs\\)\\s+(met|NOT met)\n.*"), out);

        // a second run finds the trained pipeline and starts a fresh runtime (nothing restored from the first)
        assertEquals(0, cli.run("bench", "runtime", "--dir", "demo", "--duration", "3s", "--warmup", "1s"), cli.err());
        assertTrue(cli.out().contains("Trained pipeline found"), cli.out());
        assertTrue(decisions(cli.out(), "measured 3 s") > 0, cli.out());
    }

    @Test
    void badDurationIsNamed() {
        assertEquals(2, cli.run("bench", "runtime", "--duration", "ten minutes"));
        assertTrue(cli.err().contains("'ten minutes' is not a duration"), cli.err());
        assertEquals(2, cli.run("bench", "runtime", "--duration", "0s"));
        assertTrue(cli.err().contains("--duration must be longer than 0"), cli.err());
    }

    private static long decisions(String out, String phase) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(phase) + "\\s+([0-9]+) ").matcher(out);
        assertTrue(m.find(), "no row '" + phase + "' in:\n" + out);
        return Long.parseLong(m.group(1));
    }
}
