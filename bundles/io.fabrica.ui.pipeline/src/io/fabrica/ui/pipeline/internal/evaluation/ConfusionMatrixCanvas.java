package io.fabrica.ui.pipeline.internal.evaluation;

import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;

import io.fabrica.ui.FabricaUi;

/**
 * The confusion matrix as a heat map: rows are the ground truth, columns the prediction, each cell
 * shaded by its share of its row (so a rare class is as readable as a common one) and labelled with its
 * count. Drawn with GC; colours are made per paint and disposed right after. UI thread only.
 */
final class ConfusionMatrixCanvas {

    private static final RGB LOW = new RGB(247, 251, 255);
    private static final RGB HIGH = new RGB(8, 81, 156);
    private static final int MARGIN = 8;

    private final Canvas canvas;
    private List<String> labels = List.of();
    private long[][] counts = new long[0][];

    ConfusionMatrixCanvas(Composite parent) {
        canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED);
        canvas.setData(FabricaUi.WIDGET_KEY, "evaluation.confusion");
        canvas.setBackground(parent.getDisplay().getSystemColor(SWT.COLOR_LIST_BACKGROUND));
        canvas.addPaintListener(e -> paint(e.gc));
    }

    Canvas control() {
        return canvas;
    }

    void show(List<String> newLabels, long[][] newCounts) {
        labels = List.copyOf(newLabels);
        counts = newCounts;
        canvas.redraw();
    }

    /** @return the count shown in a cell */
    long count(int truth, int predicted) {
        return counts[truth][predicted];
    }

    private void paint(GC gc) {
        int n = labels.size();
        if (n == 0) {
            gc.drawText("No evaluation yet.", MARGIN, MARGIN, true);
            return;
        }
        int labelWidth = 0;
        for (String l : labels) {
            labelWidth = Math.max(labelWidth, gc.textExtent(l).x);
        }
        Point text = gc.textExtent("predicted");
        int left = MARGIN + text.y + 4 + labelWidth + 6;
        int top = MARGIN + text.y + 4 + text.y + 4;
        Rectangle area = canvas.getClientArea();
        int cell = Math.max(24, Math.min((area.width - left - MARGIN) / n, (area.height - top - MARGIN) / n));
        gc.drawText("predicted", left + (cell * n - text.x) / 2, MARGIN, true);
        drawVertical(gc, "truth", MARGIN, top + cell * n / 2);
        for (int i = 0; i < n; i++) {
            Point extent = gc.textExtent(labels.get(i));
            gc.drawText(labels.get(i), left + i * cell + (cell - extent.x) / 2, MARGIN + text.y + 4, true);
            gc.drawText(labels.get(i), left - 6 - extent.x, top + i * cell + (cell - extent.y) / 2, true);
        }
        for (int r = 0; r < n; r++) {
            long total = 0;
            for (long c : counts[r]) {
                total += c;
            }
            for (int c = 0; c < n; c++) {
                double share = total == 0 ? 0 : (double) counts[r][c] / total;
                Color fill = new Color(mix(share));
                try {
                    gc.setBackground(fill);
                    gc.fillRectangle(left + c * cell, top + r * cell, cell, cell);
                } finally {
                    fill.dispose();
                }
                gc.setForeground(canvas.getDisplay().getSystemColor(share > 0.5 ? SWT.COLOR_WHITE : SWT.COLOR_BLACK));
                String value = Long.toString(counts[r][c]);
                Point extent = gc.textExtent(value);
                gc.drawText(value, left + c * cell + (cell - extent.x) / 2, top + r * cell + (cell - extent.y) / 2, true);
                gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_GRAY));
                gc.drawRectangle(left + c * cell, top + r * cell, cell, cell);
            }
        }
        gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_WIDGET_FOREGROUND));
    }

    private static void drawVertical(GC gc, String text, int x, int centerY) {
        org.eclipse.swt.graphics.Transform rotate = new org.eclipse.swt.graphics.Transform(gc.getDevice());
        try {
            Point extent = gc.textExtent(text);
            rotate.translate(x, centerY + extent.x / 2f);
            rotate.rotate(-90);
            gc.setTransform(rotate);
            gc.drawText(text, 0, 0, true);
            gc.setTransform(null);
        } finally {
            rotate.dispose();
        }
    }

    private static RGB mix(double share) {
        return new RGB((int) Math.round(LOW.red + (HIGH.red - LOW.red) * share), (int) Math.round(LOW.green + (HIGH.green - LOW.green) * share),
                (int) Math.round(LOW.blue + (HIGH.blue - LOW.blue) * share));
    }
}
