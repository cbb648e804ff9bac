package io.fabrica.ui.pipeline.internal.evaluation;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.PaletteData;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;

import io.fabrica.pipeline.api.Decision;
import io.fabrica.pipeline.api.Reason;
import io.fabrica.pipeline.evaluation.InspectionMetrics;
import io.fabrica.ui.FabricaUi;

/**
 * The explanation of one decision: its outcome, score and novelty, then its reasons, either as
 * horizontal bars (feature shares of the score, largest first) or, for an image pipeline whose reasons
 * are occluded regions ({@code region row R col C ...}), as a heat map of the region grid with each
 * region's contribution. For an inspection pipeline the anomaly map is the explanation: the image with
 * its heatmap and the defect's mask outlined, when the evaluation kept it (rejected parts and the worst
 * misses). Negative decisions have no reasons (the explain stage explains alarms only), which the
 * canvas says. Drawn with GC; UI thread only.
 */
final class ExplanationCanvas {

    /** How the explain stage names an occluded image region. */
    private static final Pattern REGION = Pattern.compile("region row (\\d+) col (\\d+)");
    /** The explain stage's occlusion grid; larger indices in reasons widen it. */
    private static final int GRID = 4;
    private static final int MARGIN = 8;
    private static final int BAR_HEIGHT = 16;

    private final Canvas canvas;
    private Decision decision;
    private InspectionMetrics.Shown heatmap;
    private Image heatmapImage;

    ExplanationCanvas(Composite parent) {
        canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED);
        canvas.setData(FabricaUi.WIDGET_KEY, "evaluation.explanation");
        canvas.setBackground(parent.getDisplay().getSystemColor(SWT.COLOR_LIST_BACKGROUND));
        canvas.addPaintListener(e -> paint(e.gc));
        canvas.addDisposeListener(e -> disposeImage());
    }

    Canvas control() {
        return canvas;
    }

    /**
     * @param d the decision to explain, or null for none
     * @param map the image with its anomaly map for that decision, or null if there is none
     */
    void show(Decision d, InspectionMetrics.Shown map) {
        decision = d;
        disposeImage();
        heatmap = map;
        if (map != null) {
            heatmapImage = new Image(canvas.getDisplay(), imageData(map.heatmap()));
        }
        canvas.redraw();
    }

    /** @return whether an image with its anomaly map is shown */
    boolean showsHeatmap() {
        return heatmapImage != null;
    }

    private void disposeImage() {
        if (heatmapImage != null) {
            heatmapImage.dispose();
            heatmapImage = null;
        }
    }

    /** AWT's RGB pixels as SWT image data (the headless evaluation draws with AWT). */
    private static ImageData imageData(BufferedImage image) {
        ImageData data = new ImageData(image.getWidth(), image.getHeight(), 24, new PaletteData(0xFF0000, 0x00FF00, 0x0000FF));
        int[] row = new int[image.getWidth()];
        for (int y = 0; y < image.getHeight(); y++) {
            image.getRGB(0, y, row.length, 1, row, 0, row.length);
            for (int x = 0; x < row.length; x++) {
                row[x] &= 0xFFFFFF;
            }
            data.setPixels(0, y, row.length, row, 0);
        }
        return data;
    }

    /** @return the reasons shown (empty if none), largest first */
    List<Reason> reasons() {
        return decision == null ? List.of() : decision.reasons();
    }

    /** @return whether the reasons are image regions, shown as a heat map */
    boolean showsRegions() {
        return decision != null && !decision.reasons().isEmpty() && decision.reasons().stream().allMatch(r -> REGION.matcher(r.input()).find());
    }

    private void paint(GC gc) {
        if (decision == null) {
            gc.drawText("Select a decision to see why it was made.", MARGIN, MARGIN, true);
            return;
        }
        String header = String.format(Locale.ROOT, "%s  score %.4g%s", decision.outcome(), decision.score(),
                Double.isNaN(decision.novelty()) ? "" : String.format(Locale.ROOT, "  novelty p%.1f", decision.novelty()));
        gc.drawText(header, MARGIN, MARGIN, true);
        int top = MARGIN + gc.textExtent(header).y + 6;
        if (heatmapImage != null) {
            paintHeatmap(gc, top);
        } else if (decision.reasons().isEmpty()) {
            gc.drawText(decision.positive() ? "No reasons recorded (the pipeline has no explain stage)."
                    : "Normal decisions carry no reasons: only alarms are explained.", MARGIN, top, true);
        } else if (showsRegions()) {
            paintRegions(gc, top);
        } else {
            paintBars(gc, top);
        }
    }

    private void paintHeatmap(GC gc, int top) {
        String caption = String.format(Locale.ROOT, "%s (truth: %s): anomaly map red to yellow, defect mask outlined in cyan",
                heatmap.file().getFileName(), heatmap.label());
        gc.drawText(caption, MARGIN, top, true);
        top += gc.textExtent(caption).y + 4;
        Rectangle area = canvas.getClientArea();
        Rectangle image = heatmapImage.getBounds();
        double scale = Math.min((area.width - 2.0 * MARGIN) / image.width, (area.height - top - MARGIN) / (double) image.height);
        scale = Math.max(0.1, scale);
        gc.drawImage(heatmapImage, 0, 0, image.width, image.height, MARGIN, top, (int) (image.width * scale), (int) (image.height * scale));
    }

    private void paintBars(GC gc, int top) {
        List<Reason> reasons = decision.reasons();
        double max = reasons.stream().mapToDouble(r -> Math.abs(r.contribution())).max().orElse(1);
        int nameWidth = reasons.stream().mapToInt(r -> gc.textExtent(r.input()).x).max().orElse(0);
        int valueWidth = gc.textExtent("-0.0000e-00").x;
        Rectangle area = canvas.getClientArea();
        int barLeft = MARGIN + nameWidth + 8;
        int barSpace = Math.max(40, area.width - barLeft - valueWidth - 2 * MARGIN);
        for (int i = 0; i < reasons.size(); i++) {
            Reason r = reasons.get(i);
            int y = top + i * (BAR_HEIGHT + 6);
            gc.drawText(r.input(), MARGIN, y, true);
            int width = max == 0 ? 0 : (int) Math.round(barSpace * Math.abs(r.contribution()) / max);
            gc.setBackground(canvas.getDisplay().getSystemColor(r.contribution() >= 0 ? SWT.COLOR_DARK_RED : SWT.COLOR_DARK_GREEN));
            gc.fillRectangle(barLeft, y + 2, Math.max(1, width), BAR_HEIGHT - 4);
            gc.drawText(String.format(Locale.ROOT, "%.4g", r.contribution()), barLeft + width + 6, y, true);
        }
    }

    private void paintRegions(GC gc, int top) {
        int rows = GRID;
        int cols = GRID;
        for (Reason r : decision.reasons()) {
            Matcher m = REGION.matcher(r.input());
            if (m.find()) {
                rows = Math.max(rows, Integer.parseInt(m.group(1)) + 1);
                cols = Math.max(cols, Integer.parseInt(m.group(2)) + 1);
            }
        }
        double[][] grid = new double[rows][cols];
        boolean[][] known = new boolean[rows][cols];
        double max = 0;
        for (Reason r : decision.reasons()) {
            Matcher m = REGION.matcher(r.input());
            if (m.find()) {
                int row = Integer.parseInt(m.group(1));
                int col = Integer.parseInt(m.group(2));
                grid[row][col] = r.contribution();
                known[row][col] = true;
                max = Math.max(max, Math.abs(r.contribution()));
            }
        }
        Rectangle area = canvas.getClientArea();
        int cell = Math.max(20, Math.min((area.width - 2 * MARGIN) / cols, (area.height - top - MARGIN) / rows));
        for (int row = 0; row < rows; row++) {
            for (int col = 0; col < cols; col++) {
                double share = max == 0 || !known[row][col] ? 0 : Math.max(0, grid[row][col]) / max;
                Color fill = new Color(new RGB(255, (int) Math.round(255 - 200 * share), (int) Math.round(255 - 220 * share)));
                try {
                    gc.setBackground(fill);
                    gc.fillRectangle(MARGIN + col * cell, top + row * cell, cell, cell);
                } finally {
                    fill.dispose();
                }
                gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_GRAY));
                gc.drawRectangle(MARGIN + col * cell, top + row * cell, cell, cell);
                if (known[row][col]) {
                    gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_BLACK));
                    String value = String.format(Locale.ROOT, "%.2g", grid[row][col]);
                    Point extent = gc.textExtent(value);
                    gc.drawText(value, MARGIN + col * cell + (cell - extent.x) / 2, top + row * cell + (cell - extent.y) / 2, true);
                }
            }
        }
        gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_WIDGET_FOREGROUND));
    }
}
