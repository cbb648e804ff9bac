package io.fabrica.pipeline.djl.tests.pipelines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.data.Dataset;
import io.fabrica.pipeline.data.ImageFolder;
import io.fabrica.pipeline.djl.anomaly.AnomalyRecipe;
import io.fabrica.pipeline.djl.anomaly.AnomalyTraining;
import io.fabrica.pipeline.djl.anomaly.InspectionPipelines;
import io.fabrica.pipeline.djl.internal.OnnxRuntimeInferenceEngine;
import io.fabrica.pipeline.engine.PipelineEngine;
import io.fabrica.pipeline.engine.PipelineEvaluation;
import io.fabrica.pipeline.engine.ReplayProgress;
import io.fabrica.pipeline.evaluation.InspectionMetrics;
import io.fabrica.pipeline.resource.PipelineBuilder;
import io.fabrica.pipeline.resource.PipelineFiles;

/**
 * The inspection pipeline {@code fabrica new-pipeline inspection --images} writes (per-cell Gaussians
 * of PP-OCRv3 detector features, contrast-normalised tiles, map and score from different layers),
 * trained on a slice of the real magnetic tiles (linked from ../shared/data, never copied): 60 good
 * tiles to learn from, 10 good and 20 defective to judge.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GaussianAnomalyTest {

    @TempDir
    static Path scratch;

    private final PipelineEngine engine = new PipelineEngine(List.of(new OnnxRuntimeInferenceEngine()));
    private Path folder;
    private AnomalyTraining.Trained trained;

    @BeforeAll
    void trainTheImageFolderPipeline() throws Exception {
        Path data = SharedData.locate("magnetic-tile");
        assertTrue(Files.isDirectory(data.resolve("train/good")), "the magnetic-tile data set is at " + data);
        folder = scratch.resolve("tiles");
        SharedData.linkSlice(data, folder, "train/good", 60, false);
        SharedData.linkSlice(data, folder, "test/good", 10, false);
        SharedData.linkSlice(data, folder, "test/blowhole", 10, true);
        SharedData.linkSlice(data, folder, "test/crack", 10, true);
        Path pipelineFile = scratch.resolve("tiles.pipeline");
        PipelineFiles.save(InspectionPipelines.inspection("tiles", folder, InspectionPipelines.DEFAULT_SIZE), pipelineFile);
        trained = AnomalyTraining.train(engine, pipelineFile, Dataset.open(folder, ImageFolder.Part.TRAIN), scratch.resolve("models/tiles"), 7,
                line -> System.out.println("  " + line));
    }

    @Test
    void learnsPerCellGaussiansFromGoodTilesAndWritesAModelThatReproducesThem() throws Exception {
        assertEquals("PADIM", trained.card().kind());
        assertEquals(48, trained.memoryBank(), "the first 80 % of the 60 good tiles are learnt from");
        assertArrayEquals(new int[] {2, 64, 64}, trained.card().outputShape(), "the map's grid (stride 4) and the score's grid");
        long bytes = ((Number) trained.card().training().get("modelBytes")).longValue();
        assertEquals(4L * (64 * 64 * 40 * 41 + 32 * 32 * 100 * 101), bytes, "bounded by the grid and the features kept, not the images");
        assertEquals(0, ((Number) trained.card().training().get("heldOutRejected")).intValue());
        Path model = scratch.resolve("models/tiles").resolve(AnomalyTraining.MODEL_FILE);
        var parity = io.fabrica.pipeline.djl.parity.ParityGate.checkModel(new OnnxRuntimeInferenceEngine(), model, "tiles");
        parity.forEach(c -> assertTrue(c.failure() == null && c.samples() == 2, "golden tiles reproduce their anomaly maps: " + c));
    }

    @Test
    void defectiveTilesScoreAboveGoodOnesAndTheMapsFindTheDefects() throws Exception {
        PipelineEvaluation.Evaluated e = PipelineEvaluation.evaluateAll(engine, trained.pipelineFile(), folder, scratch.resolve("report"),
                ReplayProgress.NONE);
        InspectionMetrics.Result r = e.inspection();
        System.out.println("Magnetic tiles (slice), per-cell Gaussians: image ROC AUC " + e.report().rocAuc() + "; " + InspectionMetrics.summary(r));
        assertTrue(e.report().rocAuc() > 0.8, "image ROC AUC " + e.report().rocAuc());
        assertTrue(r.pixelAuroc() > 0.9, "pixel ROC AUC " + r.pixelAuroc());
    }

    @Test
    void imagesSmallerThanATileAreRefusedNamingTheirSizeAndNothingIsWritten() throws Exception {
        PipelineBuilder b = new PipelineBuilder("Small");
        DatasetSource source = b.imageDataset("Images", folder.toString(), 1920 * 1080 * 3);
        ImagePreprocessStage resize = b.image("Resize", 192, 192);
        resize.setGrayscale(true);
        resize.setMean(0);
        resize.setDeviation(1);
        AnomalyStage anomaly = b.anomaly("Anomaly", AnomalyRecipe.IMAGES, 256, 0);
        DecisionStage decision = b.decision("Defect", DecisionKind.THRESHOLD, 1, "ok", "defect");
        b.connect(source, resize).connect(resize, anomaly).connect(anomaly, decision);
        Path file = scratch.resolve("small.pipeline");
        PipelineFiles.save(b.pipeline(), file);
        Path out = scratch.resolve("models/small");
        PipelineException e = assertThrows(PipelineException.class,
                () -> AnomalyTraining.train(engine, file, Dataset.open(folder, ImageFolder.Part.TRAIN), out, 7, line -> { }));
        assertTrue(e.getMessage().contains("192x192") && e.getMessage().contains("256x256"), e.getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    void aRecipeThatCannotBeBuiltIsNamed() {
        PipelineException unknown = assertThrows(PipelineException.class, () -> AnomalyRecipe.parse("PP-OCRv3-det:elementwise_add_1; gaussian; fast"));
        assertTrue(unknown.getMessage().contains("'fast' is not understood"), unknown.getMessage());
        PipelineException bank = assertThrows(PipelineException.class, () -> AnomalyRecipe.parse("PP-OCRv3-det:elementwise_add_1; contrast"));
        assertTrue(bank.getMessage().contains("need '; gaussian'"), bank.getMessage());
        PipelineException layer = assertThrows(PipelineException.class,
                () -> AnomalyRecipe.parse("PP-OCRv3-det:elementwise_add_1; score=p2o.Add.71; gaussian"));
        assertTrue(layer.getMessage().contains("'p2o.Add.71' is not a backbone stage of PP-OCRv3-det"), layer.getMessage());
    }
}
