package io.fabrica.ui.pipeline.internal.designer;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.FontData;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Path;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.graphics.Transform;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Display;

import io.fabrica.model.edit.validation.Problem;
import io.fabrica.pipeline.Connection;
import io.fabrica.pipeline.Port;
import io.fabrica.pipeline.PortDirection;
import io.fabrica.pipeline.PortType;
import io.fabrica.pipeline.Stage;

/**
 * Paints the diagram with GC: grid, connections (cubic curves with arrow heads and, during preview,
 * their latest value), stages (rounded boxes with a coloured header by palette group, name, kind, ports
 * coloured by type with labels), selection and problem outlines, and the overlays of gestures (rubber
 * band, connection being dragged, refusal next to the cursor, preview banner). Owns its colours and
 * fonts and disposes them with the canvas. UI thread.
 */
final class DiagramPainter {

    private final DiagramCanvas diagram;
    private final Display display;
    private final Map<PaletteGroup, Color> headers = new EnumMap<>(PaletteGroup.class);
    private final Map<PortType, Color> portColors = new EnumMap<>(PortType.class);
    private final Color background;
    private final Color grid;
    private final Color border;
    private final Color text;
    private final Color muted;
    private final Color selection;
    private final Color error;
    private final Color warning;
    private final Color edge;
    private final Color ok;
    private final Color labelBack;
    private final Color bannerBack;
    private final Color shadow;
    private Font bold;
    private Font small;

    DiagramPainter(DiagramCanvas diagram) {
        this.diagram = diagram;
        this.display = diagram.control().getDisplay();
        background = color(250, 251, 253);
        grid = color(229, 233, 240);
        border = color(150, 158, 170);
        text = color(33, 37, 41);
        muted = color(100, 108, 118);
        selection = color(25, 118, 210);
        error = color(211, 47, 47);
        warning = color(237, 150, 0);
        edge = color(96, 104, 116);
        ok = color(46, 160, 67);
        labelBack = color(255, 253, 231);
        bannerBack = color(255, 243, 205);
        shadow = color(215, 219, 226);
        headers.put(PaletteGroup.SOURCES, color(220, 242, 225));
        headers.put(PaletteGroup.SIGNAL_PROCESSING, color(221, 235, 252));
        headers.put(PaletteGroup.MODEL, color(236, 226, 250));
        headers.put(PaletteGroup.DECISION, color(255, 236, 214));
        headers.put(PaletteGroup.SINKS, color(232, 234, 237));
        headers.put(PaletteGroup.VENDOR, color(214, 244, 242));
        portColors.put(PortType.SCALAR, color(46, 160, 67));
        portColors.put(PortType.VECTOR, color(25, 118, 210));
        portColors.put(PortType.WINDOW, color(0, 137, 123));
        portColors.put(PortType.IMAGE, color(194, 24, 91));
        portColors.put(PortType.TENSOR, color(123, 31, 162));
        portColors.put(PortType.DECISION, color(230, 81, 0));
    }

    private Color color(int r, int g, int b) {
        return new Color(display, new RGB(r, g, b));
    }

    /** Colours are plain RGB (no OS resources since SWT 3.115), fonts are disposed here. */
    void dispose() {
        if (bold != null) {
            bold.dispose();
            small.dispose();
        }
    }

    void paint(GC gc) {
        Canvas canvas = diagram.control();
        ensureFonts(canvas);
        Rectangle client = canvas.getClientArea();
        gc.setBackground(background);
        gc.fillRectangle(client);
        gc.setAdvanced(true);
        gc.setAntialias(SWT.ON);
        gc.setTextAntialias(SWT.ON);
        paintGrid(gc, client);
        Viewport v = diagram.viewport();
        Transform t = new Transform(display);
        try {
            t.scale((float) v.zoom(), (float) v.zoom());
            t.translate((float) -v.originX(), (float) -v.originY());
            gc.setTransform(t);
            for (Connection c : diagram.pipeline().getConnections()) {
                paintConnection(gc, c);
            }
            for (Stage s : diagram.pipeline().getStages()) {
                paintStage(gc, s);
            }
            paintDraggedConnection(gc);
            for (Connection c : diagram.pipeline().getConnections()) {
                paintPreviewValue(gc, c);
            }
        } finally {
            gc.setTransform(null);
            t.dispose();
        }
        paintOverlays(gc, client);
    }

    private void ensureFonts(Canvas canvas) {
        if (bold == null) {
            FontData fd = canvas.getFont().getFontData()[0];
            bold = new Font(display, fd.getName(), fd.getHeight(), SWT.BOLD);
            small = new Font(display, fd.getName(), Math.max(7, fd.getHeight() - 1), SWT.NORMAL);
        }
    }

    private void paintGrid(GC gc, Rectangle client) {
        Viewport v = diagram.viewport();
        double step = 2 * DiagramGeometry.GRID * v.zoom();
        if (step < 8) {
            return;
        }
        gc.setForeground(grid);
        gc.setLineWidth(1);
        double startX = (Math.ceil(v.originX() / (2 * DiagramGeometry.GRID)) * 2 * DiagramGeometry.GRID - v.originX()) * v.zoom();
        double startY = (Math.ceil(v.originY() / (2 * DiagramGeometry.GRID)) * 2 * DiagramGeometry.GRID - v.originY()) * v.zoom();
        for (double x = startX; x < client.width; x += step) {
            gc.drawLine((int) x, 0, (int) x, client.height);
        }
        for (double y = startY; y < client.height; y += step) {
            gc.drawLine(0, (int) y, client.width, (int) y);
        }
    }

    private void paintConnection(GC gc, Connection c) {
        if (c.getSource() == null || c.getTarget() == null) {
            return;
        }
        boolean selected = diagram.isSelected(c);
        Color color = selected ? selection : edge;
        curve(gc, diagram.geometry().anchor(c.getSource()), diagram.geometry().anchor(c.getTarget()), color, selected ? 3 : 1.6f);
    }

    private void curve(GC gc, Point from, Point to, Color color, float width) {
        double[] k = DiagramGeometry.curve(from, to);
        Path path = new Path(display);
        try {
            path.moveTo((float) k[0], (float) k[1]);
            path.cubicTo((float) k[2], (float) k[3], (float) k[4], (float) k[5], (float) k[6] - 7, (float) k[7]);
            gc.setForeground(color);
            gc.setLineWidth(Math.round(width));
            gc.drawPath(path);
        } finally {
            path.dispose();
        }
        gc.setBackground(color);
        gc.fillPolygon(new int[] {to.x - DiagramGeometry.PORT_RADIUS, to.y, to.x - 13, to.y - 5, to.x - 13, to.y + 5});
        gc.setLineWidth(1);
    }

    private void paintStage(GC gc, Stage s) {
        Rectangle b = diagram.geometry().bounds(s);
        int arc = 14;
        gc.setBackground(shadow);
        gc.fillRoundRectangle(b.x + 3, b.y + 4, b.width, b.height, arc, arc);
        gc.setBackground(display.getSystemColor(SWT.COLOR_WHITE));
        gc.fillRoundRectangle(b.x, b.y, b.width, b.height, arc, arc);
        gc.setBackground(headers.get(StageKinds.groupOf(s)));
        gc.fillRoundRectangle(b.x, b.y, b.width, DiagramGeometry.HEADER - 4, arc, arc);
        gc.fillRectangle(b.x, b.y + DiagramGeometry.HEADER - 4 - arc, b.width, arc);

        List<Problem> problems = diagram.problems().get(s);
        boolean hasError = problems != null && problems.stream().anyMatch(p -> p.severity() == Problem.Severity.ERROR);
        boolean hasWarning = problems != null && !hasError && problems.stream().anyMatch(p -> p.severity() == Problem.Severity.WARNING);
        if (diagram.isSelected(s)) {
            gc.setForeground(selection);
            gc.setLineWidth(3);
            gc.drawRoundRectangle(b.x - 3, b.y - 3, b.width + 6, b.height + 6, arc + 4, arc + 4);
        }
        gc.setForeground(hasError ? error : hasWarning ? warning : border);
        gc.setLineWidth(hasError || hasWarning ? 2 : 1);
        gc.drawRoundRectangle(b.x, b.y, b.width, b.height, arc, arc);
        gc.setLineWidth(1);

        int textWidth = b.width - 20;
        gc.setFont(bold);
        gc.setForeground(text);
        gc.drawText(ellipsize(gc, s.getName() == null || s.getName().isBlank() ? "(unnamed)" : s.getName(), textWidth), b.x + 10, b.y + 5, true);
        gc.setFont(small);
        gc.setForeground(muted);
        gc.drawText(StageKinds.labelOf(s), b.x + 10, b.y + 23, true);
        if (hasError || hasWarning) {
            paintProblemBadge(gc, b, hasError);
        }
        for (Port p : s.getPorts()) {
            paintPort(gc, p, b);
        }
        gc.setFont(null);
    }

    private void paintProblemBadge(GC gc, Rectangle b, boolean isError) {
        int r = 8;
        int cx = b.x + b.width - 14;
        int cy = b.y + 14;
        gc.setBackground(isError ? error : warning);
        gc.fillOval(cx - r, cy - r, 2 * r, 2 * r);
        gc.setForeground(display.getSystemColor(SWT.COLOR_WHITE));
        gc.setFont(bold);
        Point e = gc.textExtent("!");
        gc.drawText("!", cx - e.x / 2, cy - e.y / 2, true);
        gc.setFont(small);
    }

    private void paintPort(GC gc, Port p, Rectangle b) {
        Point a = diagram.geometry().anchor(p);
        int r = DiagramGeometry.PORT_RADIUS;
        boolean highlighted = p == diagram.mouse().hoverPort() || p == diagram.mouse().connectFrom();
        Color c = portColors.get(p.getType());
        gc.setBackground(c);
        gc.fillOval(a.x - r, a.y - r, 2 * r, 2 * r);
        gc.setForeground(display.getSystemColor(SWT.COLOR_WHITE));
        gc.drawOval(a.x - r, a.y - r, 2 * r, 2 * r);
        if (highlighted) {
            gc.setForeground(diagram.mouse().hoverRefusal() != null && p == diagram.mouse().hoverPort() ? error : selection);
            gc.setLineWidth(2);
            gc.drawOval(a.x - r - 3, a.y - r - 3, 2 * r + 6, 2 * r + 6);
            gc.setLineWidth(1);
        }
        gc.setForeground(text);
        String shown = ellipsize(gc, canvasLabel(p), b.width / 2 - 12);
        Point e = gc.textExtent(shown);
        int x = p.getDirection() == PortDirection.IN ? a.x + r + 4 : a.x - r - 4 - e.x;
        gc.drawText(shown, x, a.y - e.y / 2, true);
    }

    /** "in0 · vector 13": name, type and size when known. */
    static String portLabel(Port p) {
        String type = p.getType().getLiteral().toLowerCase(java.util.Locale.ROOT);
        return (p.getName() == null ? "" : p.getName() + " · ") + type + (p.getSize() > 0 ? " " + p.getSize() : "");
    }

    /** On the canvas the name of a stage's only input or output ("in", "out") says nothing: type and size only. */
    private static String canvasLabel(Port p) {
        long sameSide = ((Stage) p.eContainer()).getPorts().stream().filter(o -> o.getDirection() == p.getDirection()).count();
        if (sameSide > 1) {
            return portLabel(p);
        }
        return p.getType().getLiteral().toLowerCase(java.util.Locale.ROOT) + (p.getSize() > 0 ? " " + p.getSize() : "");
    }

    private void paintDraggedConnection(GC gc) {
        Port from = diagram.mouse().connectFrom();
        Point cursor = diagram.mouse().cursorModel();
        if (from == null || cursor == null) {
            return;
        }
        Port over = diagram.mouse().hoverPort();
        Color color = over == null ? muted : diagram.mouse().hoverRefusal() != null ? error : ok;
        Point a = diagram.geometry().anchor(from);
        Point b = over != null ? diagram.geometry().anchor(over) : cursor;
        if (from.getDirection() == PortDirection.IN) {
            curve(gc, b, a, color, 2);
        } else {
            curve(gc, a, b, color, 2);
        }
    }

    private void paintPreviewValue(GC gc, Connection c) {
        String value = diagram.previewValue(c);
        if (value == null || c.getTarget() == null) {
            return;
        }
        Point m = DiagramGeometry.middle(diagram.geometry().anchor(c.getSource()), diagram.geometry().anchor(c.getTarget()));
        gc.setFont(small);
        Point e = gc.textExtent(value);
        Rectangle box = new Rectangle(m.x - e.x / 2 - 5, m.y - e.y / 2 - 2, e.x + 10, e.y + 4);
        gc.setBackground(labelBack);
        gc.fillRoundRectangle(box.x, box.y, box.width, box.height, 8, 8);
        gc.setForeground(border);
        gc.drawRoundRectangle(box.x, box.y, box.width, box.height, 8, 8);
        gc.setForeground(text);
        gc.drawText(value, box.x + 5, box.y + 2, true);
        gc.setFont(null);
    }

    private void paintOverlays(GC gc, Rectangle client) {
        DiagramMouse mouse = diagram.mouse();
        if (mouse.rubberBanding()) {
            Rectangle r = diagram.viewport().toScreen(mouse.rubberBand());
            gc.setForeground(selection);
            gc.setLineStyle(SWT.LINE_DASH);
            gc.drawRectangle(r);
            gc.setLineStyle(SWT.LINE_SOLID);
        }
        if (mouse.connectFrom() != null && mouse.hoverRefusal() != null && mouse.cursorScreen() != null) {
            callout(gc, mouse.hoverRefusal(), mouse.cursorScreen(), client);
        } else if (mouse.floatingMessage() != null) {
            callout(gc, mouse.floatingMessage(), mouse.floatingAt(), client);
        }
        String banner = diagram.banner();
        if (banner == null && mouse.armed() != null) {
            banner = "Click on the canvas to place a " + mouse.armed().label() + " (Esc cancels)";
        }
        if (banner != null) {
            gc.setFont(null);
            Point e = gc.textExtent(banner);
            gc.setBackground(bannerBack);
            gc.fillRectangle(0, 0, client.width, e.y + 8);
            gc.setForeground(text);
            gc.drawText(banner, 8, 4, true);
        }
    }

    /** A refusal next to the cursor: red text on white, kept inside the canvas. */
    private void callout(GC gc, String message, Point at, Rectangle client) {
        gc.setFont(bold);
        Point e = gc.textExtent(message);
        int x = Math.min(at.x + 16, client.width - e.x - 14);
        int y = Math.min(at.y + 16, client.height - e.y - 10);
        gc.setBackground(display.getSystemColor(SWT.COLOR_WHITE));
        gc.fillRoundRectangle(x, y, e.x + 12, e.y + 8, 8, 8);
        gc.setForeground(error);
        gc.drawRoundRectangle(x, y, e.x + 12, e.y + 8, 8, 8);
        gc.drawText(message, x + 6, y + 4, true);
        gc.setFont(null);
    }

    private static String ellipsize(GC gc, String s, int width) {
        if (gc.textExtent(s).x <= width) {
            return s;
        }
        String t = s;
        while (t.length() > 1 && gc.textExtent(t + "…").x > width) {
            t = t.substring(0, t.length() - 1);
        }
        return t + "…";
    }
}
