package io.fabrica.ui.pipeline.internal.designer;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Cursor;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Event;

import io.fabrica.model.edit.validation.Problem;
import io.fabrica.pipeline.Connection;
import io.fabrica.pipeline.Port;
import io.fabrica.pipeline.PortDirection;
import io.fabrica.pipeline.Stage;

/**
 * The gestures of the canvas: click / Ctrl-click / rubber band to select, drag stages to move them (one
 * command when the mouse is released), drag from a port to another to connect (refused connections show
 * their reason next to the cursor and in the status line), middle button or Space+drag to pan, wheel to
 * scroll, Ctrl+wheel to zoom, Delete to delete, Escape to cancel. UI thread.
 */
final class DiagramMouse {

    /** What a left-button drag is doing. */
    private enum Mode { NONE, MOVE, CONNECT, RUBBER_BAND, PAN }

    private static final int PORT_TOLERANCE = 9;

    private final DiagramCanvas diagram;
    private final Canvas canvas;
    private Mode mode = Mode.NONE;
    private Point downScreen;
    private Point downModel;
    private Point currentModel;
    private Point currentScreen;
    private final Map<Stage, Point> moveStart = new LinkedHashMap<>();
    private Port connectFrom;
    private Port hoverPort;
    private String hoverRefusal;
    private double panOriginX;
    private double panOriginY;
    private boolean spaceDown;
    private StageKind armed;
    /** A refusal kept next to the cursor for a moment after the drop. */
    private String floatingMessage;
    private Point floatingAt;
    private Cursor crossCursor;
    private Cursor handCursor;

    DiagramMouse(DiagramCanvas diagram) {
        this.diagram = diagram;
        this.canvas = diagram.control();
        canvas.addListener(SWT.MouseDown, this::down);
        canvas.addListener(SWT.MouseMove, this::move);
        canvas.addListener(SWT.MouseUp, this::up);
        canvas.addListener(SWT.MouseVerticalWheel, this::wheel);
        canvas.addListener(SWT.MouseHorizontalWheel, this::wheel);
        canvas.addListener(SWT.KeyDown, this::keyDown);
        canvas.addListener(SWT.KeyUp, e -> {
            if (e.character == ' ') {
                spaceDown = false;
                updateCursor();
            }
        });
        canvas.addListener(SWT.Dispose, e -> {
            if (crossCursor != null) {
                crossCursor.dispose();
            }
            if (handCursor != null) {
                handCursor.dispose();
            }
        });
    }

    void arm(StageKind kind) {
        armed = kind;
        updateCursor();
        if (kind != null) {
            diagram.status(null);
        }
    }

    StageKind armed() {
        return armed;
    }

    // ---- state for the painter

    boolean rubberBanding() {
        return mode == Mode.RUBBER_BAND;
    }

    Rectangle rubberBand() {
        return normalized(downModel, currentModel);
    }

    /** @return the port a connection is dragged from, or {@code null} */
    Port connectFrom() {
        return mode == Mode.CONNECT ? connectFrom : null;
    }

    Point cursorModel() {
        return currentModel;
    }

    Point cursorScreen() {
        return currentScreen;
    }

    Port hoverPort() {
        return hoverPort;
    }

    String hoverRefusal() {
        return hoverRefusal;
    }

    String floatingMessage() {
        return floatingMessage;
    }

    Point floatingAt() {
        return floatingAt;
    }

    // ---- events

    private void down(Event e) {
        canvas.setFocus();
        floatingMessage = null;
        downScreen = new Point(e.x, e.y);
        downModel = diagram.viewport().toModel(e.x, e.y);
        currentModel = downModel;
        currentScreen = downScreen;
        if (e.button == 2 || e.button == 1 && spaceDown) {
            startPan();
            return;
        }
        if (e.button != 1) {
            return;
        }
        if (armed != null) {
            StageKind kind = armed;
            arm(null);
            diagram.place(kind, downModel);
            return;
        }
        boolean toggle = (e.stateMask & SWT.MOD1) != 0;
        Port port = diagram.geometry().portAt(diagram.pipeline(), downModel.x, downModel.y, tolerance());
        if (port != null && !toggle) {
            mode = Mode.CONNECT;
            connectFrom = port;
            hoverPort = null;
            hoverRefusal = null;
            return;
        }
        Stage stage = diagram.geometry().stageAt(diagram.pipeline(), downModel.x, downModel.y);
        if (stage != null) {
            if (toggle) {
                diagram.toggle(stage);
            } else if (!diagram.isSelected(stage)) {
                diagram.select(List.of(stage));
            }
            if (diagram.isSelected(stage)) {
                startMove();
            }
            return;
        }
        Connection connection = diagram.geometry().connectionAt(diagram.pipeline(), downModel.x, downModel.y, 5 / diagram.viewport().zoom() + 1);
        if (connection != null) {
            if (toggle) {
                diagram.toggle(connection);
            } else {
                diagram.select(List.of(connection));
            }
            return;
        }
        if (!toggle) {
            diagram.select(List.of());
        }
        mode = Mode.RUBBER_BAND;
    }

    private void startPan() {
        mode = Mode.PAN;
        panOriginX = diagram.viewport().originX();
        panOriginY = diagram.viewport().originY();
    }

    private void startMove() {
        mode = Mode.MOVE;
        moveStart.clear();
        for (EObject e : diagram.selection()) {
            if (e instanceof Stage s) {
                moveStart.put(s, new Point(s.getX(), s.getY()));
            }
        }
    }

    private void move(Event e) {
        currentScreen = new Point(e.x, e.y);
        currentModel = diagram.viewport().toModel(e.x, e.y);
        switch (mode) {
            case PAN -> {
                double z = diagram.viewport().zoom();
                diagram.viewport().origin(panOriginX - (e.x - downScreen.x) / z, panOriginY - (e.y - downScreen.y) / z);
                diagram.viewChanged();
            }
            case MOVE -> {
                Map<Stage, Point> positions = new HashMap<>();
                int dx = currentModel.x - downModel.x;
                int dy = currentModel.y - downModel.y;
                moveStart.forEach((s, p) -> positions.put(s, new Point(DesignerCommands.snap(p.x + dx), DesignerCommands.snap(p.y + dy))));
                diagram.geometry().drag(positions);
                canvas.redraw();
            }
            case CONNECT -> {
                trackConnectTarget();
                canvas.redraw();
            }
            case RUBBER_BAND -> canvas.redraw();
            case NONE -> hover();
        }
    }

    /** Finds the port under the cursor and whether connecting to it would be allowed. */
    private void trackConnectTarget() {
        Port over = diagram.geometry().portAt(diagram.pipeline(), currentModel.x, currentModel.y, tolerance());
        hoverPort = over == connectFrom ? null : over;
        hoverRefusal = null;
        if (hoverPort != null) {
            Port[] ends = ends(connectFrom, hoverPort);
            hoverRefusal = ConnectionRules.refusal(diagram.pipeline(), ends[0], ends[1]);
            diagram.status(hoverRefusal == null ? null : "Cannot connect: " + hoverRefusal);
        }
    }

    /** A drag may start at either end; the connection always runs from the output to the input. */
    private static Port[] ends(Port a, Port b) {
        return a.getDirection() == PortDirection.IN && b.getDirection() == PortDirection.OUT ? new Port[] {b, a} : new Port[] {a, b};
    }

    private void up(Event e) {
        Mode was = mode;
        mode = Mode.NONE;
        currentModel = diagram.viewport().toModel(e.x, e.y);
        switch (was) {
            case MOVE -> finishMove();
            case CONNECT -> finishConnect(e);
            case RUBBER_BAND -> {
                List<Stage> inside = diagram.geometry().stagesIn(diagram.pipeline(), rubberBand());
                if ((e.stateMask & SWT.MOD1) != 0) {
                    List<EObject> union = new java.util.ArrayList<>(diagram.selection());
                    inside.stream().filter(s -> !union.contains(s)).forEach(union::add);
                    diagram.select(union);
                } else {
                    diagram.select(inside);
                }
            }
            default -> {
                // pan and plain clicks need nothing more
            }
        }
        canvas.redraw();
    }

    private void finishMove() {
        Map<Stage, Point> positions = new LinkedHashMap<>();
        moveStart.keySet().forEach(s -> positions.put(s, diagram.geometry().position(s)));
        diagram.geometry().endDrag();
        boolean moved = positions.entrySet().stream().anyMatch(en -> en.getKey().getX() != en.getValue().x || en.getKey().getY() != en.getValue().y);
        if (moved) {
            diagram.execute(DesignerCommands.move(diagram.domain(), positions, positions.size() == 1 ? "Move Stage" : "Move " + positions.size() + " Stages"));
        }
        moveStart.clear();
    }

    private void finishConnect(Event e) {
        trackConnectTarget();
        Port from = connectFrom;
        Port target = hoverPort;
        connectFrom = null;
        hoverPort = null;
        hoverRefusal = null;
        if (target == null) {
            return; // dropped on nothing: no connection, nothing to explain
        }
        Port[] ends = ends(from, target);
        String refusal = diagram.connect(ends[0], ends[1]);
        if (refusal != null) {
            floatingMessage = refusal;
            floatingAt = new Point(e.x, e.y);
            canvas.getDisplay().timerExec(3000, () -> {
                if (!canvas.isDisposed() && refusal.equals(floatingMessage)) {
                    floatingMessage = null;
                    canvas.redraw();
                }
            });
        }
    }

    /** Tooltip: a stage's problems, else a connection's preview value. */
    private void hover() {
        Stage stage = diagram.geometry().stageAt(diagram.pipeline(), currentModel.x, currentModel.y);
        String tip = null;
        if (stage != null) {
            List<Problem> problems = diagram.problems().get(stage);
            if (problems != null && !problems.isEmpty()) {
                tip = problems.stream().map(p -> p.severity().label() + ": " + p.message()).collect(Collectors.joining("\n"));
            }
        }
        if (!java.util.Objects.equals(tip, canvas.getToolTipText())) {
            canvas.setToolTipText(tip);
        }
    }

    private void wheel(Event e) {
        e.doit = false; // the canvas scrolls itself; the default would scroll twice
        if ((e.stateMask & SWT.MOD1) != 0) {
            double factor = e.count > 0 ? 1.15 : 1 / 1.15;
            diagram.zoomAt(diagram.viewport().zoom() * factor, e.x, e.y);
            return;
        }
        double step = -Math.signum(e.count) * 40 / diagram.viewport().zoom();
        if (e.type == SWT.MouseHorizontalWheel || (e.stateMask & SWT.SHIFT) != 0) {
            diagram.panBy(step, 0);
        } else {
            diagram.panBy(0, step);
        }
    }

    private void keyDown(Event e) {
        if (e.character == ' ') {
            spaceDown = true;
            updateCursor();
        } else if (e.keyCode == SWT.DEL || e.keyCode == SWT.BS) {
            diagram.deleteSelection();
        } else if (e.keyCode == SWT.ESC) {
            cancel();
        } else if ((e.stateMask & SWT.MOD1) != 0 && (e.character == '+' || e.character == '=')) {
            diagram.zoomTo(diagram.viewport().zoom() * 1.25);
        } else if ((e.stateMask & SWT.MOD1) != 0 && e.character == '-') {
            diagram.zoomTo(diagram.viewport().zoom() / 1.25);
        }
    }

    /** Escape: drops the armed palette entry or the gesture in progress. */
    void cancel() {
        arm(null);
        if (mode == Mode.MOVE) {
            diagram.geometry().endDrag();
        }
        mode = Mode.NONE;
        connectFrom = null;
        floatingMessage = null;
        canvas.redraw();
    }

    private void updateCursor() {
        if (canvas.isDisposed()) {
            return;
        }
        if (armed != null) {
            if (crossCursor == null) {
                crossCursor = new Cursor(canvas.getDisplay(), SWT.CURSOR_CROSS);
            }
            canvas.setCursor(crossCursor);
        } else if (spaceDown) {
            if (handCursor == null) {
                handCursor = new Cursor(canvas.getDisplay(), SWT.CURSOR_HAND);
            }
            canvas.setCursor(handCursor);
        } else {
            canvas.setCursor(null);
        }
    }

    private int tolerance() {
        return (int) Math.ceil(PORT_TOLERANCE / Math.min(1, diagram.viewport().zoom()));
    }

    private static Rectangle normalized(Point a, Point b) {
        if (a == null || b == null) {
            return new Rectangle(0, 0, 0, 0);
        }
        return new Rectangle(Math.min(a.x, b.x), Math.min(a.y, b.y), Math.abs(a.x - b.x), Math.abs(a.y - b.y));
    }
}
