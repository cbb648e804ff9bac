package io.fabrica.pipeline.evaluation;

import java.util.List;
import java.util.Locale;

/**
 * Draws the confusion matrix as a heatmap with counts. Colours are normalised per truth row, so that
 * a rare class with all its decisions wrong is as visible as a frequent one.
 */
final class ConfusionChart {

    /** Longer labels are cut, the full text stays in the tooltips. */
    private static final int MAX_LABEL = 20;
    /** Average width of a character at the chart's font size, for the layout. */
    private static final double CHAR_WIDTH = 6.5;
    private static final double SIN_45 = Math.sqrt(0.5);
    private static final int[] LIGHT = {247, 251, 255};
    private static final int[] DARK = {8, 81, 156};

    private ConfusionChart() {
    }

    /** @return the chart as an SVG element */
    static String svg(EvaluationReport report) {
        List<String> labels = report.confusionLabels();
        int k = labels.size();
        int cell = Math.max(28, Math.min(64, 360 / Math.max(1, k)));
        double labelWidth = Math.min(150, CHAR_WIDTH * longest(labels) + 10);
        double left = 24 + labelWidth;
        double top = 26 + SIN_45 * labelWidth + 6;
        double width = Math.max(left + k * cell + 12, left + k * cell - cell / 2.0 + SIN_45 * labelWidth + 8);
        Svg svg = new Svg((int) Math.ceil(width), (int) Math.ceil(top + k * cell + 12),
                "Confusion matrix, rows truth, columns predicted");
        svg.text(left + k * cell / 2.0, 14, "predicted", "middle", "font-weight=\"600\"");
        svg.rotatedText(12, top + k * cell / 2.0, -90, "truth", "middle");
        for (int i = 0; i < k; i++) {
            double centre = i * cell + cell / 2.0;
            svg.text(left - 6, top + centre + 4, cut(labels.get(i)), "end", "");
            svg.rotatedText(left + centre, top - 6, -45, cut(labels.get(i)), "start");
        }
        for (int row = 0; row < k; row++) {
            cells(svg, report, row, left, top, cell);
        }
        return svg.end();
    }

    private static void cells(Svg svg, EvaluationReport report, int row, double left, double top, int cell) {
        long[] counts = report.confusion()[row];
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        List<String> labels = report.confusionLabels();
        for (int column = 0; column < counts.length; column++) {
            double share = total == 0 ? 0 : counts[column] / (double) total;
            double x = left + column * cell;
            double y = top + row * cell;
            String tooltip = String.format(Locale.ROOT, "truth %s, predicted %s: %d (%.1f %% of %s)", labels.get(row),
                    labels.get(column), counts[column], 100 * share, labels.get(row));
            svg.rect(x, y, cell - 1, cell - 1, colour(share), tooltip);
            svg.text(x + cell / 2.0, y + cell / 2.0 + 4, Long.toString(counts[column]), "middle",
                    share > 0.55 ? "fill=\"#fff\"" : "");
        }
    }

    private static int longest(List<String> labels) {
        int longest = 1;
        for (String label : labels) {
            longest = Math.max(longest, cut(label).length());
        }
        return longest;
    }

    private static String cut(String label) {
        return label.length() <= MAX_LABEL ? label : label.substring(0, MAX_LABEL - 1) + "…";
    }

    /** @return the colour between light and dark for a share 0..1 */
    private static String colour(double share) {
        int[] rgb = new int[3];
        for (int i = 0; i < 3; i++) {
            rgb[i] = (int) Math.round(LIGHT[i] + (DARK[i] - LIGHT[i]) * share);
        }
        return String.format(Locale.ROOT, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
    }
}
