package io.fabrica.ui.pipeline.internal.designer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EventObject;
import java.util.List;
import java.util.Map;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.emf.common.command.BasicCommandStack;
import org.eclipse.emf.common.command.Command;
import org.eclipse.emf.common.command.CommandStack;
import org.eclipse.emf.common.command.CommandStackListener;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.emf.edit.domain.AdapterFactoryEditingDomain;
import org.eclipse.emf.edit.provider.ComposedAdapterFactory;
import org.eclipse.emf.edit.provider.ReflectiveItemProviderAdapterFactory;
import org.eclipse.emf.edit.provider.resource.ResourceItemProviderAdapterFactory;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IAction;
import org.eclipse.jface.action.Separator;
import org.eclipse.jface.action.ToolBarManager;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.ToolBar;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IEditorSite;
import org.eclipse.ui.IFileEditorInput;
import org.eclipse.ui.IURIEditorInput;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.actions.ActionFactory;
import org.eclipse.ui.ide.IGotoMarker;
import org.eclipse.ui.part.EditorPart;

import io.fabrica.model.edit.validation.Problem;
import io.fabrica.model.resource.PlantFileException;
import io.fabrica.model.resource.PlantFiles;
import io.fabrica.pipeline.Connection;
import io.fabrica.pipeline.Pipeline;
import io.fabrica.pipeline.Port;
import io.fabrica.pipeline.Stage;
import io.fabrica.pipeline.api.StageFactory;
import io.fabrica.pipeline.resource.PipelineFiles;
import io.fabrica.ui.FabricaUi;
import io.fabrica.ui.Services;

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
    private static final int PREVIEW_REFRESH_MS = 250;

    private AdapterFactoryEditingDomain domain;
    private ComposedAdapterFactory adapterFactory;
    private Pipeline pipeline;
    private Path file;
    private List<StageKind> kinds;
    private DiagramCanvas canvas;
    private Palette palette;
    private StagePropertiesPanel properties;
    private Action undo;
    private Action redo;
    private Action delete;
    private Action previewToggle;
    private LivePreview preview;
    private String status;
    private List<Problem> problems = List.of();
    private final CommandStackListener stackListener = this::commandStackChanged;
    private final Runnable validation = this::validateNow;
    private final Runnable previewRefresh = this::refreshPreview;

    @Override
    public void init(IEditorSite site, IEditorInput input) throws PartInitException {
        setSite(site);
        setInput(input);
        setPartName(input.getName());
        file = pathOf(input);
        adapterFactory = new ComposedAdapterFactory(ComposedAdapterFactory.Descriptor.Registry.INSTANCE);
        adapterFactory.addAdapterFactory(new ResourceItemProviderAdapterFactory());
        adapterFactory.addAdapterFactory(new ReflectiveItemProviderAdapterFactory());
        domain = new AdapterFactoryEditingDomain(adapterFactory, new BasicCommandStack(), PipelineFiles.newResourceSet());
        try {
            EObject root = PlantFiles.loadRoot(file, domain.getResourceSet());
            if (!(root instanceof Pipeline p)) {
                throw new PartInitException(input.getName() + " holds a " + root.eClass().getName() + ", not a pipeline");
            }
            pipeline = p;
        } catch (PlantFileException e) {
            throw new PartInitException(e.getMessage(), e);
        }
        try {
            EcoreUtil.resolveAll(pipeline);
        } catch (RuntimeException e) {
            // an unreadable plant file: references stay unresolved and validation names them
        }
        domain.getCommandStack().addCommandStackListener(stackListener);
    }

    private static Path pathOf(IEditorInput input) throws PartInitException {
        if (input instanceof IFileEditorInput f && f.getFile().getLocation() != null) {
            return f.getFile().getLocation().toFile().toPath();
        }
        if (input instanceof IURIEditorInput u) {
            return Path.of(u.getURI());
        }
        throw new PartInitException("The pipeline designer opens files; " + input.getName() + " is not one");
    }

    @Override
    public void createPartControl(Composite parent) {
        kinds = new ArrayList<>(StageKinds.builtIns());
        kinds.addAll(vendorKinds());
        Composite root = new Composite(parent, SWT.NONE);
        GridLayout layout = new GridLayout(1, false);
        layout.marginWidth = 0;
        layout.marginHeight = 0;
        layout.verticalSpacing = 0;
        root.setLayout(layout);
        ToolBarManager toolBar = new ToolBarManager(SWT.FLAT | SWT.RIGHT);
        ToolBar bar = toolBar.createControl(root);
        bar.setData(FabricaUi.WIDGET_KEY, TOOLBAR_KEY);
        bar.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));

        SashForm sash = new SashForm(root, SWT.HORIZONTAL);
        sash.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        palette = new Palette(sash, kinds, this::arm, this::placeInView);
        canvas = new DiagramCanvas(sash, domain, pipeline, this::kind, this::status);
        properties = new StagePropertiesPanel(sash, domain, file.toAbsolutePath().getParent(), this::status);
        sash.setWeights(17, 61, 22);
        canvas.addSelectionListener(sel -> {
            properties.show(sel.size() == 1 ? sel.get(0) : null);
            delete.setEnabled(!sel.isEmpty());
        });
        properties.show(null);
        getSite().setSelectionProvider(new DesignerSelectionProvider(canvas));
        installGlobalActions();
        fillToolBar(toolBar);
        canvas.control().getDisplay().asyncExec(() -> {
            if (!canvas.control().isDisposed()) {
                canvas.fitReadable();
            }
        });
        validateNow();
    }

    private List<StageKind> vendorKinds() {
        try {
            return StageKinds.vendor(Services.all(StageFactory.class), EPackage.Registry.INSTANCE);
        } catch (RuntimeException e) {
            status("vendor stages could not be listed: " + e.getMessage());
            return List.of();
        }
    }

    private StageKind kind(String id) {
        return kinds.stream().filter(k -> k.id().equals(id)).findFirst().orElse(null);
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

    private void installGlobalActions() {
        undo = new Action("Undo") {
            @Override
            public void run() {
                domain.getCommandStack().undo();
            }
        };
        redo = new Action("Redo") {
            @Override
            public void run() {
                domain.getCommandStack().redo();
            }
        };
        delete = new Action("Delete") {
            @Override
            public void run() {
                canvas.deleteSelection();
            }
        };
        Action selectAll = new Action("Select All") {
            @Override
            public void run() {
                canvas.select(new ArrayList<>(pipeline.getStages()));
            }
        };
        delete.setEnabled(false);
        var bars = getEditorSite().getActionBars();
        bars.setGlobalActionHandler(ActionFactory.UNDO.getId(), undo);
        bars.setGlobalActionHandler(ActionFactory.REDO.getId(), redo);
        bars.setGlobalActionHandler(ActionFactory.DELETE.getId(), delete);
        bars.setGlobalActionHandler(ActionFactory.SELECT_ALL.getId(), selectAll);
        updateUndoRedo();
        bars.updateActionBars();
    }

    private void fillToolBar(ToolBarManager toolBar) {
        toolBar.add(action("Zoom In", "Zoom in (Ctrl+wheel, Ctrl++)", () -> canvas.zoomTo(canvas.viewport().zoom() * 1.25)));
        toolBar.add(action("Zoom Out", "Zoom out (Ctrl+wheel, Ctrl+-)", () -> canvas.zoomTo(canvas.viewport().zoom() / 1.25)));
        toolBar.add(action("100%", "Actual size", () -> canvas.zoomTo(1)));
        toolBar.add(action("Fit", "Show the whole pipeline", () -> canvas.fit()));
        toolBar.add(new Separator());
        toolBar.add(action("Auto Layout", "Arrange the stages left to right in flow order (one undoable step)", () -> canvas.autoLayout()));
        toolBar.add(action("Import ONNX model…", "Import an ONNX model made elsewhere into the selected Model stage (checked in ONNX Runtime)",
                () -> ImportModelAction.run(canvas.control().getShell(), pipeline, file.toAbsolutePath().getParent(), canvas.selection(),
                        domain.getCommandStack(), this::status)));
        toolBar.add(new Separator());
        previewToggle = new Action("Preview on simulator", IAction.AS_CHECK_BOX) {
            @Override
            public void run() {
                preview(isChecked());
            }
        };
        previewToggle.setToolTipText("Run the pipeline live on the simulated plant and show the latest value on each connection");
        toolBar.add(previewToggle);
        toolBar.update(true);
    }

    private static Action action(String text, String tooltip, Runnable run) {
        Action a = new Action(text) {
            @Override
            public void run() {
                run.run();
            }
        };
        a.setToolTipText(tooltip);
        return a;
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
                updateUndoRedo();
                firePropertyChange(PROP_DIRTY);
                display.timerExec(VALIDATION_DELAY_MS, validation);
            }
        });
    }

    private void updateUndoRedo() {
        CommandStack stack = domain.getCommandStack();
        Command u = stack.getUndoCommand();
        Command r = stack.getRedoCommand();
        undo.setEnabled(stack.canUndo());
        undo.setText(u != null && u.getLabel() != null ? "Undo " + u.getLabel() : "Undo");
        redo.setEnabled(stack.canRedo());
        redo.setText(r != null && r.getLabel() != null ? "Redo " + r.getLabel() : "Redo");
    }

    /** Validates now: outlines on the canvas and markers on the file. */
    void validateNow() {
        if (canvas == null || canvas.control().isDisposed()) {
            return;
        }
        problems = ValidationMarkers.validate(pipeline);
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
            PlantFiles.saveRoot(pipeline, file, domain.getResourceSet());
            ((BasicCommandStack) domain.getCommandStack()).saveIsDone();
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
        return domain != null && ((BasicCommandStack) domain.getCommandStack()).isSaveNeeded();
    }

    // ---- markers

    @Override
    public void gotoMarker(IMarker marker) {
        Stage stage = stageById(marker.getAttribute(STAGE_ID, null));
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

    private Stage stageById(String id) {
        return id == null ? null : pipeline.getStages().stream().filter(s -> id.equals(s.getId())).findFirst().orElse(null);
    }

    // ---- preview

    private void preview(boolean on) {
        if (on && preview == null) {
            Display display = canvas.control().getDisplay();
            preview = new LivePreview(canvas.previewValues(), text -> display.asyncExec(() -> previewState(text)), LivePreview.Backends.SERVICES);
            canvas.banner("Preview: starting the simulated plant…");
            preview.start(pipeline, file.toAbsolutePath().getParent());
            display.timerExec(PREVIEW_REFRESH_MS, previewRefresh);
        } else if (!on && preview != null) {
            preview.stop();
            preview = null;
            canvas.banner(null);
            previewToggle.setChecked(false);
        }
    }

    private void previewState(String text) {
        if (canvas.control().isDisposed() || preview == null) {
            return;
        }
        canvas.banner(text);
        if (text != null && !text.startsWith("Preview running")) {
            status(text);
        }
    }

    /** About four times a second: redraw the values on the connections and the preview's state. */
    private void refreshPreview() {
        if (preview == null || canvas.control().isDisposed()) {
            return;
        }
        String state = preview.poll();
        if (state != null) {
            canvas.banner(state);
        }
        canvas.control().redraw();
        canvas.control().getDisplay().timerExec(PREVIEW_REFRESH_MS, previewRefresh);
    }

    @Override
    public void setFocus() {
        canvas.control().setFocus();
    }

    @Override
    public void dispose() {
        if (preview != null) {
            preview.stop();
            preview = null;
        }
        if (domain != null) {
            domain.getCommandStack().removeCommandStackListener(stackListener);
        }
        if (adapterFactory != null) {
            adapterFactory.dispose();
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
        return pipeline.getStages().stream().filter(s -> name.equals(s.getName())).findFirst().orElse(null);
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
        Stage s = stage(stageName);
        return s == null ? null : s.getPorts().stream().filter(p -> portName.equals(p.getName())).findFirst().orElse(null);
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
        StageKind k = kind(kindId);
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
        return ImportModelAction.start(canvas.control().getDisplay(), onnx, pipeline, file.toAbsolutePath().getParent(), options,
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
        previewToggle.setChecked(on);
        preview(on);
    }

    /** Zooms and scrolls so that the whole pipeline is visible, as the tool bar's Fit does. */
    public void fit() {
        canvas.fit();
    }
}
