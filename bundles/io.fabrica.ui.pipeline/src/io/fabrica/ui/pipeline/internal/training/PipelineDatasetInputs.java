package io.fabrica.ui.pipeline.internal.training;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

import io.fabrica.ui.FabricaUi;

/**
 * The two inputs of training and evaluation: a pipeline of the workspace (a drop-down of every
 * {@code *.pipeline}, refreshed when opened) and a recorded dataset folder (text field with
 * Browse…). Widgets carry the keys {@code <prefix>.pipeline}, {@code <prefix>.dataset} and
 * {@code <prefix>.browse}. UI thread only.
 */
public final class PipelineDatasetInputs {

    private final Combo pipelineCombo;
    private final Text datasetText;
    private List<IFile> pipelines = List.of();

    /**
     * Creates the inputs as two rows of a three-column grid in the parent.
     *
     * @param parent a composite with a 3-column grid layout (label, field, button)
     * @param prefix the widget key prefix, e.g. {@code "training"}
     */
    public PipelineDatasetInputs(Composite parent, String prefix) {
        new Label(parent, SWT.NONE).setText("Pipeline:");
        pipelineCombo = new Combo(parent, SWT.DROP_DOWN | SWT.READ_ONLY);
        pipelineCombo.setData(FabricaUi.WIDGET_KEY, prefix + ".pipeline");
        pipelineCombo.setToolTipText("The pipeline (*.pipeline in the workspace)");
        GridDataFactory.fillDefaults().grab(true, false).span(2, 1).applyTo(pipelineCombo);
        // the list follows the workspace: new pipelines show up the next time the list drops down
        pipelineCombo.addListener(SWT.MouseDown, e -> reloadKeepingSelection());
        pipelineCombo.addListener(SWT.FocusIn, e -> reloadKeepingSelection());

        new Label(parent, SWT.NONE).setText("Dataset:");
        datasetText = new Text(parent, SWT.BORDER);
        datasetText.setData(FabricaUi.WIDGET_KEY, prefix + ".dataset");
        datasetText.setMessage("a recorded dataset folder (with dataset.json)");
        GridDataFactory.fillDefaults().grab(true, false).applyTo(datasetText);
        Button browse = new Button(parent, SWT.PUSH);
        browse.setText("Browse…");
        browse.setData(FabricaUi.WIDGET_KEY, prefix + ".browse");
        browse.setToolTipText("Choose a recorded dataset folder");
        browse.addListener(SWT.Selection, e -> browse());
        reloadKeepingSelection();
    }

    /** @return a composite laid out for the inputs (3 columns), to be filled by the constructor */
    public static Composite grid(Composite parent) {
        Composite form = new Composite(parent, SWT.NONE);
        GridLayoutFactory.swtDefaults().numColumns(3).applyTo(form);
        return form;
    }

    /** @return the chosen pipeline, or null */
    public IFile pipeline() {
        int index = pipelineCombo.getSelectionIndex();
        return index < 0 || index >= pipelines.size() ? null : pipelines.get(index);
    }

    /** @param file the pipeline to choose (added to the list if it is new); null is ignored */
    public void setPipeline(IFile file) {
        if (file == null) {
            return;
        }
        reloadKeepingSelection();
        int index = pipelines.indexOf(file);
        if (index < 0) {
            return;
        }
        pipelineCombo.select(index);
        if (dataset() == null) {
            setDataset(WorkspacePipelines.datasetNear(file));
        }
    }

    /** @return the dataset folder typed or chosen, or null if the field is empty */
    public Path dataset() {
        String text = datasetText.getText().strip();
        return text.isEmpty() ? null : Path.of(text);
    }

    /** @param folder the dataset folder to show; null is ignored */
    public void setDataset(Path folder) {
        if (folder != null) {
            datasetText.setText(folder.toString());
        }
    }

    /** @return whether the widgets are gone (the view was closed) */
    public boolean isDisposed() {
        return pipelineCombo.isDisposed();
    }

    /** Enables or disables the inputs (while a job runs). */
    public void setEnabled(boolean enabled) {
        pipelineCombo.setEnabled(enabled);
        datasetText.setEnabled(enabled);
    }

    /**
     * Checks a pipeline and a dataset before a job is started for them.
     *
     * @param pipeline the pipeline, or null
     * @param dataset the dataset folder, or null
     * @return null when both are usable, else a sentence naming what is missing
     */
    public static String problem(IFile pipeline, Path dataset) {
        if (pipeline == null || !WorkspacePipelines.isPipeline(pipeline)) {
            return "Choose a pipeline (a *.pipeline file of the workspace).";
        }
        if (!pipeline.exists() || pipeline.getLocation() == null) {
            return "The pipeline " + pipeline.getFullPath().makeRelative() + " does not exist in the workspace.";
        }
        if (dataset == null) {
            return "Choose a recorded dataset folder.";
        }
        if (!Files.isDirectory(dataset)) {
            return "The dataset folder " + dataset + " does not exist.";
        }
        return null;
    }

    private void reloadKeepingSelection() {
        if (pipelineCombo.isDisposed() || pipelineCombo.getListVisible()) {
            return;
        }
        IFile selected = pipeline();
        List<IFile> now = WorkspacePipelines.all();
        if (now.equals(pipelines)) {
            return;
        }
        pipelines = now;
        pipelineCombo.setItems(now.stream().map(f -> f.getFullPath().makeRelative().toString()).toArray(String[]::new));
        int index = selected == null ? -1 : now.indexOf(selected);
        if (index >= 0) {
            pipelineCombo.select(index);
        }
    }

    private void browse() {
        DirectoryDialog dialog = new DirectoryDialog(datasetText.getShell());
        dialog.setText("Recorded Dataset");
        dialog.setMessage("Choose a dataset folder recorded with the device explorer or 'fabrica record'.");
        if (dataset() != null) {
            dialog.setFilterPath(dataset().toString());
        } else if (pipeline() != null && pipeline().getProject().getLocation() != null) {
            dialog.setFilterPath(pipeline().getProject().getLocation().toOSString());
        }
        String chosen = dialog.open();
        if (chosen != null) {
            datasetText.setText(chosen);
        }
    }
}
