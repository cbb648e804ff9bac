package io.fabrica.pipeline.djl.tests.anomaly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import io.fabrica.pipeline.AnomalyStage;
import io.fabrica.pipeline.DatasetSource;
import io.fabrica.pipeline.DecisionKind;
import io.fabrica.pipeline.DecisionStage;
import io.fabrica.pipeline.ImagePreprocessStage;
import io.fabrica.pipeline.PartAlignment;
import io.fabrica.pipeline.Pipeline;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.data.Dataset;
import io.fabrica.pipeline.data.ImageFolder;
import io.fabrica.pipeline.djl.anomaly.AnomalyTraining;
import io.fabrica.pipeline.djl.internal.OnnxRuntimeInferenceEngine;
import io.fabrica.pipeline.djl.parity.ParityGate;
import io.fabrica.pipeline.engine.PipelineEngine;
import io.fabrica.pipeline.engine.PipelineEvaluation;
import io.fabrica.pipeline.engine.ReplayProgress;
import io.fabrica.pipeline.engine.stages.PartAligner;
import io.fabrica.pipeline.evaluation.InspectionMetrics;
import io.fabrica.pipeline.resource.PipelineBuilder;
import io.fabrica.pipeline.resource.PipelineFiles;

/**
 * The variation model after part alignment, on flanges that lie off-centre and turned at random
 * ({@link FlangeImages}): 40 good parts to learn from, 15 good and 15 scratched ones to judge.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VariationModelTest {

    @TempDir
    static Path scratch;

    private final PipelineEngine engine = new PipelineEngine(List.of(new OnnxRuntimeInferenceEngine()));
    private Path folder;

    @BeforeAll
    void writeImages() throws Exception {
        folder = scratch.resolve("flanges");
        new FlangeImages(11).writeFolder(folder, 40, 15, 15);
    }

    private static Pipeline pipeline(Path images, PartAlignment alignment) {
        PipelineBuilder b = new PipelineBuilder("Flanges");
        DatasetSource source = b.imageDataset("Images", images.toString(), FlangeImages.SIDE * FlangeImages.SIDE * 3);
        ImagePreprocessStage locate = b.image("Locate", FlangeImages.SIDE, FlangeImages.SIDE);
        locate.setMean(0);
        locate.setDeviation(1);
        locate.setAlignment(alignment);
        locate.setSymmetry(6);
        AnomalyStage anomaly = b.anomaly("Variation", "variation-model", FlangeImages.SIDE, FlangeImages.SIDE * FlangeImages.SIDE);
        anomaly.setSmoothing(1.5);
        DecisionStage decision = b.decision("Defect", DecisionKind.THRESHOLD, 1, "ok", "defect");
        b.connect(source, locate).connect(locate, anomaly).connect(anomaly, decision);
        return b.pipeline();
    }

    private PipelineEvaluation.Evaluated trainAndEvaluate(PartAlignment alignment, String name) throws Exception {
        Path file = scratch.resolve(name + ".pipeline");
        PipelineFiles.save(pipeline(folder, alignment), file);
        AnomalyTraining.Trained trained = AnomalyTraining.train(engine, file, Dataset.open(folder, ImageFolder.Part.TRAIN),
                scratch.resolve("models/" + name), 7, line -> System.out.println("  " + line));
        assertEquals("VARIATION", trained.card().kind());
        assertEquals(40, trained.goodImages());
        return PipelineEvaluation.evaluateAll(engine, trained.pipelineFile(), folder, scratch.resolve("report-" + name), ReplayProgress.NONE);
    }

    @Test
    void alignedPartsAreComparedPixelByPixelAndTheScratchesFound() throws Exception {
        PipelineEvaluation.Evaluated e = trainAndEvaluate(PartAlignment.ROTATION, "aligned");
        InspectionMetrics.Result r = e.inspection();
        System.out.println("Flanges, aligned: image ROC AUC " + e.report().rocAuc() + "; " + InspectionMetrics.summary(r));
        assertTrue(e.report().rocAuc() >= 0.95, "scratched parts score above good ones: image ROC AUC " + e.report().rocAuc());
        assertTrue(r.pixelAuroc() >= 0.9, "the map is high on the scratch (the mask is aligned with the image): " + r.pixelAuroc());
        Path model = scratch.resolve("models/aligned/" + AnomalyTraining.MODEL_FILE);
        ParityGate.checkModel(new OnnxRuntimeInferenceEngine(), model, "flanges")
                .forEach(c -> assertTrue(c.failure() == null && c.samples() == 2, "golden images reproduce their maps: " + c));
    }

    @Test
    void withoutAlignmentTheSameModelSeesEveryTurnedPartAsDefective() throws Exception {
        PipelineEvaluation.Evaluated e = trainAndEvaluate(PartAlignment.NONE, "unaligned");
        System.out.println("Flanges, not aligned: image ROC AUC " + e.report().rocAuc());
        assertTrue(e.report().rocAuc() < 0.9, "the bolt holes of turned parts hide the scratches: image ROC AUC " + e.report().rocAuc());
    }

    @Test
    void theAlignerFindsTheCentreAndTheTurnModuloTheSymmetry() throws Exception {
        FlangeImages flanges = new FlangeImages(3);
        PartAligner aligner = new PartAligner("Locate", PartAlignment.ROTATION, 6);
        double[] angles = new double[2];
        FlangeImages.Pose[] poses = {new FlangeImages.Pose(-5, 3, 0.2), new FlangeImages.Pose(4, -6, 0.2 + Math.toRadians(23))};
        for (int i = 0; i < 2; i++) {
            BufferedImage image = flanges.paint(poses[i], null);
            byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
            aligner.align(pixels, null, 1, false, FlangeImages.SIDE, 0, 0, FlangeImages.SIDE, FlangeImages.SIDE);
            double[] c = aligner.centre();
            assertEquals(FlangeImages.SIDE / 2.0 + poses[i].dx(), c[0], 0.5, "centre x");
            assertEquals(FlangeImages.SIDE / 2.0 + poses[i].dy(), c[1], 0.5, "centre y");
            angles[i] = aligner.angle();
        }
        double turn = Math.toDegrees(angles[1] - angles[0]);
        double modSixty = ((turn % 60) + 60) % 60;
        assertEquals(23, modSixty, 0.5, "the second part is turned 23 degrees further (modulo 60, six bolt holes)");
    }

    @Test
    void aUniformImageHasNoPartToAlign() throws Exception {
        PartAligner aligner = new PartAligner("Locate", PartAlignment.CENTRE, 1);
        byte[] flat = new byte[64 * 64];
        PipelineException e = assertThrows(PipelineException.class, () -> aligner.align(flat, null, 1, false, 64, 0, 0, 64, 64));
        assertTrue(e.getMessage().startsWith("Locate: found no part"), e.getMessage());
    }

    @Test
    void nonSquareImagesAreRefusedAndNothingIsWritten() throws Exception {
        Path file = scratch.resolve("wide.pipeline");
        Pipeline p = pipeline(folder, PartAlignment.CENTRE);
        ImagePreprocessStage locate = (ImagePreprocessStage) p.getStages().get(1);
        locate.setWidth(256);
        locate.setHeight(128);
        PipelineFiles.save(p, file);
        Path out = scratch.resolve("models/wide");
        PipelineException e = assertThrows(PipelineException.class,
                () -> AnomalyTraining.train(engine, file, Dataset.open(folder, ImageFolder.Part.TRAIN), out, 7, line -> { }));
        assertTrue(e.getMessage().contains("needs square images, not 256x128"), e.getMessage());
        assertFalse(Files.exists(out));
    }
}
