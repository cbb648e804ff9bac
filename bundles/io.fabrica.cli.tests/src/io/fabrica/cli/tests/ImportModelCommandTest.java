package io.fabrica.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.fabrica.pipeline.DecisionKind;
import io.fabrica.pipeline.DecisionStage;
import io.fabrica.pipeline.ImagePreprocessStage;
import io.fabrica.pipeline.ModelStage;
import io.fabrica.pipeline.djl.anomaly.FeatureNetwork;
import io.fabrica.pipeline.resource.PipelineBuilder;
import io.fabrica.pipeline.resource.PipelineFiles;

/**
 * {@code fabrica import-model} and the parity gate of {@code fabrica package} as a user runs them, on
 * PaddleOCR's text-direction classifier (a model Fabrica did not train, from the target platform's
 * RapidOCR jar): imported, packaged with its golden inputs, and a package whose model no longer
 * reproduces them is refused and never written.
 */
class ImportModelCommandTest {

    private static final String MODEL = "ch_ppocr_mobile_v2.0_cls_infer";

    @TempDir
    Path project;

    private RegisteredCli cli;

    @BeforeEach
    void setUp() throws Exception {
        cli = new RegisteredCli(project);
        try (InputStream in = FeatureNetwork.class.getClassLoader().getResourceAsStream("models/" + MODEL + ".onnx")) {
            Files.copy(in, project.resolve(MODEL + ".onnx"));
        }
        PipelineBuilder b = new PipelineBuilder("direction");
        var source = b.imageDataset("images", "images", 640 * 480 * 3);
        ImagePreprocessStage prep = b.image("prep", 192, 48);
        prep.setGrayscale(false);
        prep.setMean(0.5);
        prep.setDeviation(0.5);
        ModelStage model = b.model("direction", 3 * 48 * 192, 0);
        DecisionStage decision = b.decision("decide", DecisionKind.ARGMAX, 1, "up", "down");
        b.connect(source, prep).connect(prep, model).connect(model, decision);
        PipelineFiles.save(b.pipeline(), project.resolve("direction.pipeline"));
    }

    @Test
    void importedModelIsPackagedWithItsGoldenInputsAndDriftFailsThePackage() throws Exception {
        assertEquals(0, cli.run("import-model", MODEL + ".onnx", "--into", "direction.pipeline", "--labels", "0,180"), cli.err());
        assertTrue(cli.out().contains("input  x FLOAT [?, 3, ?, ?]"), cli.out());
        assertTrue(cli.out().contains("fits direction/direction: input 3x48x192 <- direction/prep 3x48x192; output 2 -> direction/decide [0, 180]"),
                cli.out());
        assertTrue(cli.out().contains("via engine: 3 golden samples") && cli.out().contains("via onnxruntime: 3 golden samples"), cli.out());

        assertEquals(0, cli.run("keygen", "-o", "keys/dev"), cli.err());
        assertEquals(0, cli.run("package", "direction.pipeline", "-o", "direction.fpkg", "--key", "keys/dev.key"), cli.err());
        assertTrue(cli.err().contains("parity direction.fpkg!pipeline/models/" + MODEL + "/" + MODEL + ".onnx via package: 3 golden samples"),
                cli.err());
        try (ZipFile zip = new ZipFile(project.resolve("direction.fpkg").toFile())) {
            for (String entry : List.of(".onnx", "model.json", "golden.json")) {
                String name = "pipeline/models/" + MODEL + "/" + (entry.startsWith(".") ? MODEL + entry : entry);
                assertTrue(zip.getEntry(name) != null, name + " is packaged");
            }
        }

        // the model as packaged no longer computes what it computed at import: the gate refuses the package
        Path golden = project.resolve("models/" + MODEL + "/golden.json");
        JsonObject json = JsonParser.parseString(Files.readString(golden)).getAsJsonObject();
        JsonArray expected = json.getAsJsonArray("samples").get(1).getAsJsonObject().getAsJsonArray("expected");
        expected.set(0, new com.google.gson.JsonPrimitive(expected.get(0).getAsFloat() + 0.01f));
        Files.writeString(golden, json.toString());
        assertEquals(1, cli.run("package", "direction.pipeline", "-o", "drifted.fpkg", "--key", "keys/dev.key"));
        assertTrue(cli.err().contains("parity gate failed") && cli.err().contains("sample 1 value 0"), cli.err());
        assertFalse(Files.exists(project.resolve("drifted.fpkg")), "a package that fails the gate is not written");
        try (Stream<Path> files = Files.list(project)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains(".parity-")), "no staged package is left behind");
        }
    }

    @Test
    void refusalsAreOneLineAndUsageErrorsExitTwo() throws Exception {
        Files.writeString(project.resolve("notes.onnx"), "not a model");
        byte[] before = Files.readAllBytes(project.resolve("direction.pipeline"));
        assertEquals(1, cli.run("import-model", "notes.onnx", "--into", "direction.pipeline"));
        assertEquals(1, cli.err().strip().lines().count(), cli.err());
        assertTrue(cli.err().startsWith("fabrica import-model: " + project.resolve("notes.onnx") + ": is not an ONNX model or is truncated"), cli.err());
        assertEquals(1, cli.run("import-model", MODEL + ".onnx", "--into", "direction.pipeline", "--labels", "0,90,180"));
        assertTrue(cli.err().contains("was given 3 classes [0, 90, 180]"), cli.err());
        assertEquals(new String(before), Files.readString(project.resolve("direction.pipeline")), "the pipeline is unchanged");
        assertEquals(2, cli.run("import-model", MODEL + ".onnx"));
        assertTrue(cli.err().contains("Usage: fabrica import-model <model.onnx> --into <file.pipeline>"), cli.err());
    }
}
