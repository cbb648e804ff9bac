package io.fabrica.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabrica.examples.Examples;
import io.fabrica.pipeline.DecisionStage;
import io.fabrica.pipeline.ModelStage;
import io.fabrica.pipeline.NormalizeStage;
import io.fabrica.pipeline.Pipeline;
import io.fabrica.pipeline.Stage;
import io.fabrica.pipeline.djl.onnx.OnnxGraphBuilder;
import io.fabrica.pipeline.resource.PipelineFiles;

/**
 * {@code fabrica bench runtime}: the demo PdM pipeline (trained beforehand) packaged, deployed to a local
 * runtime and run at the simulator's rate; the table counts decisions in the warm-up and in the measured phase apart,
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
        trainedDemoPipeline(dir.resolve("demo"));
        assertEquals(0, cli.run("bench", "runtime", "--dir", "demo", "--duration", "6s", "--warmup", "3s"), cli.err());
        String out = cli.out();
        assertTrue(out.contains("Trained pipeline found"), out);
        assertTrue(out.contains("serving the pipeline's 3 signals"), out);
        assertTrue(out.contains("Deploy to a local runtime"), out);
        long warm = decisions(out, "warm-up 3 s");
        long measured = decisions(out, "measured 6 s");
        assertTrue(warm > 0 && measured > 0, "decisions in both phases:\n" + out);
        // one vibration window every 100 ms: a 6 s phase holds about 60 decisions, not the warm-up's as well
        assertTrue(measured < 6 * 10 * 3, "the measured phase counts only its own decisions:\n" + out);
        assertTrue(out.contains("GC pauses: count, total ms, max ms"), out);
        assertTrue(out.matches("(?s).*decision latency p99 <= 1 ms \\(p99 [0-9]+ µs\\)\\s+(met|NOT met)\n.*"), out);
        assertTrue(out.matches("(?s).*decision latency max <= 5 ms \\(max [0-9]+ µs\\)\\s+(met|NOT met)\n.*"), out);

        // a second run starts a fresh runtime: nothing restored from the first, the warm-up counts only its own decisions
        assertEquals(0, cli.run("bench", "runtime", "--dir", "demo", "--duration", "3s", "--warmup", "1s"), cli.err());
        long second = decisions(cli.out(), "warm-up 1 s");
        assertTrue(second > 0 && second < 1 * 10 * 3, cli.out());
        assertTrue(decisions(cli.out(), "measured 3 s") > 0, cli.out());
    }

    @Test
    void badDurationIsNamed() {
        assertEquals(2, cli.run("bench", "runtime", "--duration", "ten minutes"));
        assertTrue(cli.err().contains("'ten minutes' is not a duration"), cli.err());
        assertEquals(2, cli.run("bench", "runtime", "--duration", "0s"));
        assertTrue(cli.err().contains("--duration must be longer than 0"), cli.err());
    }

    /**
     * The demo project in a folder with its PdM pipeline "trained" as {@code fabrica train} would leave it, but with
     * a hand-built model (PyTorch training is not part of this test runtime; latency, not accuracy, is measured):
     * an autoencoder whose error is {@code 0.01 x^2} per value, normalization statistics and a threshold.
     */
    private static void trainedDemoPipeline(Path project) throws Exception {
        Examples.copyDemoProject(project);
        Path models = project.resolve("models/pdm");
        Files.createDirectories(models);
        Pipeline pipeline = PipelineFiles.load(project.resolve("pdm.pipeline"));
        ((ModelStage) stage(pipeline, ModelStage.class)).setModelFile("model.onnx");
        NormalizeStage normalize = (NormalizeStage) stage(pipeline, NormalizeStage.class);
        for (int i = 0; i < 15; i++) {
            normalize.getMeans().add(0.0);
            normalize.getDeviations().add(i < 13 ? 10.0 : 50.0);
        }
        ((DecisionStage) stage(pipeline, DecisionStage.class)).setThreshold(1e6);
        float[] w = new float[15 * 15];
        for (int i = 0; i < 15; i++) {
            w[i * 15 + i] = 0.1f;
        }
        new OnnxGraphBuilder("ae").input("input", -1, 15).initializer("W", w, 15, 15)
                .node("MatMul", List.of("input", "W"), List.of("scaled")).node("Mul", List.of("scaled", "scaled"), List.of("error"))
                .output("error", -1, 15).write(models.resolve("model.onnx"));
        pipeline.eResource().setURI(org.eclipse.emf.common.util.URI.createFileURI(models.resolve("pdm.pipeline").toString()));
        PipelineFiles.save(pipeline, models.resolve("pdm.pipeline"));
    }

    private static Stage stage(Pipeline pipeline, Class<? extends Stage> type) {
        return pipeline.getStages().stream().filter(type::isInstance).findFirst().orElseThrow();
    }

    private static long decisions(String out, String phase) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(phase) + "\\s+([0-9]+) ").matcher(out);
        assertTrue(m.find(), "no row '" + phase + "' in:\n" + out);
        return Long.parseLong(m.group(1));
    }
}
