package io.fabrica.pipeline.djl.tests.imports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabrica.pipeline.DecisionKind;
import io.fabrica.pipeline.DecisionStage;
import io.fabrica.pipeline.ImagePreprocessStage;
import io.fabrica.pipeline.ModelStage;
import io.fabrica.pipeline.Pipeline;
import io.fabrica.pipeline.api.Frame;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.djl.anomaly.FeatureNetwork;
import io.fabrica.pipeline.djl.imports.ImportOptions;
import io.fabrica.pipeline.djl.imports.ModelImport;
import io.fabrica.pipeline.djl.internal.OnnxRuntimeInferenceEngine;
import io.fabrica.pipeline.djl.onnx.OrtModel;
import io.fabrica.pipeline.djl.parity.GoldenSet;
import io.fabrica.pipeline.engine.CompiledPipeline;
import io.fabrica.pipeline.engine.ModelCard;
import io.fabrica.pipeline.engine.PipelineEngine;
import io.fabrica.pipeline.resource.PipelineBuilder;
import io.fabrica.pipeline.resource.PipelineFiles;

/**
 * Importing a model Fabrica did not train: PaddleOCR's text-direction classifier (exported by
 * Paddle2ONNX, shipped in the target platform's RapidOCR jar) goes into an image pipeline whose ports
 * fit, runs in the engine with the same outputs as raw ONNX Runtime, and every kind of unusable model
 * is refused with one line naming the reason and nothing written.
 */
class ModelImportTest {

    static final String CLS = "models/ch_ppocr_mobile_v2.0_cls_infer.onnx";

    @TempDir
    Path dir;

    private final OnnxRuntimeInferenceEngine ort = new OnnxRuntimeInferenceEngine();

    /** Copies the PaddleOCR classifier out of the target platform's model bundle. */
    static Path paddleClassifier(Path dir) throws Exception {
        Path file = dir.resolve("ch_ppocr_mobile_v2.0_cls_infer.onnx");
        try (InputStream in = FeatureNetwork.class.getClassLoader().getResourceAsStream(CLS)) {
            assertTrue(in != null, CLS + " is in the RapidOCR bundle");
            Files.copy(in, file);
        }
        return file;
    }

    /** image → colour 192x48 (Paddle's normalisation: (x - 0.5) / 0.5) → model → argmax over the given classes. */
    static Path imagePipeline(Path dir, String name, boolean gray, String... classes) throws Exception {
        PipelineBuilder b = new PipelineBuilder(name);
        var source = b.imageDataset("images", "images", 640 * 480 * 3);
        ImagePreprocessStage prep = b.image("prep", 192, 48);
        prep.setGrayscale(gray);
        prep.setMean(0.5);
        prep.setDeviation(0.5);
        ModelStage model = b.model("direction", (gray ? 1 : 3) * 48 * 192, 0);
        DecisionStage decision = b.decision("decide", DecisionKind.ARGMAX, 1, classes);
        b.connect(source, prep).connect(prep, model).connect(model, decision);
        Path file = dir.resolve(name + ".pipeline");
        PipelineFiles.save(b.pipeline(), file);
        return file;
    }

    @Test
    void paddleClassifierIsImportedAndRunsInTheEngineAsInRawOnnxRuntime() throws Exception {
        Path model = paddleClassifier(dir);
        Path pipelineFile = imagePipeline(dir, "direction", false, "up", "down");
        List<String> log = new java.util.ArrayList<>();
        ModelImport.Prepared imported = ModelImport.importInto(ort, model, pipelineFile, new ImportOptions(null, List.of("0", "180"), null, null),
                log::add);
        String printed = String.join("\n", log);
        assertTrue(printed.contains("PaddlePaddle"), printed);
        assertTrue(printed.contains("input  x FLOAT [?, 3, ?, ?]"), "shows the symbolic dimensions as ONNX Runtime reads them:\n" + printed);

        Pipeline pipeline = PipelineFiles.load(pipelineFile);
        ModelStage stage = (ModelStage) pipeline.getStages().stream().filter(ModelStage.class::isInstance).findFirst().orElseThrow();
        assertEquals("models/ch_ppocr_mobile_v2.0_cls_infer/ch_ppocr_mobile_v2.0_cls_infer.onnx", stage.getModelFile());
        assertEquals(List.of(3, 48, 192), stage.getInputShape());
        assertEquals(List.of(2), stage.getOutputShape());
        DecisionStage decision = (DecisionStage) pipeline.getStages().stream().filter(DecisionStage.class::isInstance).findFirst().orElseThrow();
        assertEquals(List.of("0", "180"), decision.getClasses());

        Path folder = dir.resolve("models/ch_ppocr_mobile_v2.0_cls_infer");
        ModelCard card = ModelCard.read(folder.resolve(ModelCard.FILE));
        assertEquals(ModelCard.IMPORTED, card.kind());
        assertEquals(sha256(Files.readAllBytes(model)), card.source().get("sha256"));
        assertEquals(sha256(Files.readAllBytes(folder.resolve(model.getFileName()))), card.source().get("importedSha256"));
        assertEquals("PaddlePaddle", card.source().get("producerName"));
        assertTrue(((Number) card.source().get("opset")).intValue() >= 9, "opset " + card.source().get("opset"));
        assertEquals(List.of("0", "180"), card.classes());
        assertEquals(0.5, ((Number) ((Map<?, ?>) card.source().get("inputNormalisation")).get("mean")).doubleValue());
        assertEquals(3, GoldenSet.read(folder.resolve(GoldenSet.FILE)).samples().size());
        assertTrue(imported.parity().stream().allMatch(c -> c.passed() && c.samples() == 3), imported.parity().toString());

        // the pipeline runs the imported model: same outputs as raw ONNX Runtime on the same preprocessed image
        BufferedImage upright = text(false);
        BufferedImage rotated = text(true);
        try (CompiledPipeline graph = new PipelineEngine(List.of(ort)).compile(pipeline, dir);
                OrtModel raw = OrtModel.open(folder.resolve(model.getFileName()))) {
            float[][] seen = new float[2][];
            List<String> outcomes = new java.util.ArrayList<>();
            ImagePreprocessStage prep = (ImagePreprocessStage) pipeline.getStages().stream().filter(ImagePreprocessStage.class::isInstance)
                    .findFirst().orElseThrow();
            graph.tap(prep, 0, (Frame f) -> seen[0] = java.util.Arrays.copyOf(f.values(), f.length()));
            graph.tap(stage, 0, (Frame f) -> seen[1] = java.util.Arrays.copyOf(f.values(), f.length()));
            graph.tap(decision, 0, (Frame f) -> outcomes.add(f.decision().outcome()));
            for (BufferedImage image : List.of(upright, rotated)) {
                graph.sources().get(0).pushImage(image, 0, "");
                float[] expected = raw.run("x", seen[0], new long[] {1, 3, 48, 192}, raw.outputs().get(0).name());
                assertArrayEquals(expected, seen[1], 1e-6f, "engine and raw ONNX Runtime agree");
            }
            assertEquals(List.of("0", "180"), outcomes, "the classifier tells upright text from text turned by 180 degrees");
        }
    }

    @Test
    void corruptAndTruncatedFilesAreRefusedAndNothingIsWritten() throws Exception {
        Path pipelineFile = imagePipeline(dir, "direction", false, "0", "180");
        byte[] before = Files.readAllBytes(pipelineFile);
        Path good = paddleClassifier(dir);
        Path truncated = dir.resolve("truncated.onnx");
        Files.write(truncated, java.util.Arrays.copyOf(Files.readAllBytes(good), 100_000));
        Path text = dir.resolve("notes.onnx");
        Files.writeString(text, "this is a text file, not a model\n");
        for (Path bad : List.of(truncated, text)) {
            String m = refusal(bad, pipelineFile, ImportOptions.defaults());
            assertTrue(m.startsWith(bad + ": is not an ONNX model or is truncated"), m);
        }
        assertArrayEquals(before, Files.readAllBytes(pipelineFile), "the pipeline is unchanged");
        assertFalse(Files.exists(dir.resolve("models")) && hasFiles(dir.resolve("models")), "no model folder is left behind");
    }

    @Test
    void shapesThatDoNotFitThePortsAndWrongClassCountsAreRefused() throws Exception {
        Path model = paddleClassifier(dir);
        String gray = refusal(model, imagePipeline(dir, "gray", true, "0", "180"), ImportOptions.defaults());
        assertTrue(gray.contains("does not fit gray/prep, which gives 1x48x192"), gray);
        String classes = refusal(model, imagePipeline(dir, "three", false, "0", "90", "180"), ImportOptions.defaults());
        assertTrue(classes.contains("gives 2 class scores 2 but three/decide names 3 classes [0, 90, 180]"), classes);
        String labels = refusal(model, imagePipeline(dir, "labels", false, "0", "180"), new ImportOptions(null, List.of("a", "b", "c"), null, null));
        assertTrue(labels.contains("was given 3 classes [a, b, c]"), labels);
        String stage = refusal(model, imagePipeline(dir, "named", false, "0", "180"), new ImportOptions("classifier", List.of(), null, null));
        assertTrue(stage.contains("no Model stage named 'classifier'"), stage);
    }

    @Test
    void unknownOperatorsAndUnsupportedOpsetsAreRefusedByOnnxRuntime() throws Exception {
        Path pipelineFile = vectorPipeline(3);
        Path exotic = dir.resolve("exotic.onnx");
        new io.fabrica.pipeline.djl.onnx.OnnxGraphBuilder("exotic").input("x", -1, 3).node("FabricaTeleport", List.of("x"), List.of("y"))
                .output("y", -1, 3).write(exotic);
        String op = refusal(exotic, pipelineFile, ImportOptions.defaults());
        assertTrue(op.contains("uses an operator ONNX Runtime") && op.contains("FabricaTeleport"), op);
        Path future = dir.resolve("future.onnx");
        new io.fabrica.pipeline.djl.onnx.OnnxGraphBuilder("future").opset(99).input("x", -1, 3).node("Relu", List.of("x"), List.of("y"))
                .output("y", -1, 3).write(future);
        String opset = refusal(future, pipelineFile, ImportOptions.defaults());
        assertTrue(opset.contains("uses opset 99 (IR 8), which ONNX Runtime") && !opset.contains("onnxruntime_src"), opset);
    }

    @Test
    void dynamicDimensionsThatCannotBeFixedAndSeveralOutputsNeedAnAnswer() throws Exception {
        Path pipelineFile = vectorPipeline(6);
        Path dynamic = dir.resolve("dynamic.onnx");
        new io.fabrica.pipeline.djl.onnx.OnnxGraphBuilder("dynamic").input("x", -1, -1, -1).node("Relu", List.of("x"), List.of("y"))
                .output("y", -1, -1, -1).write(dynamic);
        String m = refusal(dynamic, pipelineFile, ImportOptions.defaults());
        assertTrue(m.contains("has dynamic dimensions that cannot be fixed from vector/features, which gives 6"), m);

        Path two = dir.resolve("two.onnx");
        new io.fabrica.pipeline.djl.onnx.OnnxGraphBuilder("two").input("x", -1, 6).node("Relu", List.of("x"), List.of("relu"))
                .node("Neg", List.of("x"), List.of("neg")).output("relu", -1, 6).output("neg", -1, 6).write(two);
        String several = refusal(two, pipelineFile, ImportOptions.defaults());
        assertTrue(several.contains("has 2 outputs [relu, neg]; choose one with --output-name"), several);
        ModelImport.importInto(ort, two, pipelineFile, new ImportOptions(null, List.of(), "x", "neg"), line -> { });
        Path copy = dir.resolve("models/two/two.onnx");
        try (var session = ort.open(copy)) {
            float[] out = new float[6];
            session.run(new float[] {1, -2, 3, -4, 5, -6}, out);
            assertArrayEquals(new float[] {-1, 2, -3, 4, -5, 6}, out, "the chosen output, and only it, is kept");
        }
    }

    @Test
    void externalDataTravelsWithTheModel() throws Exception {
        Path pipelineFile = vectorPipeline(3);
        Path source = Files.createDirectories(dir.resolve("exported"));
        Path model = source.resolve("dense.onnx");
        float[] w = {1, 2, 3, 4, 5, 6};
        new io.fabrica.pipeline.djl.onnx.OnnxGraphBuilder("dense").input("x", -1, 3).externalInitializer("W", w, "dense.weights", 3, 2)
                .node("MatMul", List.of("x", "W"), List.of("y")).output("y", -1, 2).write(model);
        assertEquals(24, Files.size(source.resolve("dense.weights")), "the weights are in the data file beside the graph");
        ModelImport.importInto(ort, model, pipelineFile, ImportOptions.defaults(), line -> { });
        Path folder = dir.resolve("models/dense");
        assertArrayEquals(Files.readAllBytes(source.resolve("dense.weights")), Files.readAllBytes(folder.resolve("dense.weights")));
        ModelCard card = ModelCard.read(folder.resolve(ModelCard.FILE));
        assertTrue(((Map<?, ?>) card.source().get("externalData")).containsKey("dense.weights"), card.source().toString());
        ModelFolderCheck.deleteSource(source);
        try (var session = ort.open(folder.resolve("dense.onnx"))) {
            float[] out = new float[2];
            session.run(new float[] {1, 1, 1}, out);
            assertArrayEquals(new float[] {9, 12}, out, "x·W with the weights read from the copied data file");
        }
        Files.delete(Path.of(folder.toString(), "dense.weights"));
        Path again = Files.createDirectories(dir.resolve("again"));
        new io.fabrica.pipeline.djl.onnx.OnnxGraphBuilder("dense").input("x", -1, 3).externalInitializer("W", w, "dense.weights", 3, 2)
                .node("MatMul", List.of("x", "W"), List.of("y")).output("y", -1, 2).write(again.resolve("dense.onnx"));
        Files.delete(again.resolve("dense.weights"));
        String missing = refusal(again.resolve("dense.onnx"), pipelineFile, ImportOptions.defaults());
        assertTrue(missing.contains("external data file dense.weights, which is missing beside it"), missing);
    }

    /** A pipeline whose Model stage is fed by a feature stage of {@code inputs} values and feeds a threshold decision. */
    private Path vectorPipeline(int inputs) throws Exception {
        PipelineBuilder b = new PipelineBuilder("vector");
        var source = b.imageDataset("data", "data", inputs);
        var features = b.normalize("features", io.fabrica.pipeline.PortType.VECTOR, inputs);
        ModelStage model = b.model("model", inputs, 0);
        DecisionStage decision = b.decision("decide", DecisionKind.THRESHOLD, 1);
        b.connect(source, features).connect(features, model).connect(model, decision);
        Path file = dir.resolve("vector-" + System.nanoTime() + ".pipeline");
        PipelineFiles.save(b.pipeline(), file);
        return file;
    }

    private String refusal(Path model, Path pipelineFile, ImportOptions options) {
        PipelineException e = assertThrows(PipelineException.class, () -> ModelImport.importInto(ort, model, pipelineFile, options, line -> { }));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        System.out.println("refused: " + e.getMessage());
        return e.getMessage();
    }

    private static boolean hasFiles(Path folder) throws Exception {
        try (Stream<Path> all = Files.walk(folder)) {
            return all.anyMatch(Files::isRegularFile);
        }
    }

    /** Black text on white, 384x96, upright or turned by 180 degrees. */
    private static BufferedImage text(boolean turned) {
        BufferedImage image = new BufferedImage(384, 96, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 384, 96);
        if (turned) {
            g.setTransform(AffineTransform.getRotateInstance(Math.PI, 192, 48));
        }
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 60));
        g.drawString("Fabrica 17", 16, 70);
        g.dispose();
        return image;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** Proves the imported copy does not read the original's data file. */
    private static final class ModelFolderCheck {
        static void deleteSource(Path source) throws Exception {
            io.fabrica.pipeline.djl.ModelFolder.deleteTree(source);
        }
    }
}
