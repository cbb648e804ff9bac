package io.fabrica.ui.pipeline.internal.designer;

import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;

/**
 * Zoom and pan of the canvas: {@code screen = (model - origin) * zoom}. Model coordinates are the
 * stages' stored {@code x}/{@code y}. Not thread-safe (UI thread).
 */
final class Viewport {

    /** Smallest and largest zoom factors. */
    static final double MIN_ZOOM = 0.2;
    static final double MAX_ZOOM = 3.0;

    private double zoom = 1;
    private double originX;
    private double originY;

    double zoom() {
        return zoom;
    }

    double originX() {
        return originX;
    }

    double originY() {
        return originY;
    }

    /** Moves the view so that the model point {@code (x, y)} is at the top left corner. */
    void origin(double x, double y) {
        originX = x;
        originY = y;
    }

    /** @return the model point under a screen point */
    Point toModel(int sx, int sy) {
        return new Point((int) Math.floor(sx / zoom + originX), (int) Math.floor(sy / zoom + originY));
    }

    /** @return the screen point of a model point */
    Point toScreen(double mx, double my) {
        return new Point((int) Math.round((mx - originX) * zoom), (int) Math.round((my - originY) * zoom));
    }

    /** @return a model rectangle in screen coordinates */
    Rectangle toScreen(Rectangle model) {
        Point a = toScreen(model.x, model.y);
        return new Rectangle(a.x, a.y, (int) Math.round(model.width * zoom), (int) Math.round(model.height * zoom));
    }

    /** @return the model area visible in a client area of the given size */
    Rectangle visible(Rectangle client) {
        return new Rectangle((int) originX, (int) originY, (int) Math.ceil(client.width / zoom), (int) Math.ceil(client.height / zoom));
    }

    /**
     * Changes the zoom keeping the model point under the screen point {@code (sx, sy)} in place.
     *
     * @param newZoom the wanted zoom, clamped to {@link #MIN_ZOOM}..{@link #MAX_ZOOM}
     */
    void zoomAt(double newZoom, int sx, int sy) {
        double clamped = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, newZoom));
        double mx = sx / zoom + originX;
        double my = sy / zoom + originY;
        zoom = clamped;
        originX = mx - sx / zoom;
        originY = my - sy / zoom;
    }

    /** Below this zoom stage names and port labels cannot be read. */
    static final double READABLE_ZOOM = 0.75;

    /**
     * Like {@link #fit} but never below {@link #READABLE_ZOOM}: a pipeline wider than the editor opens
     * readable at its top-left corner, and the user pans or zooms out on purpose.
     */
    void fitReadable(Rectangle model, Rectangle client) {
        fit(model, client);
        if (zoom < READABLE_ZOOM && !model.isEmpty()) {
            zoom = READABLE_ZOOM;
            originX = model.x - 30 / zoom;
            originY = model.y - 30 / zoom;
        }
    }

    /** Zooms and pans so that a model rectangle fills a client area, never above 100 %. */
    void fit(Rectangle model, Rectangle client) {
        if (model.isEmpty() || client.isEmpty()) {
            return;
        }
        int margin = 30;
        zoom = Math.max(MIN_ZOOM, Math.min(1.0, Math.min((client.width - 2.0 * margin) / model.width,
                (client.height - 2.0 * margin) / model.height)));
        originX = model.x - (client.width / zoom - model.width) / 2;
        originY = model.y - (client.height / zoom - model.height) / 2;
    }
}
