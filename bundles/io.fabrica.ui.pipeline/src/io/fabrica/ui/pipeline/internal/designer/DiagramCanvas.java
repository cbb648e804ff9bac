package io.fabrica.ui.pipeline.internal.designer;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.eclipse.emf.common.command.Command;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.edit.domain.EditingDomain;
import org.eclipse.swt.SWT;
import org.eclipse.swt.dnd.DND;
import org.eclipse.swt.dnd.DropTarget;
import org.eclipse.swt.dnd.DropTargetAdapter;
import org.eclipse.swt.dnd.DropTargetEvent;
import org.eclipse.swt.dnd.TextTransfer;
import org.eclipse.swt.dnd.Transfer;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.ScrollBar;

import io.fabrica.model.edit.validation.Problem;
import io.fabrica.pipeline.Connection;
import io.fabrica.pipeline.Pipeline;
import io.fabrica.pipeline.Stage;
import io.fabrica.ui.FabricaUi;

/**
 * The drawing surface of the pipeline designer: an SWT {@link Canvas} painted with GC (double-buffered),
 * zoomable and pannable, with a selection of stages and connections. Gestures ({@link DiagramMouse})
 * become EMF commands executed on the editing domain; the canvas itself never changes the model. It
 * shows validation problems (red outline and tooltip) and, while a preview runs, the latest value on
 * each connection. UI thread only, except {@link #previewValues()}, which the preview writes from its thread.
 */
final class DiagramCanvas {

    /** Key by which tests find the canvas. */
    static final String KEY = "designer.canvas";
    /** Drag-and-drop payload prefix of palette entries. */
    static final String DND_PREFIX = "fabrica.stage:";

    private final Canvas canvas;
    private final EditingDomain domain;
    private final Pipeline pipeline;
    private final DiagramGeometry geometry = new DiagramGeometry();
    private final Viewport viewport = new Viewport();
    private final DiagramPainter painter;
    private final DiagramMouse mouse;
    private final Set<EObject> selection = new LinkedHashSet<>();
    private final List<Consumer<List<EObject>>> selectionListeners = new CopyOnWriteArrayList<>();
    private final Consumer<String> errorStatus;
    private final Map<String, String> previewValues = new ConcurrentHashMap<>();
    private final java.util.function.Function<String, StageKind> kinds;
    private Map<Stage, List<Problem>> problems = Map.of();
    private String banner;
    private Rectangle contentArea = new Rectangle(0, 0, 0, 0);
    private String lastRefusal;

    /**
     * @param parent the parent composite
     * @param domain the editing domain every gesture's command runs on
     * @param pipeline the edited pipeline
     * @param kinds finds a palette kind by id (for drops)
     * @param errorStatus shows a message in the status line ({@code null} clears it)
     */
    DiagramCanvas(Composite parent, EditingDomain domain, Pipeline pipeline, java.util.function.Function<String, StageKind> kinds,
            Consumer<String> errorStatus) {
        this.domain = domain;
        this.pipeline = pipeline;
        this.kinds = kinds;
        this.errorStatus = errorStatus;
        canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED | SWT.NO_BACKGROUND | SWT.H_SCROLL | SWT.V_SCROLL | SWT.BORDER);
        canvas.setData(FabricaUi.WIDGET_KEY, KEY);
        painter = new DiagramPainter(this);
        mouse = new DiagramMouse(this);
        canvas.addListener(SWT.Paint, e -> painter.paint(e.gc));
        canvas.addListener(SWT.Resize, e -> updateScrollBars());
        canvas.addListener(SWT.Dispose, e -> painter.dispose());
        canvas.getHorizontalBar().addListener(SWT.Selection, e -> scrolled());
        canvas.getVerticalBar().addListener(SWT.Selection, e -> scrolled());
        installDrop();
    }

    private void installDrop() {
        DropTarget target = new DropTarget(canvas, DND.DROP_COPY | DND.DROP_MOVE | DND.DROP_DEFAULT);
        target.setTransfer(new Transfer[] {TextTransfer.getInstance()});
        target.addDropListener(new DropTargetAdapter() {
            @Override
            public void dragEnter(DropTargetEvent event) {
                event.detail = DND.DROP_COPY;
            }

            @Override
            public void drop(DropTargetEvent event) {
                if (event.data instanceof String s && s.startsWith(DND_PREFIX)) {
                    StageKind kind = kinds.apply(s.substring(DND_PREFIX.length()));
                    if (kind != null) {
                        Point p = canvas.toControl(event.x, event.y);
                        place(kind, viewport.toModel(p.x, p.y));
                    }
                }
            }
        });
    }

    // ---- model edits (all through commands)

    /** Executes a command on the domain's stack; an unexecutable one is reported, not run. */
    boolean execute(Command command) {
        if (command == null || !command.canExecute()) {
            status("this change cannot be made here");
            return false;
        }
        domain.getCommandStack().execute(command);
        return true;
    }

    /**
     * Places a new stage centred at a model point and selects it.
     *
     * @return the new stage, or {@code null} if the command could not run
     */
    Stage place(StageKind kind, Point modelCentre) {
        Stage probe = kind.create();
        Point size = DiagramGeometry.size(probe);
        Command c = DesignerCommands.place(domain, pipeline, kind, new Point(modelCentre.x - size.x / 2, modelCentre.y - size.y / 2));
        if (!execute(c)) {
            return null;
        }
        Stage stage = DesignerCommands.placed(c);
        select(List.of(stage));
        return stage;
    }

    /**
     * Connects two ports if the rules allow it.
     *
     * @return why it was refused, or {@code null} when the connection was made
     */
    String connect(io.fabrica.pipeline.Port from, io.fabrica.pipeline.Port to) {
        String refusal = ConnectionRules.refusal(pipeline, from, to);
        if (refusal == null) {
            execute(DesignerCommands.connect(domain, pipeline, from, to));
            status(null);
        } else {
            status("Cannot connect: " + refusal);
        }
        lastRefusal = refusal;
        return refusal;
    }

    /** Deletes the selection (stages take their connections along). */
    void deleteSelection() {
        if (!selection.isEmpty()) {
            List<EObject> doomed = new ArrayList<>(selection);
            if (execute(DesignerCommands.delete(domain, pipeline, doomed))) {
                select(List.of());
            }
        }
    }

    /** Lays the pipeline out left to right as one command. */
    void autoLayout() {
        Command c = DesignerCommands.move(domain, AutoLayout.layout(pipeline), "Auto Layout");
        if (!c.canExecute()) {
            return; // already laid out: nothing would change
        }
        execute(c);
        fit();
    }

    // ---- view

    /** Redraws and re-syncs scroll bars and selection after the model changed (command, undo, redo). */
    void modelChanged() {
        if (canvas.isDisposed()) {
            return;
        }
        Set<EObject> alive = new LinkedHashSet<>();
        for (EObject e : selection) {
            if (e.eContainer() != null && (e instanceof Stage s ? pipeline.getStages().contains(s) : pipeline.getConnections().contains(e))) {
                alive.add(e);
            }
        }
        if (!alive.equals(selection)) {
            select(new ArrayList<>(alive));
        }
        updateScrollBars();
        canvas.redraw();
    }

    void zoomTo(double zoom) {
        Rectangle client = canvas.getClientArea();
        viewport.zoomAt(zoom, client.width / 2, client.height / 2);
        viewChanged();
    }

    void zoomAt(double zoom, int sx, int sy) {
        viewport.zoomAt(zoom, sx, sy);
        viewChanged();
    }

    void fit() {
        viewport.fit(geometry.extent(pipeline), canvas.getClientArea());
        viewChanged();
    }

    /** The view a pipeline opens with: all of it if it fits readably, else its readable top-left part. */
    void fitReadable() {
        viewport.fitReadable(geometry.extent(pipeline), canvas.getClientArea());
        viewChanged();
    }

    void panBy(double modelDx, double modelDy) {
        viewport.origin(viewport.originX() + modelDx, viewport.originY() + modelDy);
        viewChanged();
    }

    void viewChanged() {
        updateScrollBars();
        canvas.redraw();
    }

    /** Scroll bars span the diagram plus a margin and the visible area. */
    private void updateScrollBars() {
        if (canvas.isDisposed()) {
            return;
        }
        Rectangle client = canvas.getClientArea();
        Rectangle extent = geometry.extent(pipeline);
        Rectangle content = new Rectangle(extent.x - 200, extent.y - 200, extent.width + 400, extent.height + 400).union(viewport.visible(client));
        contentArea = content;
        double z = viewport.zoom();
        set(canvas.getHorizontalBar(), (int) ((viewport.originX() - content.x) * z), (int) (content.width * z), client.width);
        set(canvas.getVerticalBar(), (int) ((viewport.originY() - content.y) * z), (int) (content.height * z), client.height);
    }

    private static void set(ScrollBar bar, int selection, int total, int thumb) {
        if (bar != null) {
            int t = Math.max(1, Math.min(thumb, total));
            bar.setValues(Math.max(0, selection), 0, Math.max(total, 1), t, 20, Math.max(1, thumb - 20));
        }
    }

    private void scrolled() {
        double z = viewport.zoom();
        viewport.origin(contentArea.x + canvas.getHorizontalBar().getSelection() / z, contentArea.y + canvas.getVerticalBar().getSelection() / z);
        canvas.redraw();
    }

    // ---- selection

    void select(List<? extends EObject> elements) {
        selection.clear();
        selection.addAll(elements);
        canvas.redraw();
        List<EObject> now = List.copyOf(selection);
        selectionListeners.forEach(l -> l.accept(now));
    }

    void toggle(EObject element) {
        List<EObject> next = new ArrayList<>(selection);
        if (!next.remove(element)) {
            next.add(element);
        }
        select(next);
    }

    /** Scrolls so that a stage is visible (centred if it was not). */
    void reveal(Stage stage) {
        Rectangle b = geometry.bounds(stage);
        Rectangle visible = viewport.visible(canvas.getClientArea());
        if (!visible.contains(b.x, b.y) || !visible.contains(b.x + b.width, b.y + b.height)) {
            viewport.origin(b.x + b.width / 2.0 - visible.width / 2.0, b.y + b.height / 2.0 - visible.height / 2.0);
            viewChanged();
        }
    }

    List<EObject> selection() {
        return List.copyOf(selection);
    }

    boolean isSelected(EObject e) {
        return selection.contains(e);
    }

    void addSelectionListener(Consumer<List<EObject>> listener) {
        selectionListeners.add(listener);
    }

    // ---- decorations

    /** Shows validation problems (outline and tooltip) by stage. */
    void problems(Map<Stage, List<Problem>> byStage) {
        this.problems = Map.copyOf(byStage);
        canvas.redraw();
    }

    Map<Stage, List<Problem>> problems() {
        return problems;
    }

    /** The latest preview value by output port id; the preview writes it from its thread. */
    Map<String, String> previewValues() {
        return previewValues;
    }

    /** A line shown at the top of the canvas (preview state), or {@code null} for none. */
    void banner(String text) {
        this.banner = text;
        if (!canvas.isDisposed()) {
            canvas.redraw();
        }
    }

    String banner() {
        return banner;
    }

    /** Arms a palette kind: the next click on the canvas places it. */
    void arm(StageKind kind) {
        mouse.arm(kind);
    }

    void status(String message) {
        errorStatus.accept(message);
    }

    /** @return the reason the last connection attempt (mouse or API) was refused, or {@code null} if it was made */
    String lastRefusal() {
        return lastRefusal;
    }

    void lastRefusal(String reason) {
        lastRefusal = reason;
    }

    // ---- accessors for painter, mouse and tests

    Canvas control() {
        return canvas;
    }

    Pipeline pipeline() {
        return pipeline;
    }

    EditingDomain domain() {
        return domain;
    }

    DiagramGeometry geometry() {
        return geometry;
    }

    Viewport viewport() {
        return viewport;
    }

    DiagramMouse mouse() {
        return mouse;
    }

    /** @return the stage's box in canvas pixels */
    Rectangle screenBounds(Stage stage) {
        return viewport.toScreen(geometry.bounds(stage));
    }

    /** @return the centre of a port's dot in canvas pixels */
    Point screenAnchor(io.fabrica.pipeline.Port port) {
        Point a = geometry.anchor(port);
        return viewport.toScreen(a.x, a.y);
    }

    /** @return the text shown on a connection during preview, or {@code null} */
    String previewValue(Connection c) {
        return c.getSource() == null ? null : previewValues.get(c.getSource().getId());
    }
}
