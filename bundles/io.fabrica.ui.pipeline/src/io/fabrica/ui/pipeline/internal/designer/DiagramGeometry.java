package io.fabrica.ui.pipeline.internal.designer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;

import io.fabrica.pipeline.Connection;
import io.fabrica.pipeline.Pipeline;
import io.fabrica.pipeline.Port;
import io.fabrica.pipeline.PortDirection;
import io.fabrica.pipeline.Stage;

/**
 * Where things are on the diagram, in model coordinates: a stage is a box at its stored {@code x}/{@code y}
 * (or at a transient position while it is dragged), inputs on its left edge, outputs on its right edge,
 * one row each; a connection is a cubic curve from an output anchor to an input anchor. Answers hit tests
 * for the mouse. Not thread-safe (UI thread).
 */
final class DiagramGeometry {

    /** Box width. */
    static final int WIDTH = 170;
    /** Height of the title area (name and kind). */
    static final int HEADER = 44;
    /** Height of one port row. */
    static final int ROW = 20;
    /** Radius of a port's dot. */
    static final int PORT_RADIUS = 5;
    /** Grid spacing; stage positions snap to it. */
    static final int GRID = 10;

    private final Map<Stage, Point> dragged = new HashMap<>();

    /** Shows stages at transient positions (during a drag) without touching the model. */
    void drag(Map<Stage, Point> positions) {
        dragged.clear();
        dragged.putAll(positions);
    }

    /** Ends a drag: stages are drawn at their model positions again. */
    void endDrag() {
        dragged.clear();
    }

    Point position(Stage stage) {
        Point p = dragged.get(stage);
        return p != null ? p : new Point(stage.getX(), stage.getY());
    }

    /** @return the stage's box */
    Rectangle bounds(Stage stage) {
        Point p = position(stage);
        int rows = Math.max(count(stage, PortDirection.IN), count(stage, PortDirection.OUT));
        return new Rectangle(p.x, p.y, WIDTH, HEADER + Math.max(1, rows) * ROW + 8);
    }

    /** @return the size a stage of this kind will have (for placing and layout before it exists) */
    static Point size(Stage stage) {
        int rows = Math.max(count(stage, PortDirection.IN), count(stage, PortDirection.OUT));
        return new Point(WIDTH, HEADER + Math.max(1, rows) * ROW + 8);
    }

    /** @return the centre of a port's dot */
    Point anchor(Port port) {
        Stage stage = (Stage) port.eContainer();
        Rectangle b = bounds(stage);
        int index = 0;
        for (Port p : stage.getPorts()) {
            if (p == port) {
                break;
            }
            if (p.getDirection() == port.getDirection()) {
                index++;
            }
        }
        int y = b.y + HEADER + index * ROW + ROW / 2;
        return new Point(port.getDirection() == PortDirection.IN ? b.x : b.x + b.width, y);
    }

    /** @return the topmost stage containing the point, or {@code null} */
    Stage stageAt(Pipeline pipeline, int x, int y) {
        List<Stage> stages = pipeline.getStages();
        for (int i = stages.size() - 1; i >= 0; i--) {
            if (bounds(stages.get(i)).contains(x, y)) {
                return stages.get(i);
            }
        }
        return null;
    }

    /**
     * @param tolerance how far from the dot's centre still counts (model units)
     * @return the port whose dot (or row label near the edge) is at the point, or {@code null}
     */
    Port portAt(Pipeline pipeline, int x, int y, int tolerance) {
        Port best = null;
        double bestDistance = Double.MAX_VALUE;
        for (Stage s : pipeline.getStages()) {
            for (Port p : s.getPorts()) {
                Point a = anchor(p);
                double d = Math.hypot(a.x - x, a.y - y);
                if (d <= tolerance && d < bestDistance) {
                    best = p;
                    bestDistance = d;
                }
            }
        }
        return best;
    }

    /** @return the connection passing near the point, or {@code null} */
    Connection connectionAt(Pipeline pipeline, int x, int y, double tolerance) {
        for (Connection c : pipeline.getConnections()) {
            if (c.getSource() == null || c.getTarget() == null) {
                continue;
            }
            double[] pts = polyline(anchor(c.getSource()), anchor(c.getTarget()));
            for (int i = 0; i + 3 < pts.length; i += 2) {
                if (distanceToSegment(x, y, pts[i], pts[i + 1], pts[i + 2], pts[i + 3]) <= tolerance) {
                    return c;
                }
            }
        }
        return null;
    }

    /**
     * The cubic curve of a connection: horizontal tangents at both ports.
     *
     * @return {x1, y1, cx1, cy1, cx2, cy2, x2, y2}
     */
    static double[] curve(Point from, Point to) {
        // forward: tangents half the horizontal distance; backward (to a stage on the left): a bounded loop
        double dx = to.x >= from.x ? Math.max(40, (to.x - from.x) / 2.0) : Math.min(150, Math.max(60, Math.abs(to.y - from.y) / 2.0));
        return new double[] {from.x, from.y, from.x + dx, from.y, to.x - dx, to.y, to.x, to.y};
    }

    /** @return the curve sampled as a polyline {x0, y0, x1, y1, ...} */
    static double[] polyline(Point from, Point to) {
        double[] c = curve(from, to);
        int n = 24;
        double[] pts = new double[2 * (n + 1)];
        for (int i = 0; i <= n; i++) {
            double t = (double) i / n;
            double u = 1 - t;
            double a = u * u * u;
            double b = 3 * u * u * t;
            double d = 3 * u * t * t;
            double e = t * t * t;
            pts[2 * i] = a * c[0] + b * c[2] + d * c[4] + e * c[6];
            pts[2 * i + 1] = a * c[1] + b * c[3] + d * c[5] + e * c[7];
        }
        return pts;
    }

    /** @return the point halfway along the curve */
    static Point middle(Point from, Point to) {
        double[] pts = polyline(from, to);
        int mid = pts.length / 2;
        mid -= mid % 2;
        return new Point((int) pts[mid], (int) pts[mid + 1]);
    }

    /** @return the bounding box of all stages, or an empty rectangle at the origin */
    Rectangle extent(Pipeline pipeline) {
        Rectangle r = null;
        for (Stage s : pipeline.getStages()) {
            r = r == null ? bounds(s) : r.union(bounds(s));
        }
        return r == null ? new Rectangle(0, 0, 0, 0) : r;
    }

    /** @return the stages whose boxes intersect a rectangle */
    List<Stage> stagesIn(Pipeline pipeline, Rectangle area) {
        List<Stage> found = new ArrayList<>();
        for (Stage s : pipeline.getStages()) {
            if (bounds(s).intersects(area)) {
                found.add(s);
            }
        }
        return found;
    }

    private static int count(Stage stage, PortDirection direction) {
        int n = 0;
        for (Port p : stage.getPorts()) {
            if (p.getDirection() == direction) {
                n++;
            }
        }
        return n;
    }

    private static double distanceToSegment(double px, double py, double x1, double y1, double x2, double y2) {
        double dx = x2 - x1;
        double dy = y2 - y1;
        double len = dx * dx + dy * dy;
        double t = len == 0 ? 0 : Math.max(0, Math.min(1, ((px - x1) * dx + (py - y1) * dy) / len));
        return Math.hypot(px - (x1 + t * dx), py - (y1 + t * dy));
    }
}
