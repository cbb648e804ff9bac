package io.fabrica.ui.pipeline.internal.designer;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.emf.common.command.CommandStack;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.jface.dialogs.InputDialog;
import org.eclipse.jface.window.Window;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Shell;

import io.fabrica.pipeline.ModelStage;
import io.fabrica.pipeline.Pipeline;
import io.fabrica.pipeline.api.InferenceEngine;
import io.fabrica.pipeline.djl.DjlEngines;
import io.fabrica.pipeline.djl.imports.ImportOptions;
import io.fabrica.pipeline.djl.imports.ModelImport;
import io.fabrica.ui.Services;

/**
 * "Import ONNX model…" in the pipeline designer: the same headless import as {@code fabrica import-model}
 * ({@link ModelImport}), into the selected Model stage (or the only one). The checks and the copy run as a
 * job; the pipeline change is executed on the editor's command stack, so it is undoable and the editor
 * becomes dirty (saving writes the pipeline). A refusal is shown with its one-line reason.
 */
final class ImportModelAction {

    /** Job family of model imports (tests wait for it). */
    static final Object FAMILY = ImportModelAction.class;

    private ImportModelAction() {
    }

    /** Asks for the file and the labels, then imports in a job. */
    static void run(Shell shell, Pipeline pipeline, Path pipelineDir, List<EObject> selection, CommandStack stack, Consumer<String> status) {
        FileDialog files = new FileDialog(shell, SWT.OPEN);
        files.setText("Import ONNX model");
        files.setFilterExtensions(new String[] {"*.onnx", "*"});
        String chosen = files.open();
        if (chosen == null) {
            return;
        }
        InputDialog labels = new InputDialog(shell, "Import ONNX model", "Class labels, comma-separated (empty: keep the decision's classes)", "",
                null);
        if (labels.open() != Window.OK) {
            return;
        }
        String stage = selection.size() == 1 && selection.get(0) instanceof ModelStage m ? m.getName() : null;
        ImportOptions options = new ImportOptions(stage, Arrays.stream(labels.getValue().split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .toList(), null, null);
        start(shell.getDisplay(), Path.of(chosen), pipeline, pipelineDir, options, stack, status);
    }

    /**
     * Imports in a job and applies the change on the display thread.
     *
     * @return the job, scheduled
     */
    static Job start(Display display, Path onnx, Pipeline pipeline, Path pipelineDir, ImportOptions options, CommandStack stack,
            Consumer<String> status) {
        Job job = new Job("Import ONNX model " + onnx.getFileName()) {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                try {
                    ModelImport.Prepared prepared = ModelImport.prepare(engine(), onnx, pipeline, pipelineDir, options, line -> { });
                    display.syncExec(() -> apply(prepared, stack, status));
                } catch (Exception e) {
                    display.asyncExec(() -> status.accept("Import refused: " + e.getMessage()));
                }
                return Status.OK_STATUS;
            }

            @Override
            public boolean belongsTo(Object family) {
                return family == FAMILY;
            }
        };
        job.setUser(true);
        job.schedule();
        return job;
    }

    private static void apply(ModelImport.Prepared prepared, CommandStack stack, Consumer<String> status) {
        try {
            prepared.commit();
            stack.execute(prepared.command());
            status.accept("Imported " + prepared.card().onnxFile() + " into " + prepared.modelDir() + "; save the pipeline to keep it");
        } catch (java.io.IOException e) {
            status.accept("Import failed: " + e.getMessage());
        } finally {
            prepared.discard();
        }
    }

    private static InferenceEngine engine() throws io.fabrica.pipeline.api.PipelineException {
        return Services.all(InferenceEngine.class).stream().filter(e -> e.name().equals(DjlEngines.ONNX_RUNTIME)).findFirst()
                .orElseThrow(() -> new io.fabrica.pipeline.api.PipelineException("the ONNX Runtime inference engine is not installed"));
    }
}
