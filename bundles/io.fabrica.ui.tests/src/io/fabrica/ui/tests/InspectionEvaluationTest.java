package io.fabrica.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabrica.examples.SharedData;
import io.fabrica.pipeline.api.Decision;
import io.fabrica.pipeline.djl.anomaly.InspectionPipelines;
import io.fabrica.pipeline.resource.PipelineFiles;
import io.fabrica.ui.FabricaUi;
import io.fabrica.ui.pipeline.internal.evaluation.EvaluationJob;
import io.fabrica.ui.pipeline.internal.evaluation.EvaluationView;
import io.fabrica.ui.pipeline.internal.training.TrainingJob;
import io.fabrica.ui.pipeline.internal.training.TrainingOutcome;
import io.fabrica.ui.pipeline.internal.training.TrainingView;

/**
 * Visual inspection in the workbench, on real photos: an inspection pipeline for a slice of the
 * magnetic-tile data set (linked from ../shared/data, never copied) is trained from its good tiles in
 * the Training view, then evaluated in the Evaluation view; the metrics list the pixel figures, and a
 * rejected tile, when selected, shows the photo with its anomaly map and the defect's mask
 * (screenshot {@code evaluation-inspection.png}).
 */
class InspectionEvaluationTest {

    private static final String PROJECT = "inspection-evaluation-test";

    @TempDir
    Path scratch;

    private IProject project;
    private IWorkbenchPage page;
    private Path tiles;

    @BeforeEach
    void tilesAndAnInspectionPipeline() throws Exception {
        Path data = SharedData.locate("magnetic-tile");
        assertTrue(Files.isDirectory(data.resolve("train/good")), "the magnetic-tile data set is at " + data);
        tiles = scratch.resolve("tiles");
        SharedData.linkSlice(data, tiles, "train/good", 40, false);
        SharedData.linkSlice(data, tiles, "test/good", 8, false);
        SharedData.linkSlice(data, tiles, "test/blowhole", 8, true);
        SharedData.linkSlice(data, tiles, "test/crack", 8, true);
        project = ResourcesPlugin.getWorkspace().getRoot().getProject(PROJECT);
        if (project.exists()) {
            project.delete(true, true, null);
        }
        project.create(null);
        project.open(null);
        PipelineFiles.save(InspectionPipelines.inspection("tiles", tiles, InspectionPipelines.DEFAULT_SIZE),
                project.getLocation().toFile().toPath().resolve("tiles.pipeline"));
        project.refreshLocal(org.eclipse.core.resources.IResource.DEPTH_INFINITE, null);
        page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        page.setPerspective(PlatformUI.getWorkbench().getPerspectiveRegistry().findPerspectiveWithId(FabricaUi.PIPELINES_PERSPECTIVE));
    }

    @AfterEach
    void cleanUp() throws Exception {
        Job.getJobManager().cancel(TrainingJob.FAMILY);
        Job.getJobManager().cancel(EvaluationJob.FAMILY);
        Ui.waitUntil(() -> Job.getJobManager().find(TrainingJob.FAMILY).length == 0 && Job.getJobManager().find(EvaluationJob.FAMILY).length == 0,
                120_000, () -> "the training and evaluation jobs end");
        page.resetPerspective();
        page.setPerspective(PlatformUI.getWorkbench().getPerspectiveRegistry().findPerspectiveWithId(FabricaUi.ENGINEERING_PERSPECTIVE));
        project.delete(true, true, null);
    }

    @Test
    void trainsFromGoodTilesAndShowsARejectedTileWithItsHeatmap() throws Exception {
        IFile pipeline = project.getFile("tiles.pipeline");
        TrainingView training = (TrainingView) page.showView(FabricaUi.TRAINING_VIEW);
        assertNotNull(training.train(pipeline, tiles), training.statusText());
        Ui.waitUntil(() -> !training.isTraining(), 300_000, training::statusText);
        TrainingOutcome outcome = training.lastOutcome();
        assertEquals(TrainingOutcome.Kind.TRAINED, outcome.kind(), training.statusText());
        assertNotNull(outcome.anomaly(), "an inspection pipeline learns from good parts");
        assertEquals(40, outcome.anomaly().goodImages());
        assertTrue(training.statusText().contains("from good parts only") && training.statusText().contains("Memory bank:"),
                training.statusText());

        EvaluationView evaluation = (EvaluationView) page.showView(FabricaUi.EVALUATION_VIEW);
        IFile trained = outcome.trainedPipeline();
        assertNotNull(evaluation.evaluate(trained, tiles), evaluation.statusText());
        Ui.waitUntil(() -> !evaluation.isEvaluating(), 300_000, evaluation::statusText);
        assertNotNull(evaluation.result(), evaluation.statusText());
        assertEquals("24", evaluation.metric("Decisions"), "one decision per test tile");
        assertNotEquals("n/a", evaluation.metric("Pixel ROC AUC"), "masks make the pixel figure defined");
        assertNotNull(evaluation.metric("PRO (to 30 % FPR)"));
        assertNotNull(evaluation.metric("Recall at ≤1 % false rejects"));
        assertTrue(evaluation.statusText().contains("pixel ROC AUC"), evaluation.statusText());

        int rejected = indexOfHeatmap(evaluation);
        assertTrue(rejected >= 0, "some defective tiles are rejected and keep their heatmap: " + evaluation.statusText());
        evaluation.selectDecision(rejected);
        Ui.settle();
        assertTrue(evaluation.explanationShowsHeatmap(), "the rejected tile is shown with its anomaly map");
        var reference = page.getReference(evaluation);
        page.setPartState(reference, IWorkbenchPage.STATE_MAXIMIZED);
        Ui.settle();
        WorkbenchStartupTest.screenshot(page.getWorkbenchWindow().getShell(), "evaluation-inspection.png");
        page.setPartState(reference, IWorkbenchPage.STATE_RESTORED);
        assertTrue(Files.isDirectory(evaluation.result().reportDir().resolve("heatmaps")), "the report has the heatmaps too");
    }

    /** The first positive decision whose image the evaluation kept with its heatmap. */
    private static int indexOfHeatmap(EvaluationView evaluation) {
        List<Decision> decisions = evaluation.decisions();
        for (int i = 0; i < decisions.size(); i++) {
            Decision d = decisions.get(i);
            if (d.positive() && evaluation.result().inspection().heatmapAt(d.timeMillis()) != null) {
                return i;
            }
        }
        return -1;
    }
}
