package io.fabrica.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabrica.devices.api.ConnectionSpec;
import io.fabrica.devices.api.DeviceDriver;
import io.fabrica.devices.api.DeviceSession;
import io.fabrica.devices.core.DeviceDrivers;
import io.fabrica.devices.core.Recorder;
import io.fabrica.devices.sim.SimulatedPlant;
import io.fabrica.devices.sim.generators.Scenario;
import io.fabrica.examples.Examples;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.resource.PlantFiles;
import io.fabrica.pipeline.api.Decision;
import io.fabrica.ui.FabricaPreferences;
import io.fabrica.ui.FabricaUi;
import io.fabrica.ui.Services;
import io.fabrica.ui.pipeline.internal.evaluation.EvaluationJob;
import io.fabrica.ui.pipeline.internal.evaluation.EvaluationView;
import io.fabrica.ui.pipeline.internal.training.TrainingJob;
import io.fabrica.ui.pipeline.internal.training.TrainingOutcome;
import io.fabrica.ui.pipeline.internal.training.TrainingView;

/**
 * Training and evaluation through the workbench's views on real data: the simulated demo plant is
 * recorded over OPC UA (loopback) for a few seconds — healthy first, then an outer-race bearing fault,
 * as the headless DJL tests do — into a workspace project with the demo plant and pdm pipeline. The
 * Training view trains with a few epochs (set in the preferences) in a job, the loss chart gets one point
 * per epoch, the summary names the model folder, which appears in the workspace. The Evaluation view then
 * evaluates the trained pipeline on the recording: metrics, charts and decisions with their reasons.
 */
class TrainingViewTest {

    private static final String PROJECT = "training-view-test";
    /** Few epochs keep the test short; patience as large, so exactly this many run. */
    private static final int EPOCHS = 6;
    private static final String SCENARIO = "0s normal\n9s bearing-outer-race 2s\n";

    private IProject project;
    private IWorkbenchPage page;

    @BeforeEach
    void demoProjectInPipelinesPerspective() throws Exception {
        project = ResourcesPlugin.getWorkspace().getRoot().getProject(PROJECT);
        if (project.exists()) {
            project.delete(true, true, null);
        }
        project.create(null);
        project.open(null);
        for (String name : List.of("demo.plant", "pdm.pipeline")) {
            try (var in = Examples.openDemoFile(name)) {
                project.getFile(name).create(in, true, null);
            }
        }
        FabricaPreferences.node().putInt(FabricaPreferences.TRAINING_MAX_EPOCHS, EPOCHS);
        FabricaPreferences.node().putInt(FabricaPreferences.TRAINING_PATIENCE, EPOCHS);
        page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        page.setPerspective(PlatformUI.getWorkbench().getPerspectiveRegistry().findPerspectiveWithId(FabricaUi.PIPELINES_PERSPECTIVE));
    }

    @AfterEach
    void cleanUp() throws Exception {
        Job.getJobManager().cancel(TrainingJob.FAMILY);
        Job.getJobManager().cancel(EvaluationJob.FAMILY);
        Ui.waitUntil(() -> Job.getJobManager().find(TrainingJob.FAMILY).length == 0 && Job.getJobManager().find(EvaluationJob.FAMILY).length == 0,
                60_000, () -> "the training and evaluation jobs end after cancel");
        closeErrorDialogs();
        FabricaPreferences.node().remove(FabricaPreferences.TRAINING_MAX_EPOCHS);
        FabricaPreferences.node().remove(FabricaPreferences.TRAINING_PATIENCE);
        page.resetPerspective();
        page.setPerspective(PlatformUI.getWorkbench().getPerspectiveRegistry().findPerspectiveWithId(FabricaUi.ENGINEERING_PERSPECTIVE));
        project.delete(true, true, null);
    }

    @Test
    void trainsWithALiveLossChartThenEvaluatesWithExplainedDecisions() throws Exception {
        Path dataset = recordSimulator(project.getLocation().toFile().toPath().resolve("recording"), Duration.ofSeconds(15));
        project.refreshLocal(IResource.DEPTH_INFINITE, null);
        IFile pipeline = project.getFile("pdm.pipeline");

        TrainingView training = (TrainingView) page.showView(FabricaUi.TRAINING_VIEW);
        Ui.settle();
        Shell shell = page.getWorkbenchWindow().getShell();
        assertTrue(Ui.require(shell, Label.class, "training.options").getText().contains("at most " + EPOCHS + " epochs"), "the options of the preferences are summarized");
        Job job = training.train(pipeline, dataset);
        assertNotNull(job, training.statusText());
        Combo chosen = Ui.require(shell, Combo.class, "training.pipeline");
        assertEquals(PROJECT + "/pdm.pipeline", chosen.getText(), "the pipeline is shown as chosen");
        Ui.waitUntil(() -> !training.isTraining(), 300_000, training::statusText);

        TrainingOutcome outcome = training.lastOutcome();
        assertEquals(TrainingOutcome.Kind.TRAINED, outcome.kind(), training.statusText());
        int epochs = outcome.trained().result().epochs();
        assertEquals(EPOCHS, epochs, "the preference's epoch limit is used");
        assertEquals(epochs, training.trainingLosses().length, "one training-loss point per finished epoch");
        assertEquals(epochs, training.validationLosses().length, "one validation-loss point per finished epoch");
        assertTrue(training.validationLosses()[0] > 0, "losses are plotted as reported");
        String status = training.statusText();
        assertTrue(status.contains("Epochs: " + epochs) && status.contains("best validation loss") && status.contains("Threshold:")
                && status.contains("Model folder: " + PROJECT + "/models/pdm"), status);
        for (String file : List.of("model.onnx", "model.json", "model-0000.params", "pdm.pipeline")) {
            assertTrue(project.getFile("models/pdm/" + file).exists(), file + " appears in the workspace");
        }
        maximizedScreenshot(training, "training.png");

        EvaluationView evaluation = (EvaluationView) page.showView(FabricaUi.EVALUATION_VIEW);
        IFile trained = project.getFile("models/pdm/pdm.pipeline");
        assertNotNull(evaluation.evaluate(trained, dataset), evaluation.statusText());
        Ui.waitUntil(() -> !evaluation.isEvaluating(), 120_000, evaluation::statusText);
        assertNotNull(evaluation.result(), evaluation.statusText());
        int decisions = Integer.parseInt(evaluation.metric("Decisions"));
        assertTrue(decisions > 50, "about ten decisions a second: " + decisions);
        for (String metric : List.of("Precision", "Recall", "F1", "Accuracy", "ROC AUC")) {
            assertNotNull(evaluation.metric(metric), metric + " is listed");
        }
        assertNotEquals("n/a", evaluation.metric("ROC AUC"), "healthy and fault windows make the AUC defined");
        assertTrue(evaluation.metricRows() > 8, "lead time and per-stage latency rows follow the ratios");
        assertTrue(evaluation.scorePoints() > 50, "the score timeline is plotted");
        assertEquals(1, evaluation.shadedEpisodes(), "the labelled bearing fault is shaded");
        assertTrue(evaluation.rocPoints() > 2, "the ROC curve is plotted");
        assertTrue(evaluation.latencyStages().length >= 5, "latency bars per stage: " + List.of(evaluation.latencyStages()));
        assertEquals(decisions, evaluation.decisions().size(), "every decision is listed");
        assertNotNull(evaluation.htmlReport(), "the HTML report is written for the browser");
        assertTrue(project.getFile("models/pdm/reports/recording/report.json").exists(), "the report appears in the workspace");

        int explained = indexOfFirstExplained(evaluation.decisions());
        assertTrue(explained >= 0, "the bearing fault raises alarms with reasons");
        evaluation.selectDecision(explained);
        Ui.settle();
        assertFalse(evaluation.explanation().isEmpty(), "the selected alarm's reasons are shown");
        assertFalse(evaluation.explanationShowsRegions(), "a signal pipeline's reasons are feature bars");
        assertTrue(evaluation.explanation().stream().anyMatch(r -> r.input().startsWith("Vibration.")
                || r.input().contains("Temperature") || r.input().contains("Current")), evaluation.explanation().toString());
        maximizedScreenshot(evaluation, "evaluation.png");

        assertTrue(evaluation.openReport(project.getFile("models/pdm/reports/recording/report.json").getLocation().toFile().toPath()),
                evaluation.statusText());
        assertEquals(String.valueOf(decisions), evaluation.metric("Decisions"), "the report.json read back shows the same metrics");
    }

    @Test
    void aFolderWithoutARecordingIsRefusedByNameAndNoModelIsWritten() throws Exception {
        IFile pipeline = project.getFile("pdm.pipeline");
        Path empty = project.getLocation().toFile().toPath().resolve("not-a-recording");
        Files.createDirectories(empty);
        TrainingView training = (TrainingView) page.showView(FabricaUi.TRAINING_VIEW);
        assertNotNull(training.train(pipeline, empty), training.statusText());
        Ui.waitUntil(() -> !training.isTraining(), 60_000, training::statusText);
        assertEquals(TrainingOutcome.Kind.FAILED, training.lastOutcome().kind());
        assertTrue(training.statusText().contains("dataset.json is missing"), training.statusText());
        MessageDialog dialog = training.errorDialog();
        assertNotNull(dialog, "an error dialog names the problem");
        assertTrue(dialog.getShell().isVisible());
        dialog.close();
        assertNull(training.errorDialog());
        assertFalse(Files.exists(project.getLocation().toFile().toPath().resolve("models/pdm")), "no model folder without a model");
        assertNull(training.train(pipeline, empty.resolve("missing")), "a folder that does not exist is refused before a job starts");
        assertTrue(training.statusText().contains("does not exist"), training.statusText());
    }

    /**
     * Records the simulated demo plant over OPC UA on loopback, off the UI thread (the test pumps events
     * meanwhile).
     */
    private Path recordSimulator(Path dir, Duration duration) throws Exception {
        Enterprise plant = PlantFiles.load(project.getFile("demo.plant").getLocation().toFile().toPath());
        try (SimulatedPlant sim = SimulatedPlant.start(plant,
                new SimulatedPlant.Options("127.0.0.1", freePort(), 42, Scenario.parse(SCENARIO), 0.3))) {
            DeviceDriver driver = Services.get(DeviceDrivers.class).forEndpoint(sim.endpointUrl());
            CompletableFuture<Recorder.Summary> recording = CompletableFuture.supplyAsync(() -> {
                try (DeviceSession session = driver.connect(ConnectionSpec.anonymous(sim.endpointUrl())).get(20, TimeUnit.SECONDS)) {
                    return Recorder.record(session, plant, new Recorder.Options(dir, duration, Duration.ofMillis(100)), p -> {
                    }, () -> false);
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            });
            Ui.waitUntil(recording::isDone, duration.toMillis() + 60_000, () -> "recording " + dir);
            Recorder.Summary summary = recording.join();
            assertTrue(summary.labelled() && summary.windows() > 100, "a labelled recording: " + summary);
        }
        return dir;
    }

    private static int indexOfFirstExplained(List<Decision> decisions) {
        for (int i = 0; i < decisions.size(); i++) {
            if (decisions.get(i).positive() && !decisions.get(i).reasons().isEmpty()) {
                return i;
            }
        }
        return -1;
    }

    private void maximizedScreenshot(IViewPart view, String name) throws Exception {
        var reference = page.getReference(view);
        page.setPartState(reference, IWorkbenchPage.STATE_MAXIMIZED);
        Ui.settle();
        WorkbenchStartupTest.screenshot(page.getWorkbenchWindow().getShell(), name);
        page.setPartState(reference, IWorkbenchPage.STATE_RESTORED);
        Ui.settle();
    }

    private static void closeErrorDialogs() {
        for (var shell : PlatformUI.getWorkbench().getDisplay().getShells()) {
            if (shell != PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell() && !shell.isDisposed() && shell.isVisible()) {
                shell.close();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
