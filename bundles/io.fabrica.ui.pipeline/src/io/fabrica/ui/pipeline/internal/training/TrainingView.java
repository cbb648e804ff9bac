package io.fabrica.ui.pipeline.internal.training;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.preferences.IEclipsePreferences.IPreferenceChangeListener;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IToolBarManager;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Link;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.ISelectionListener;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.dialogs.PreferencesUtil;
import org.eclipse.ui.part.ViewPart;
import org.eclipse.ui.progress.IWorkbenchSiteProgressService;

import io.fabrica.pipeline.djl.training.TrainingOptions;
import io.fabrica.ui.FabricaPreferences;
import io.fabrica.ui.FabricaUi;
import io.fabrica.ui.UiThread;
import io.fabrica.ui.ViewActions;
import io.fabrica.ui.pipeline.internal.evaluation.EvaluationView;

/**
 * The Training view: choose a pipeline and a recorded dataset, see the training options of the
 * preferences, train in the background with a live loss chart, and read the summary (samples, epochs,
 * best validation loss, threshold, time, model folder). The model folder appears in the Project
 * Explorer when training ends; a cancelled or failed training keeps the previous model.
 *
 * <p>Threads: widgets on the UI thread only; the training runs as a {@link TrainingJob}, whose epochs
 * reach the chart in batches (one pending {@code asyncExec} at a time, however fast epochs finish).
 * Errors are shown in the view's status and in a (non-blocking) error dialog naming the problem.
 */
public final class TrainingView extends ViewPart {

    /** The view id (plugin.xml). */
    public static final String ID = FabricaUi.TRAINING_VIEW;

    /** Id of the Fabrica preference page with the training options. */
    static final String PREFERENCE_PAGE = "io.fabrica.ui.preferences";

    private PipelineDatasetInputs inputs;
    private Label optionsSummary;
    private Button trainButton;
    private Button cancelButton;
    private Button evaluateButton;
    private LossChart lossChart;
    private Text status;
    private Action trainAction;
    private Action cancelAction;

    private TrainingJob running;
    private TrainingOutcome lastOutcome;
    private MessageDialog errorDialog;
    private final ConcurrentLinkedQueue<EpochLoss> pendingEpochs = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final IPreferenceChangeListener preferencesChanged = event -> asyncUi(this::showOptions);
    private final ISelectionListener selectionChanged = this::selectionChanged;

    @Override
    public void createPartControl(Composite parent) {
        DjlOffline.ensure();
        GridLayoutFactory.swtDefaults().applyTo(parent);
        Composite form = PipelineDatasetInputs.grid(parent);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(form);
        inputs = new PipelineDatasetInputs(form, "training");
        createOptionsRow(form);
        createButtons(parent);
        createResultArea(parent);
        createToolBar();
        showOptions();
        FabricaPreferences.node().addPreferenceChangeListener(preferencesChanged);
        getSite().getPage().addPostSelectionListener(selectionChanged);
        presetFromWorkbench();
        setStatus("Choose a pipeline and a recorded dataset, then Train.");
    }

    private void createOptionsRow(Composite form) {
        new Label(form, SWT.NONE).setText("Options:");
        optionsSummary = new Label(form, SWT.WRAP);
        optionsSummary.setData(FabricaUi.WIDGET_KEY, "training.options");
        // a width hint lets the wrapping label wrap instead of widening the view
        GridDataFactory.fillDefaults().grab(true, false).hint(100, SWT.DEFAULT).applyTo(optionsSummary);
        Link preferences = new Link(form, SWT.NONE);
        preferences.setText("<a>Preferences…</a>");
        preferences.setToolTipText("Change seed, epochs, patience, batch size and learning rate");
        preferences.setData(FabricaUi.WIDGET_KEY, "training.preferences");
        preferences.addListener(SWT.Selection, e -> PreferencesUtil
                .createPreferenceDialogOn(preferences.getShell(), PREFERENCE_PAGE, new String[] {PREFERENCE_PAGE}, null).open());
    }

    private void createButtons(Composite parent) {
        Composite row = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(3).applyTo(row);
        trainButton = ViewActions.button(row, "Train", "training.train", "Train the pipeline's model on the dataset");
        trainButton.addListener(SWT.Selection, e -> train(inputs.pipeline(), inputs.dataset()));
        cancelButton = ViewActions.button(row, "Cancel", "training.cancel", "Stop the training; the previous model is kept");
        cancelButton.addListener(SWT.Selection, e -> cancel());
        evaluateButton = ViewActions.button(row, "Evaluate…", "training.evaluate", "Evaluate the trained pipeline in the Evaluation view");
        evaluateButton.addListener(SWT.Selection, e -> evaluateTrained());
        updateEnablement();
    }

    private void createResultArea(Composite parent) {
        SashForm sash = new SashForm(parent, SWT.HORIZONTAL);
        GridDataFactory.fillDefaults().grab(true, true).hint(SWT.DEFAULT, 220).applyTo(sash);
        lossChart = new LossChart(sash, "training.loss");
        status = new Text(sash, SWT.MULTI | SWT.READ_ONLY | SWT.WRAP | SWT.V_SCROLL | SWT.BORDER);
        status.setData(FabricaUi.WIDGET_KEY, "training.status");
        sash.setWeights(65, 35);
    }

    private void createToolBar() {
        trainAction = ViewActions.create("Train", "Train the chosen pipeline on the chosen dataset", ISharedImages.IMG_TOOL_FORWARD,
                () -> train(inputs.pipeline(), inputs.dataset()));
        cancelAction = ViewActions.create("Cancel Training", "Stop the training; the previous model is kept", ISharedImages.IMG_ELCL_STOP,
                () -> cancel());
        IToolBarManager toolBar = getViewSite().getActionBars().getToolBarManager();
        toolBar.add(trainAction);
        toolBar.add(cancelAction);
        updateEnablement();
    }

    /**
     * Trains a pipeline on a dataset with the options of the preferences, as the Train button does.
     *
     * @param pipeline the pipeline file
     * @param dataset the dataset folder
     * @return the scheduled job, or null when a training is running or an input is missing (the status says which)
     */
    public Job train(IFile pipeline, Path dataset) {
        if (running != null) {
            setStatus("A training is running; cancel it first.");
            return null;
        }
        inputs.setPipeline(pipeline);
        inputs.setDataset(dataset);
        String problem = PipelineDatasetInputs.problem(pipeline, dataset);
        if (problem != null) {
            setStatus(problem);
            return null;
        }
        TrainingOptions options = FabricaPreferences.trainingOptions();
        lossChart.clear();
        pendingEpochs.clear();
        lastOutcome = null;
        running = new TrainingJob(pipeline, dataset, options, this::epochFinished, outcome -> asyncUi(() -> finished(outcome)));
        setStatus("Training " + pipeline.getName() + " on " + dataset + " (" + describe(options) + ")…");
        updateEnablement();
        IWorkbenchSiteProgressService progress = getSite().getService(IWorkbenchSiteProgressService.class);
        if (progress != null) {
            progress.schedule(running); // the view's tab shows it is busy
        } else {
            running.schedule();
        }
        return running;
    }

    /** Cancels the running training, if any. */
    public void cancel() {
        if (running != null) {
            running.cancel();
            setStatus("Cancelling after the current batch…");
        }
    }

    /** Job thread: queue the epoch and make sure one UI update is pending. */
    private void epochFinished(EpochLoss loss) {
        pendingEpochs.add(loss);
        if (flushScheduled.compareAndSet(false, true)) {
            asyncUi(this::flushEpochs);
        }
    }

    private void flushEpochs() {
        flushScheduled.set(false);
        List<EpochLoss> batch = new ArrayList<>();
        for (EpochLoss e; (e = pendingEpochs.poll()) != null;) {
            batch.add(e);
        }
        if (!batch.isEmpty()) {
            lossChart.add(batch);
            if (running != null) {
                setStatus("Training " + running.getName().replaceFirst("^Training ", "") + ": " + batch.get(batch.size() - 1).describe());
            }
        }
    }

    private void finished(TrainingOutcome outcome) {
        flushEpochs();
        running = null;
        lastOutcome = outcome;
        setStatus(outcome.describe());
        updateEnablement();
        if (outcome.kind() == TrainingOutcome.Kind.FAILED) {
            showError(outcome.describe());
        }
    }

    private void showError(String message) {
        if (errorDialog != null && errorDialog.getShell() != null && !errorDialog.getShell().isDisposed()) {
            errorDialog.close();
        }
        // not blocking: the workbench (and a test driving it) keeps running while the dialog is open
        errorDialog = new MessageDialog(getSite().getShell(), "Training Failed", null, message, MessageDialog.ERROR, 0,
                IDialogConstants.OK_LABEL);
        errorDialog.setBlockOnOpen(false);
        errorDialog.open();
    }

    private void evaluateTrained() {
        if (lastOutcome == null || lastOutcome.trainedPipeline() == null) {
            return;
        }
        try {
            EvaluationView view = (EvaluationView) getSite().getPage().showView(EvaluationView.ID);
            view.preset(lastOutcome.trainedPipeline(), inputs.dataset());
        } catch (PartInitException e) {
            setStatus("The Evaluation view cannot be opened: " + e.getMessage());
        }
    }

    private void showOptions() {
        if (optionsSummary != null && !optionsSummary.isDisposed()) {
            optionsSummary.setText(describe(FabricaPreferences.trainingOptions()));
            optionsSummary.getParent().layout();
        }
    }

    /** @return the options in one line, e.g. {@code seed 42 · at most 200 epochs · patience 15 · …} */
    static String describe(TrainingOptions o) {
        return String.format(Locale.ROOT, "seed %d · at most %d epochs · patience %d · batch %d · learning rate %s · last %d %% validates",
                o.seed(), o.maxEpochs(), o.patience(), o.batchSize(), Float.toString(o.learningRate()),
                Math.round(o.validationFraction() * 100));
    }

    private void selectionChanged(IWorkbenchPart part, org.eclipse.jface.viewers.ISelection selection) {
        if (part != this && running == null && !inputs.isDisposed()) {
            IFile file = WorkspacePipelines.of(selection);
            if (file != null) {
                inputs.setPipeline(file);
            }
        }
    }

    private void presetFromWorkbench() {
        IEditorPart editor = getSite().getPage().getActiveEditor();
        IFile file = editor == null ? null : WorkspacePipelines.of(editor.getEditorInput());
        if (file == null) {
            file = WorkspacePipelines.of(getSite().getPage().getSelection());
        }
        inputs.setPipeline(file);
    }

    private void updateEnablement() {
        boolean idle = running == null;
        if (trainButton != null && !trainButton.isDisposed()) {
            trainButton.setEnabled(idle);
            cancelButton.setEnabled(!idle);
            evaluateButton.setEnabled(idle && lastOutcome != null && lastOutcome.kind() == TrainingOutcome.Kind.TRAINED);
            inputs.setEnabled(idle);
        }
        if (trainAction != null) {
            trainAction.setEnabled(idle);
            cancelAction.setEnabled(!idle);
        }
    }

    private void setStatus(String text) {
        if (status != null && !status.isDisposed()) {
            status.setText(text);
        }
    }

    private void asyncUi(Runnable work) {
        UiThread.whileAlive(status, work);
    }

    /** @return the loss chart (tests read its series) */
    public LossChart lossChart() {
        return lossChart;
    }

    /** @return the training losses plotted so far, one per finished epoch */
    public double[] trainingLosses() {
        return lossChart.trainingSeries();
    }

    /** @return the validation losses plotted so far, one per finished epoch */
    public double[] validationLosses() {
        return lossChart.validationSeries();
    }

    /** @return the status text: progress, summary, cancellation or problem */
    public String statusText() {
        return status.getText();
    }

    /** @return how the last training ended, or null while none has */
    public TrainingOutcome lastOutcome() {
        return lastOutcome;
    }

    /** @return whether a training job is running */
    public boolean isTraining() {
        return running != null;
    }

    /** @return the error dialog of the last failure if it is still open, else null */
    public MessageDialog errorDialog() {
        return errorDialog != null && errorDialog.getShell() != null && !errorDialog.getShell().isDisposed() ? errorDialog : null;
    }

    @Override
    public void setFocus() {
        trainButton.setFocus();
    }

    @Override
    public void dispose() {
        getSite().getPage().removePostSelectionListener(selectionChanged);
        FabricaPreferences.node().removePreferenceChangeListener(preferencesChanged);
        if (running != null) {
            running.cancel(); // nobody would see its result; the previous model is kept
        }
        super.dispose();
    }
}
