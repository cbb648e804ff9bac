package io.fabrica.ui.pipeline.internal.evaluation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IToolBarManager;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CTabFolder;
import org.eclipse.swt.custom.CTabItem;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.part.ViewPart;
import org.eclipse.ui.progress.IWorkbenchSiteProgressService;

import io.fabrica.pipeline.api.Decision;
import io.fabrica.pipeline.api.Reason;
import io.fabrica.pipeline.evaluation.InspectionMetrics;
import io.fabrica.pipeline.evaluation.ReportWriter;
import io.fabrica.ui.FabricaUi;
import io.fabrica.ui.UiThread;
import io.fabrica.ui.ViewActions;
import io.fabrica.ui.pipeline.internal.training.DjlOffline;
import io.fabrica.ui.pipeline.internal.training.PipelineDatasetInputs;
import io.fabrica.ui.pipeline.internal.training.WorkspacePipelines;

/**
 * The Evaluation view: evaluate a trained pipeline on a labelled dataset (in the background, as {@code
 * fabrica evaluate --report}) or open a {@code report.json}, and read the result: the metrics table
 * beside tabs with the score over time (threshold, alarms, fault episodes), the ROC curve, the latency
 * per stage, the confusion matrix, and the decisions with the explanation of the selected one (feature
 * bars, or a region heat map for image pipelines). "Open in Browser" shows the HTML report.
 *
 * <p>Threads: widgets on the UI thread only; the evaluation runs as an {@link EvaluationJob} and its
 * result reaches the widgets through {@code asyncExec}. Problems appear in the status line and a
 * non-blocking error dialog.
 */
public final class EvaluationView extends ViewPart {

    /** The view id (plugin.xml). */
    public static final String ID = FabricaUi.EVALUATION_VIEW;

    private PipelineDatasetInputs inputs;
    private Button evaluateButton;
    private Button cancelButton;
    private Button browserButton;
    private Label status;
    private MetricsTable metrics;
    private CTabFolder tabs;
    private ScoreTimelineChart scoreChart;
    private RocCurveChart rocChart;
    private LatencyBarChart latencyChart;
    private ConfusionMatrixCanvas confusion;
    private DecisionTable decisionTable;
    private ExplanationCanvas explanation;
    private Action evaluateAction;
    private Action browserAction;

    private EvaluationJob running;
    private EvaluationResult result;
    private MessageDialog errorDialog;

    @Override
    public void createPartControl(Composite parent) {
        DjlOffline.ensure();
        GridLayoutFactory.swtDefaults().applyTo(parent);
        Composite form = PipelineDatasetInputs.grid(parent);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(form);
        inputs = new PipelineDatasetInputs(form, "evaluation");
        createButtons(parent);
        status = new Label(parent, SWT.WRAP);
        status.setData(FabricaUi.WIDGET_KEY, "evaluation.status");
        GridDataFactory.fillDefaults().grab(true, false).hint(100, SWT.DEFAULT).applyTo(status);
        createResultArea(parent);
        createToolBar();
        presetFromWorkbench();
        setStatus("Choose a trained pipeline and a labelled dataset, then Evaluate; or open a report.json.");
        updateEnablement();
    }

    private void createButtons(Composite parent) {
        Composite row = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(4).applyTo(row);
        evaluateButton = ViewActions.button(row, "Evaluate", "evaluation.evaluate", "Run the pipeline over the dataset and compare with the ground truth");
        evaluateButton.addListener(SWT.Selection, e -> evaluate(inputs.pipeline(), inputs.dataset()));
        cancelButton = ViewActions.button(row, "Cancel", "evaluation.cancel", "Stop the evaluation");
        cancelButton.addListener(SWT.Selection, e -> {
            if (running != null) {
                running.cancel();
            }
        });
        Button open = ViewActions.button(row, "Open Report…", "evaluation.openReport", "Show a report.json written by an evaluation");
        open.addListener(SWT.Selection, e -> chooseReport());
        browserButton = ViewActions.button(row, "Open in Browser", "evaluation.browser", "Show the HTML report with its charts in a browser");
        browserButton.addListener(SWT.Selection, e -> openInBrowser());
    }

    private void createResultArea(Composite parent) {
        SashForm sash = new SashForm(parent, SWT.HORIZONTAL);
        GridDataFactory.fillDefaults().grab(true, true).hint(SWT.DEFAULT, 260).applyTo(sash);
        metrics = new MetricsTable(sash);
        tabs = new CTabFolder(sash, SWT.BORDER | SWT.BOTTOM);
        tabs.setData(FabricaUi.WIDGET_KEY, "evaluation.tabs");
        scoreChart = new ScoreTimelineChart(tabs);
        tab("Score over Time", scoreChart.control());
        rocChart = new RocCurveChart(tabs);
        tab("ROC Curve", rocChart.control());
        latencyChart = new LatencyBarChart(tabs);
        tab("Latency", latencyChart.control());
        confusion = new ConfusionMatrixCanvas(tabs);
        tab("Confusion Matrix", confusion.control());
        SashForm decisions = new SashForm(tabs, SWT.HORIZONTAL);
        decisionTable = new DecisionTable(decisions, d -> explanation.show(d, heatmapOf(d)));
        explanation = new ExplanationCanvas(decisions);
        decisions.setWeights(55, 45);
        tab("Decisions", decisions);
        tabs.setSelection(0);
        sash.setWeights(25, 75);
    }

    private void tab(String title, Control content) {
        CTabItem item = new CTabItem(tabs, SWT.NONE);
        item.setText(title);
        item.setControl(content);
    }

    private void createToolBar() {
        evaluateAction = ViewActions.create("Evaluate", "Evaluate the chosen pipeline on the chosen dataset", ISharedImages.IMG_TOOL_FORWARD,
                () -> evaluate(inputs.pipeline(), inputs.dataset()));
        Action openAction = ViewActions.create("Open Report…", "Show a report.json written by an evaluation", ISharedImages.IMG_OBJ_FOLDER,
                () -> chooseReport());
        browserAction = ViewActions.create("Open in Browser", "Show the HTML report with its charts in a browser", ISharedImages.IMG_OBJ_FILE,
                () -> openInBrowser());
        IToolBarManager toolBar = getViewSite().getActionBars().getToolBarManager();
        toolBar.add(evaluateAction);
        toolBar.add(openAction);
        toolBar.add(browserAction);
    }

    /**
     * Presets the inputs (the Training view does after a training).
     *
     * @param pipeline the pipeline to evaluate, or null to keep the current one
     * @param dataset the dataset, or null to keep the current one
     */
    public void preset(IFile pipeline, Path dataset) {
        inputs.setDataset(dataset);
        inputs.setPipeline(pipeline);
    }

    /**
     * Evaluates a pipeline on a dataset, as the Evaluate button does.
     *
     * @param pipeline a trained pipeline of the workspace
     * @param dataset a labelled dataset folder
     * @return the scheduled job, or null when one is running or an input is missing (the status says which)
     */
    public Job evaluate(IFile pipeline, Path dataset) {
        if (running != null) {
            setStatus("An evaluation is running; cancel it first.");
            return null;
        }
        preset(pipeline, dataset);
        String problem = PipelineDatasetInputs.problem(pipeline, dataset);
        if (problem != null) {
            setStatus(problem);
            return null;
        }
        running = new EvaluationJob(pipeline, dataset, outcome -> UiThread.whileAlive(status, () -> finished(outcome)));
        setStatus("Evaluating " + pipeline.getName() + " on " + dataset + "…");
        updateEnablement();
        IWorkbenchSiteProgressService progress = getSite().getService(IWorkbenchSiteProgressService.class);
        if (progress != null) {
            progress.schedule(running);
        } else {
            running.schedule();
        }
        return running;
    }

    private void finished(EvaluationJob.Outcome outcome) {
        running = null;
        if (outcome.result() != null) {
            show(outcome.result());
        } else if (outcome.cancelled()) {
            setStatus("Evaluation cancelled.");
        } else {
            setStatus("Evaluation failed: " + outcome.message());
            showError("Evaluation Failed", outcome.message());
        }
        updateEnablement();
    }

    /**
     * Shows a {@code report.json} (metrics and charts; no decisions: the file does not hold them).
     *
     * @param reportJson the file
     * @return whether it could be read (if not, the status and an error dialog say why)
     */
    public boolean openReport(Path reportJson) {
        try {
            show(new EvaluationResult(ReportJson.read(reportJson), List.of(), 0, null, reportJson.toAbsolutePath().getParent(), null));
            return true;
        } catch (IOException e) {
            setStatus("Cannot open the report: " + e.getMessage());
            showError("Cannot Open Report", e.getMessage());
            return false;
        }
    }

    private void show(EvaluationResult shown) {
        result = shown;
        metrics.show(shown.report(), shown.inspection());
        scoreChart.show(shown.report());
        rocChart.show(shown.report());
        latencyChart.show(shown.report());
        confusion.show(shown.report().confusionLabels(), shown.report().confusion());
        decisionTable.show(shown.decisions());
        explanation.show(null, null);
        setStatus(EvaluationReports.describe(shown));
        updateEnablement();
    }

    private InspectionMetrics.Shown heatmapOf(Decision d) {
        return d == null || result == null || result.inspection() == null ? null : result.inspection().heatmapAt(d.timeMillis());
    }

    private void chooseReport() {
        Path chosen = EvaluationReports.choose(getSite().getShell(), inputs.pipeline());
        if (chosen != null) {
            openReport(chosen);
        }
    }

    private void openInBrowser() {
        Path html = htmlReport();
        if (html == null) {
            setStatus("No HTML report: evaluate first (the report is written to reports/<dataset> beside the pipeline).");
            return;
        }
        String problem = EvaluationReports.browse(html);
        if (problem != null) {
            setStatus(problem);
        }
    }

    /** @return the HTML report of the result shown, or null if there is none on disk */
    public Path htmlReport() {
        if (result == null || result.reportDir() == null) {
            return null;
        }
        Path html = result.reportDir().resolve(ReportWriter.HTML_FILE);
        return Files.isRegularFile(html) ? html : null;
    }

    private void showError(String title, String message) {
        if (errorDialog() != null) {
            errorDialog.close();
        }
        // not blocking: the workbench (and a test driving it) keeps running while the dialog is open
        errorDialog = new MessageDialog(getSite().getShell(), title, null, message, MessageDialog.ERROR, 0, IDialogConstants.OK_LABEL);
        errorDialog.setBlockOnOpen(false);
        errorDialog.open();
    }

    private void presetFromWorkbench() {
        var editor = getSite().getPage().getActiveEditor();
        IFile file = editor == null ? null : WorkspacePipelines.of(editor.getEditorInput());
        inputs.setPipeline(file != null ? file : WorkspacePipelines.of(getSite().getPage().getSelection()));
    }

    private void updateEnablement() {
        boolean idle = running == null;
        evaluateButton.setEnabled(idle);
        cancelButton.setEnabled(!idle);
        inputs.setEnabled(idle);
        browserButton.setEnabled(htmlReport() != null);
        if (evaluateAction != null) {
            evaluateAction.setEnabled(idle);
            browserAction.setEnabled(htmlReport() != null);
        }
    }

    private void setStatus(String text) {
        if (status != null && !status.isDisposed()) {
            status.setText(text);
            status.getParent().layout();
        }
    }

    // --- for tests ---

    /** @return the result shown, or null */
    public EvaluationResult result() {
        return result;
    }

    /** @return whether an evaluation job is running */
    public boolean isEvaluating() {
        return running != null;
    }

    /** @return the status line */
    public String statusText() {
        return status.getText();
    }

    /**
     * @param name a metric as named in the table, e.g. {@code "F1"}
     * @return its value text, or null if the table has no such row
     */
    public String metric(String name) {
        return metrics.value(name);
    }

    /** @return how many rows the metrics table has */
    public int metricRows() {
        return metrics.control().getItemCount();
    }

    /** @return how many score points the timeline chart plots */
    public int scorePoints() {
        return scoreChart.points();
    }

    /** @return how many fault episodes the timeline shades */
    public int shadedEpisodes() {
        return scoreChart.episodes();
    }

    /** @return how many points the ROC curve has */
    public int rocPoints() {
        return rocChart.points();
    }

    /** @return the stages of the latency chart */
    public String[] latencyStages() {
        return latencyChart.stages();
    }

    /** @return the decisions listed */
    public List<Decision> decisions() {
        return decisionTable.decisions();
    }

    /**
     * Shows the Decisions tab and selects a decision as a click does.
     *
     * @param index the row
     */
    public void selectDecision(int index) {
        tabs.setSelection(tabs.getItemCount() - 1);
        decisionTable.select(index);
    }

    /** @return the reasons the explanation shows, largest first */
    public List<Reason> explanation() {
        return explanation.reasons();
    }

    /** @return whether the explanation shows the decided image with its anomaly map */
    public boolean explanationShowsHeatmap() {
        return explanation.showsHeatmap();
    }

    /** @return whether the explanation shows an image region heat map (else feature bars) */
    public boolean explanationShowsRegions() {
        return explanation.showsRegions();
    }

    /** @return the error dialog of the last problem if it is still open, else null */
    public MessageDialog errorDialog() {
        return errorDialog != null && errorDialog.getShell() != null && !errorDialog.getShell().isDisposed() ? errorDialog : null;
    }

    @Override
    public void setFocus() {
        evaluateButton.setFocus();
    }

    @Override
    public void dispose() {
        if (running != null) {
            running.cancel();
        }
        super.dispose();
    }
}
