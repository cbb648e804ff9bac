package io.fabrica.pipeline.evaluation;

import java.util.List;

/** Draws the ROC curve with the chance diagonal and the AUC. */
final class RocChart {

    private static final int WIDTH = 360;
    private static final int HEIGHT = 340;
    private static final int LEFT = 52;
    private static final int TOP = 16;
    private static final int PLOT = 280;
    private static final String CURVE = "#1f6fb2";

    private RocChart() {
    }

    /** @return the chart as an SVG element */
    static String svg(EvaluationReport report) {
        Svg svg = new Svg(WIDTH, HEIGHT, "ROC curve, AUC " + Format.ratio(report.rocAuc()));
        Scale x = new Scale(0, 1, LEFT, LEFT + PLOT, 0.25);
        Scale y = new Scale(0, 1, TOP + PLOT, TOP, 0.25);
        grid(svg, x, y);
        List<double[]> curve = report.rocCurve();
        if (curve.isEmpty()) {
            svg.note(LEFT + PLOT / 2.0, TOP + PLOT / 2.0, "needs labelled normal and fault decisions");
            return svg.end();
        }
        svg.line(x.at(0), y.at(0), x.at(1), y.at(1), Svg.AXIS, "stroke-dasharray=\"4 4\"");
        StringBuilder d = new StringBuilder(curve.size() * 14);
        for (double[] point : curve) {
            d.append(d.isEmpty() ? "M" : " L").append(Format.coordinate(x.at(point[0]))).append(' ')
                    .append(Format.coordinate(y.at(point[1])));
        }
        svg.path(d, CURVE, 2, "stroke-linejoin=\"round\"");
        svg.text(x.at(1) - 10, y.at(0) - 12, "AUC " + Format.ratio(report.rocAuc()), "end",
                "font-size=\"15\" font-weight=\"600\"");
        return svg.end();
    }

    private static void grid(Svg svg, Scale x, Scale y) {
        for (double v : x.ticks()) {
            String label = Format.significant(v);
            svg.line(x.at(v), y.at(0), x.at(v), y.at(1), Svg.GRID, "");
            svg.line(x.at(0), y.at(v), x.at(1), y.at(v), Svg.GRID, "");
            svg.text(x.at(v), y.at(0) + 16, label, "middle", "");
            svg.text(x.at(0) - 6, y.at(v) + 4, label, "end", "");
        }
        svg.line(x.at(0), y.at(0), x.at(1), y.at(0), Svg.AXIS, "");
        svg.line(x.at(0), y.at(0), x.at(0), y.at(1), Svg.AXIS, "");
        svg.text(x.at(0.5), y.at(0) + 34, "false positive rate", "middle", "");
        svg.rotatedText(x.at(0) - 34, y.at(0.5), -90, "true positive rate", "middle");
    }
}
