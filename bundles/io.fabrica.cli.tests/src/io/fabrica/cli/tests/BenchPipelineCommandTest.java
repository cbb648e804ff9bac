package io.fabrica.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabrica.pipeline.djl.anomaly.FeatureNetwork;

/**
 * {@code fabrica bench pipeline --model}: a user's ONNX model (here PaddleOCR's PP-OCRv4 detector, a
 * real model the project did not train) runs through Fabrica and raw ONNX Runtime and the table says
 * whether the goal is met; a missing file, a file that is not ONNX and a bad shape are each one line
 * naming the problem, before anything runs.
 */
class BenchPipelineCommandTest {

    @TempDir
    Path project;

    private RegisteredCli cli;

    @BeforeEach
    void registeredCommands() throws Exception {
        cli = new RegisteredCli(project);
    }

    @Test
    void userModelRunsAtTheGivenShapeAgainstRawOnnxRuntime() throws Exception {
        Files.write(project.resolve("det.onnx"), FeatureNetwork.parse(null).load());
        assertEquals(0, cli.run("bench", "pipeline", "--model", "det.onnx", "--input", "1x3x64x64", "--frames", "3", "--threads", "1"),
                cli.err());
        String out = cli.out();
        assertTrue(out.contains("1x3x64x64: input [3, 64, 64] -> output [1, 64, 64]"), out);
        assertTrue(out.contains("ratio ours/raw"), out);
        assertTrue(out.contains("model stage alone"), out);
        assertTrue(out.contains("same outputs: max |difference| 0.0e+00"), out);
        assertTrue(out.matches("(?s).*1x3x64x64 ours/raw <= 1.10x \\(p50 ratio [0-9.]+x\\)\\s+(met|NOT met).*"), out);
    }

    @Test
    void variableInputWithoutShapeAsksForIt() throws Exception {
        Files.write(project.resolve("det.onnx"), FeatureNetwork.parse(null).load());
        assertEquals(1, cli.run("bench", "pipeline", "--model", "det.onnx"));
        assertOneLine("det.onnx: input 'x' has a variable dimension");
        assertTrue(cli.err().contains("--input"), cli.err());
    }

    @Test
    void missingModelIsNamed() {
        assertEquals(2, cli.run("bench", "pipeline", "--model", "nowhere.onnx"));
        assertOneLine("--model " + project.resolve("nowhere.onnx") + ": no such file");
    }

    @Test
    void fileThatIsNotOnnxIsNamed() throws Exception {
        Files.writeString(project.resolve("notes.onnx"), "this is not a model\n");
        assertEquals(1, cli.run("bench", "pipeline", "--model", "notes.onnx", "--input", "1x3x64x64"));
        assertOneLine(project.resolve("notes.onnx") + ": is not a model ONNX Runtime can run");
        Files.writeString(project.resolve("notes.txt"), "neither is this\n");
        assertEquals(1, cli.run("bench", "pipeline", "--model", "notes.txt", "--input", "1x3x64x64"));
        assertOneLine(project.resolve("notes.txt") + ": is not an .onnx file");
    }

    @Test
    void badShapeIsNamed() throws Exception {
        Files.write(project.resolve("det.onnx"), FeatureNetwork.parse(null).load());
        assertEquals(2, cli.run("bench", "pipeline", "--model", "det.onnx", "--input", "1x3xabcx64"));
        assertOneLine("--input '1x3xabcx64' is not a shape");
        assertEquals(1, cli.run("bench", "pipeline", "--model", "det.onnx", "--input", "1x3x64"));
        assertOneLine("det.onnx: input 'x' is [-1, 3, -1, -1]; the shape [1, 3, 64] does not fit it");
    }

    /** The error output is one line (after usage lines, if any) that contains {@code text}. */
    private void assertOneLine(String text) {
        String err = cli.err();
        long matching = err.lines().filter(l -> l.contains(text)).count();
        assertEquals(1, matching, "one line names the problem '" + text + "':\n" + err);
        assertTrue(err.lines().filter(l -> l.startsWith("fabrica bench")).count() == 1, "one error line:\n" + err);
    }
}
