package io.fabrica.cli.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabrica.examples.Examples;

/**
 * The pipeline and deployment commands' argument handling and refusals as a user meets them (training,
 * evaluation and deployment themselves are tested with real models and runtimes in their own bundles
 * and in the CI product run): every command is registered, {@code -o} is understood, missing inputs are
 * usage errors, and bad inputs fail with a sentence naming the file.
 */
class PipelineCommandsTest {

    @TempDir
    Path project;

    private RegisteredCli cli;

    @BeforeEach
    void registeredCommands() throws Exception {
        cli = new RegisteredCli(project);
    }

    @Test
    void pipelineAndDeploymentCommandsAreRegistered() {
        assertEquals(0, run("--help"));
        for (String name : List.of("train <file.pipeline>", "evaluate <file.pipeline>", "export-onnx <model-dir", "run <file.pipeline>",
                "keygen -o", "package <trained.pipeline>", "deploy <x.fpkg>", "status --to", "demo [--dir")) {
            assertTrue(out().contains(name), "help lists " + name + ":\n" + out());
        }
    }

    @Test
    void missingInputsAreUsageErrors() {
        assertEquals(2, run("train", "pdm.pipeline", "-o", "models/pdm"));
        assertTrue(err().contains("--data"), err());
        assertEquals(2, run("evaluate", "pdm.pipeline"));
        assertEquals(2, run("export-onnx", "models/pdm"));
        assertEquals(2, run("deploy", "x.fpkg"));
        assertEquals(2, run("run", "pdm.pipeline"));
    }

    @Test
    void untrainedPipelineIsNotPackagedAndModelFolderWithoutCardIsNamed() throws Exception {
        Examples.copyDemoProject(project);
        assertEquals(1, run("package", "pdm.pipeline", "-o", "pdm.fpkg"));
        assertTrue(err().contains("pdm.pipeline") && err().contains("model"), err());
        assertFalse(Files.exists(project.resolve("pdm.fpkg")), "nothing half-written");
        Files.createDirectories(project.resolve("models/empty"));
        assertEquals(1, run("export-onnx", "models/empty", "-o", "x.onnx"));
        assertTrue(err().contains("model.json"), err());
        assertEquals(1, run("train", "pdm.pipeline", "--data", "no-such-recording", "-o", "models/pdm"));
        assertTrue(err().contains("no-such-recording"), err());
        assertFalse(Files.exists(project.resolve("models/pdm")), "no model folder without a model");
    }

    @Test
    void keygenWritesAPairAndNeverOverwrites() throws Exception {
        assertEquals(0, run("keygen", "-o", "keys/dev"), err());
        assertTrue(Files.readString(project.resolve("keys/dev.pub")).contains("PUBLIC KEY"));
        byte[] key = Files.readAllBytes(project.resolve("keys/dev.key"));
        assertEquals(1, run("keygen", "-o", "keys/dev"));
        assertTrue(err().contains("dev"), err());
        assertArrayEquals(key, Files.readAllBytes(project.resolve("keys/dev.key")), "the existing key is kept");
    }

    private int run(String... args) {
        return cli.run(args);
    }

    private String out() {
        return cli.out();
    }

    private String err() {
        return cli.err();
    }
}
