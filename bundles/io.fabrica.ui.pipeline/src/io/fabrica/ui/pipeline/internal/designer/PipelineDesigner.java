package io.fabrica.ui.pipeline.internal.designer;

import java.nio.file.Path;
import java.util.EventObject;
import java.util.List;
import java.util.Map;

import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.emf.common.command.BasicCommandStack;
import org.eclipse.emf.common.command.CommandStackListener;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.edit.domain.AdapterFactoryEditingDomain;
import org.eclipse.jface.action.ToolBarManager;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IEditorSite;
import org.eclipse.ui.IFileEditorInput;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.ide.IGotoMarker;
import org.eclipse.ui.part.EditorPart;

import io.fabrica.model.edit.validation.Problem;
import io.fabrica.model.resource.PlantFileException;
import io.fabrica.pipeline.Connection;
import io.fabrica.pipeline.Pipeline;
import io.fabrica.pipeline.Port;
import io.fabrica.pipeline.Stage;
import io.fabrica.ui.FabricaUi;

/**
 * The graphical Pipeline Designer for {@code *.pipeline} files: a palette of stage kinds, the diagram
 * canvas (stages, ports, connections; select, move, connect, delete, zoom, pan, auto-layout) and a
 * properties panel. The file is loaded into an EMF resource in an {@link AdapterFactoryEditingDomain};
 * every change is a command on its {@link BasicCommandStack}, so Edit › Undo/Redo, the dirty star and
 * Save work as in the plant editor (Save writes a temporary file and moves it into place). After each
 * change (debounced) and on save the pipeline is validated: problems become markers of type
 * {@value ValidationMarkers#MARKER} that jump back to their stage, and red outlines with tooltips on the
 * canvas. "Preview on simulator" runs the pipeline live on the simulated plant and shows the latest
 * value on every connection.
 *
 * <p>The methods after "test API" let UI tests drive the editor the way the mouse does. UI thread only.
 */
public final class PipelineDesigner extends EditorPart implements IGotoMarker {

    /** The editor id (plugin.xml). */
    public static final String ID = FabricaUi.PIPELINE_DESIGNER;
    /** Marker type of pipeline validation problems. */
    public static final String MARKER = ValidationMarkers.MARKER;
    /** Marker attribute naming the id of the stage a problem belongs to. */
    public static final String STAGE_ID = ValidationMarkers.STAGE_ID;
    /** Widget key of the designer's tool bar. */
    public static final String TOOLBAR_KEY = "designer.toolbar";

    private static final int VALIDATION_DELAY_MS = 400;

    private DesignerDocument document;
    private AdapterFactoryEditingDomain domain;
    private Pipeline pipeline;
    private List<StageKind> kinds;
    private DiagramCanvas canvas;
    private Palette palette;
    private StagePropertiesPanel properties;
    private DesignerActions actions;
    private DesignerPreview preview;
    private String status;
    private final CommandStackListener stackListener = this::commandStackChanged;
    private final Runnable validation = this::validateNow;

    @Override
    public void init(IEditorSite site, IEditorInput input) throws PartInitException {
        setSite(site);
        setInput(input);
        document = DesignerDocument.open(input);
        domain = document.domain();
        pipeline = document.pipeline();
        domain.getCommandStack().addCommandStackListener(stackListener);
    }

    @Override
    public void createPartControl(Composite parent) {
        kinds = StageKinds.available(this::status);
        Composite root = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().spacing(0, 0).applyTo(root);
        ToolBarManager toolBar = DesignerActions.toolBar(root, TOOLBAR_KEY);
        SashForm sash = new SashForm(root, SWT.HORIZONTAL);
        sash.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        palette = new Palette(sash, kinds, this::arm, this::placeInView);
        canvas = new DiagramCanvas(sash, domain, pipeline, id -> StageKinds.find(kinds, id), this::status);
        properties = new StagePropertiesPanel(sash, domain, document.folder(), this::status);
        sash.setWeights(17, 61, 22);
        canvas.addSelectionListener(sel -> {
            properties.show(sel.size() == 1 ? sel.get(0) : null);
            actions.selectionChanged(!sel.isEmpty());
        });
        properties.show(null);
        getSite().setSelectionProvider(new DesignerSelectionProvider(canvas));
        actions = new DesignerActions(getEditorSite().getActionBars(), document, canvas);
        actions.fillToolBar(toolBar, this::status, this::preview);
        preview = new DesignerPreview(canvas, document, this::status);
        canvas.control().getDisplay().asyncExec(() -> {
            if (!canvas.control().isDisposed()) {
                canvas.fitReadable();
            }
        });
        validateNow();
    }

    private void arm(StageKind kind) {
        canvas.arm(kind);
        canvas.control().redraw();
    }

    private void placeInView(StageKind kind) {
        Rectangle client = canvas.control().getClientArea();
        canvas.arm(null);
        palette.clearSelection();
        canvas.place(kind, canvas.viewport().toModel(client.width / 2, client.height / 2));
    }

    // ---- command stack, dirty state, validation

    private void commandStackChanged(EventObject event) {
        Display display = canvas == null ? null : canvas.control().getDisplay();
        if (display == null || display.isDisposed()) {
            return;
        }
        // the listener may be called during a command; the views are refreshed once it is done
        display.asyncExec(() -> {
            if (!canvas.control().isDisposed()) {
                canvas.modelChanged();
                properties.refresh();
                actions.commandStackChanged();
                firePropertyChange(PROP_DIRTY);
                display.timerExec(VALIDATION_DELAY_MS, validation);
            }
        });
    }

    /** Validates now: outlines on the canvas and markers on the file. */
    void validateNow() {
        if (canvas == null || canvas.control().isDisposed()) {
            return;
        }
        List<Problem> problems = ValidationMarkers.validate(pipeline);
        canvas.problems(ValidationMarkers.byStage(problems));
        if (getEditorInput() instanceof IFileEditorInput input) {
            try {
                ValidationMarkers.mark(input.getFile(), problems);
            } catch (CoreException e) {
                status("cannot show the validation problems: " + e.getMessage());
            }
        }
    }

    private void status(String message) {
        status = message;
        getEditorSite().getActionBars().getStatusLineManager().setErrorMessage(message);
    }

    // ---- save

    @Override
    public void doSave(IProgressMonitor monitor) {
        try {
            document.save();
            if (getEditorInput() instanceof IFileEditorInput input) {
                try {
                    input.getFile().refreshLocal(IResource.DEPTH_ZERO, monitor);
                } catch (CoreException e) {
                    // the file is written; the workspace will notice it on its next refresh
                }
            }
            firePropertyChange(PROP_DIRTY);
            validateNow();
            status(null);
        } catch (PlantFileException e) {
            status(e.getMessage());
        }
    }

    @Override
    public void doSaveAs() {
        // saving in place is what users need first; Save As would need a new resource URI
    }

    @Override
    public boolean isSaveAsAllowed() {
        return false;
    }

    @Override
    public boolean isDirty() {
        return document != null && document.isDirty();
    }

    // ---- markers

    @Override
    public void gotoMarker(IMarker marker) {
        Stage stage = document.stageById(marker.getAttribute(STAGE_ID, null));
        if (stage == null) {
            String elementId = marker.getAttribute(ValidationMarkers.ELEMENT_ID, null);
            EObject element = elementId == null || pipeline.eResource() == null ? null : pipeline.eResource().getEObject(elementId);
            stage = ValidationMarkers.stageOf(element);
        }
        if (stage != null) {
            canvas.select(List.of(stage));
            canvas.reveal(stage);
        }
    }

    // ---- preview

    private void preview(boolean on) {
        if (preview.set(on)) {
            actions.previewChecked(false);
        }
    }

    @Override
    public void setFocus() {
        canvas.control().setFocus();
    }

    @Override
    public void dispose() {
        if (preview != null) {
            preview.stop();
        }
        if (document != null) {
            domain.getCommandStack().removeCommandStackListener(stackListener);
            document.dispose();
        }
        super.dispose();
    }

    // ---- test API (and for other views)

    /** @return the editing domain */
    public AdapterFactoryEditingDomain domain() {
        return domain;
    }

    /** @return the edited pipeline */
    public Pipeline pipeline() {
        return pipeline;
    }

    /** @return the stages in model order */
    public List<Stage> stages() {
        return List.copyOf(pipeline.getStages());
    }

    /** @return the stage with this name, or {@code null} */
    public Stage stage(String name) {
        return document.stage(name);
    }

    /** @return a stage's box in canvas pixels (zoom and scrolling applied) */
    public Rectangle figureBounds(Stage stage) {
        return canvas.screenBounds(stage);
    }

    /** @return the centre of a port's dot in canvas pixels */
    public Point portLocation(Port port) {
        return canvas.screenAnchor(port);
    }

    /** @return the port of a stage by name, or {@code null} */
    public Port port(String stageName, String portName) {
        return document.port(stageName, portName);
    }

    /**
     * Connects two ports by name, exactly as a drag from the output to the input does.
     *
     * @return why the connection was refused (also shown in the status line), or {@code null} when it was made
     */
    public String connect(String fromStage, String fromPort, String toStage, String toPort) {
        Port from = port(fromStage, fromPort);
        Port to = port(toStage, toPort);
        if (from == null || to == null) {
            return "no port " + (from == null ? fromStage + "/" + fromPort : toStage + "/" + toPort);
        }
        return canvas.connect(from, to);
    }

    /**
     * Places a stage as a click with an armed palette entry does.
     *
     * @param kindId a palette id ("window", "features", "signal-source", ...)
     * @param modelCentre where its centre goes, in model coordinates
     * @return the new stage
     */
    public Stage placeStage(String kindId, Point modelCentre) {
        StageKind k = StageKinds.find(kinds, kindId);
        if (k == null) {
            throw new IllegalArgumentException("no palette entry " + kindId);
        }
        return canvas.place(k, modelCentre);
    }

    /** @return the palette ids, in palette order */
    public List<String> paletteIds() {
        return kinds.stream().map(StageKind::id).toList();
    }

    /** Selects stages and connections. */
    public void select(EObject... elements) {
        canvas.select(List.of(elements));
    }

    /**
     * Imports an ONNX model as the toolbar's "Import ONNX model…" does, without its dialogs.
     *
     * @param onnx the model file
     * @param options the stage, labels, input and output to use
     * @return the import job, scheduled; the change is on the command stack when it is done
     */
    public org.eclipse.core.runtime.jobs.Job importModel(Path onnx, io.fabrica.pipeline.djl.imports.ImportOptions options) {
        return ImportModelAction.start(canvas.control().getDisplay(), onnx, pipeline, document.folder(), options,
                domain.getCommandStack(), this::status);
    }

    /** @return the selected stages and connections */
    public List<EObject> selection() {
        return canvas.selection();
    }

    /** Lays the pipeline out (one command). */
    public void autoLayout() {
        canvas.autoLayout();
    }

    /** Sets the zoom factor around the centre of the view. */
    public void zoom(double factor) {
        canvas.zoomTo(factor);
    }

    /** @return the zoom factor */
    public double zoom() {
        return canvas.viewport().zoom();
    }

    /** @return the drawing surface (post mouse events to it) */
    public org.eclipse.swt.widgets.Canvas canvas() {
        return canvas.control();
    }

    /** @return the last message of the status line, or {@code null} */
    public String status() {
        return status;
    }

    /** @return the reason of the last refused connection, or {@code null} if the last attempt succeeded */
    public String lastRefusal() {
        return canvas.lastRefusal();
    }

    /** @return the problems the canvas shows, by stage */
    public Map<Stage, List<Problem>> problems() {
        return canvas.problems();
    }

    /** @return the text shown at the top of the canvas (preview state), or {@code null} */
    public String banner() {
        return canvas.banner();
    }

    /** @return the value shown on a connection during preview, or {@code null} */
    public String previewValue(Connection c) {
        return canvas.previewValue(c);
    }

    /** Turns the preview on or off as the tool bar toggle does. */
    public void setPreview(boolean on) {
        actions.previewChecked(on);
        preview(on);
    }

    /** Zooms and scrolls so that the whole pipeline is visible, as the tool bar's Fit does. */
    public void fit() {
        canvas.fit();
    }
}
