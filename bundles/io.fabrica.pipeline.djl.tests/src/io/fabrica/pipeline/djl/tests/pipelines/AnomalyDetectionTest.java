package io.fabrica.pipeline.djl.tests.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import io.fabrica.examples.SharedData;
import io.fabrica.pipeline.AnomalyStage;
import io.fabrica.pipeline.DatasetSource;
import io.fabrica.pipeline.DecisionKind;
import io.fabrica.pipeline.DecisionStage;
import io.fabrica.pipeline.ImagePreprocessStage;
import io.fabrica.pipeline.Pipeline;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.data.Dataset;
import io.fabrica.pipeline.data.DatasetException;
import io.fabrica.pipeline.data.ImageFolder;
import io.fabrica.pipeline.djl.anomaly.AnomalyTraining;
import io.fabrica.pipeline.djl.anomaly.FeatureNetwork;
import io.fabrica.pipeline.djl.internal.OnnxRuntimeInferenceEngine;
import io.fabrica.pipeline.engine.PipelineEngine;
import io.fabrica.pipeline.engine.PipelineEvaluation;
import io.fabrica.pipeline.engine.ReplayProgress;
import io.fabrica.pipeline.evaluation.InspectionMetrics;
import io.fabrica.pipeline.resource.PipelineBuilder;
import io.fabrica.pipeline.resource.PipelineFiles;

/**
 * Anomaly detection learnt from good parts only, on real photos: a slice of the magnetic-tile data
 * set in ../shared/data (MVTec AD layout; linked into a scratch folder, never copied into the
 * repository) — 60 good tiles to learn from, 10 good and 20 defective ones (blowholes and cracks,
 * with masks) to evaluate on. The full data set is evaluated by CI through the command line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnomalyDetectionTest {

    @TempDir
    static Path scratch;

    private final PipelineEngine engine = new PipelineEngine(List.of(new OnnxRuntimeInferenceEngine()));
    private Path folder;
    private Path pipelineFile;
    private AnomalyTraining.Trained trained;

    @BeforeAll
    void trainOnGoodTiles() throws Exception {
        Path data = SharedData.locate("magnetic-tile");
        assertTrue(Files.isDirectory(data.resolve("train/good")), "the magnetic-tile data set is at " + data);
        folder = scratch.resolve("tiles");
        SharedData.linkSlice(data, folder, "train/good", 60, false);
        SharedData.linkSlice(data, folder, "test/good", 10, false);
        SharedData.linkSlice(data, folder, "test/blowhole", 10, true);
        SharedData.linkSlice(data, folder, "test/crack", 10, true);
        pipelineFile = scratch.resolve("tiles.pipeline");
        PipelineFiles.save(pipeline(folder), pipelineFile);
        trained = AnomalyTraining.train(engine, pipelineFile, Dataset.open(folder, ImageFolder.Part.TRAIN), scratch.resolve("models/tiles"), 7,
                line -> System.out.println("  " + line));
    }

    private static Pipeline pipeline(Path images) {
        PipelineBuilder b = new PipelineBuilder("Tiles");
        DatasetSource source = b.imageDataset("Images", images.toString(), 1920 * 1080 * 3);
        ImagePreprocessStage resize = b.image("Resize", 256, 256);
        resize.setMean(0);
        resize.setDeviation(1);
        AnomalyStage anomaly = b.anomaly("Anomaly", FeatureNetwork.DEFAULT, 256, 256 * 256);
        anomaly.setMaxMemoryBank(2000);
        DecisionStage decision = b.decision("Defect", DecisionKind.THRESHOLD, 1, "ok", "defect");
        b.connect(source, resize).connect(resize, anomaly).connect(anomaly, decision);
        b.connect(decision, b.log("Log", "decisions/tiles.jsonl"));
        return b.pipeline();
    }

    @Test
    void learnsFromGoodTilesOnlyWithABoundedMemoryBankAndAThresholdForItsFalseRejectRate() throws Exception {
        assertEquals(60, trained.goodImages());
        assertEquals(12, trained.heldOut(), "the last 20 % of the good images fit the threshold");
        assertTrue(trained.memoryBank() > 0 && trained.memoryBank() <= 2000, "memory bank " + trained.memoryBank());
        Path models = scratch.resolve("models/tiles");
        assertTrue(Files.isRegularFile(models.resolve(AnomalyTraining.MODEL_FILE)));
        assertEquals("PATCHCORE", trained.card().kind());
        assertEquals(0, ((Number) trained.card().training().get("heldOutRejected")).intValue(),
                "1 % of 12 held-out good tiles allows none to be rejected");
        var parity = io.fabrica.pipeline.djl.parity.ParityGate.checkModel(new OnnxRuntimeInferenceEngine(), models.resolve(AnomalyTraining.MODEL_FILE),
                "tiles");
        assertEquals(2, parity.size(), "the engine path and raw ONNX Runtime");
        parity.forEach(c -> assertTrue(c.failure() == null && c.samples() == 2, "golden tiles reproduce their anomaly maps: " + c));
        try (Stream<Path> left = Files.list(scratch.resolve("models"))) {
            assertEquals(List.of(models), left.toList(), "no staging folder is left behind");
        }
    }

    @Test
    void defectiveTilesScoreAboveGoodOnesAndTheMapsFindTheDefects() throws Exception {
        PipelineEvaluation.Evaluated e = PipelineEvaluation.evaluateAll(engine, trained.pipelineFile(), folder, scratch.resolve("report"),
                ReplayProgress.NONE);
        InspectionMetrics.Result r = e.inspection();
        assertNotNull(r, "an anomaly pipeline is judged at the pixel level too");
        System.out.println("Magnetic tiles (slice): image ROC AUC " + e.report().rocAuc() + "; " + InspectionMetrics.summary(r));
        assertEquals(10, r.goodImages());
        assertEquals(20, r.defectImages());
        assertEquals(20, r.maskedImages());
        assertTrue(e.report().rocAuc() > 0.65, "defective tiles score above good ones: image ROC AUC " + e.report().rocAuc());
        assertTrue(r.pixelAuroc() > 0.75, "the maps are high where the masks are: pixel ROC AUC " + r.pixelAuroc());
        assertTrue(r.regions() >= 20, "every masked tile has at least one defect region: " + r.regions());
        assertTrue(r.pro() > 0.3, "small regions are found too (a random map gives 0.15): PRO " + r.pro());
        assertFalse(r.rejected().isEmpty(), "the rejected tiles' heatmaps are kept for the Evaluation view");
        r.rejected().forEach((time, shown) -> assertTrue(shown.score() > trained.threshold() && shown.heatmap().getWidth() <= 256,
                "kept only above the threshold, scaled down: " + shown.file()));
        assertTrue(Files.readString(scratch.resolve("report/report.html")).contains("<section id=\"inspection\">"));
        try (Stream<Path> heatmaps = Files.list(scratch.resolve("report/heatmaps"))) {
            assertFalse(heatmaps.toList().isEmpty(), "the worst misses and false rejects are shown with their heatmaps");
        }
    }

    @Test
    void withoutGoodImagesNothingIsTrainedAndNothingWritten() throws Exception {
        Path only = scratch.resolve("defects-only");
        Files.createDirectories(only.resolve("train/crack"));
        try (Stream<Path> files = Files.list(folder.resolve("test/crack"))) {
            for (Path f : files.toList()) {
                Files.createSymbolicLink(only.resolve("train/crack").resolve(f.getFileName()), f.toRealPath());
            }
        }
        Path out = scratch.resolve("models/defects-only");
        PipelineException e = assertThrows(PipelineException.class,
                () -> AnomalyTraining.train(engine, pipelineFile, Dataset.open(only, ImageFolder.Part.TRAIN), out, 7, line -> { }));
        assertTrue(e.getMessage().contains("0 good images") && e.getMessage().contains("crack=10"), e.getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    void aCorruptImageIsNamed() throws Exception {
        Path broken = scratch.resolve("broken");
        Files.createDirectories(broken.resolve("train/good"));
        Files.write(broken.resolve("train/good/cut-short.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 1, 2});
        Exception e = assertThrows(Exception.class,
                () -> AnomalyTraining.train(engine, pipelineFile, Dataset.open(broken, ImageFolder.Part.TRAIN), scratch.resolve("models/broken"), 7,
                        line -> { }));
        assertTrue(e.getMessage().contains("cut-short.jpg"), e.getMessage());
        assertFalse(Files.exists(scratch.resolve("models/broken")));
    }

    @Test
    void aMaskWithoutItsImageIsNamed() throws Exception {
        Path odd = scratch.resolve("odd");
        Files.createDirectories(odd.resolve("test/good"));
        Files.createDirectories(odd.resolve("ground_truth/crack"));
        try (Stream<Path> files = Files.list(folder.resolve("test/good"))) {
            Path good = files.findFirst().orElseThrow();
            Files.createSymbolicLink(odd.resolve("test/good").resolve(good.getFileName()), good.toRealPath());
        }
        Files.write(odd.resolve("ground_truth/crack/lonely_mask.png"), new byte[] {1});
        DatasetException e = assertThrows(DatasetException.class, () -> Dataset.open(odd, ImageFolder.Part.TEST));
        assertTrue(e.getMessage().contains("ground_truth/crack/lonely_mask.png") && e.getMessage().contains("without an image"), e.getMessage());
    }
}
