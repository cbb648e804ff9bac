package io.fabrica.ui.pipeline.internal.designer;

import io.fabrica.ui.FabricaUi;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.ToolBar;
import java.util.ArrayList;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IAction;
import org.eclipse.jface.action.Separator;
import org.eclipse.jface.action.ToolBarManager;
import org.eclipse.ui.actions.ActionFactory;
import io.fabrica.ui.UndoRedoActions;
import io.fabrica.ui.ViewActions;
import java.util.function.Consumer;
import org.eclipse.ui.IActionBars;

/**
 * The designer's actions: Edit › Undo, Redo, Delete and Select All on the canvas, and the tool bar
 * (zoom, fit, auto layout, ONNX import, the preview toggle).
 */
final class DesignerActions {
    private final DesignerDocument document;
    private final DiagramCanvas canvas;
    private final UndoRedoActions undoRedo;
    private final Action delete;
    private Action previewToggle;

    DesignerActions(IActionBars bars, DesignerDocument document, DiagramCanvas canvas) {
        this.document = document;
        this.canvas = canvas;
        undoRedo = UndoRedoActions.install(bars, document.domain().getCommandStack());
        delete = ViewActions.create("Delete", null, null, canvas::deleteSelection);
        delete.setEnabled(false);
        Action selectAll = ViewActions.create("Select All", null, null,
                () -> canvas.select(new ArrayList<>(document.pipeline().getStages())));
        bars.setGlobalActionHandler(ActionFactory.DELETE.getId(), delete);
        bars.setGlobalActionHandler(ActionFactory.SELECT_ALL.getId(), selectAll);
        undoRedo.update();
        bars.updateActionBars();
    }

    /** @return the tool bar's manager, its control at the top of {@code root} (a one-column grid) */
    static ToolBarManager toolBar(Composite root, String widgetKey) {
        ToolBarManager toolBar = new ToolBarManager(SWT.FLAT | SWT.RIGHT);
        ToolBar bar = toolBar.createControl(root);
        bar.setData(FabricaUi.WIDGET_KEY, widgetKey);
        bar.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        return toolBar;
    }

    /**
     * @param status where the ONNX import reports
     * @param preview turns the preview on or off when the toggle is pressed
     */
    void fillToolBar(ToolBarManager toolBar, Consumer<String> status, Consumer<Boolean> preview) {
        toolBar.add(action("Zoom In", "Zoom in (Ctrl+wheel, Ctrl++)", () -> canvas.zoomTo(canvas.viewport().zoom() * 1.25)));
        toolBar.add(action("Zoom Out", "Zoom out (Ctrl+wheel, Ctrl+-)", () -> canvas.zoomTo(canvas.viewport().zoom() / 1.25)));
        toolBar.add(action("100%", "Actual size", () -> canvas.zoomTo(1)));
        toolBar.add(action("Fit", "Show the whole pipeline", canvas::fit));
        toolBar.add(new Separator());
        toolBar.add(action("Auto Layout", "Arrange the stages left to right in flow order (one undoable step)", canvas::autoLayout));
        toolBar.add(action("Import ONNX model…", "Import an ONNX model made elsewhere into the selected Model stage (checked in ONNX Runtime)",
                () -> ImportModelAction.run(canvas.control().getShell(), document.pipeline(), document.folder(), canvas.selection(),
                        document.domain().getCommandStack(), status)));
        toolBar.add(new Separator());
        previewToggle = new Action("Preview on simulator", IAction.AS_CHECK_BOX) {
            @Override
            public void run() {
                preview.accept(isChecked());
            }
        };
        previewToggle.setToolTipText("Run the pipeline live on the simulated plant and show the latest value on each connection");
        toolBar.add(previewToggle);
        toolBar.update(true);
    }

    private static Action action(String text, String tooltip, Runnable run) {
        return ViewActions.create(text, tooltip, null, run);
    }

    /** After a command: Undo and Redo say what they would do. */
    void commandStackChanged() {
        undoRedo.update();
    }

    void selectionChanged(boolean anySelected) {
        delete.setEnabled(anySelected);
    }

    void previewChecked(boolean on) {
        previewToggle.setChecked(on);
    }
}
