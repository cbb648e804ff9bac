package io.fabrica.pipeline.evaluation;

import static io.fabrica.pipeline.evaluation.Format.coordinate;
import static io.fabrica.pipeline.evaluation.Format.escape;

/**
 * Writes one SVG element. Styles are presentation attributes rather than CSS classes so that a chart
 * copied out of the page still renders the same. Text is escaped here; attribute values passed in
 * as styles are constants of the charts.
 */
final class Svg {

    static final String FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
    static final String INK = "#222";
    static final String GRID = "#e3e3e3";
    static final String AXIS = "#888";

    private final StringBuilder out = new StringBuilder(4096);

    /**
     * @param width the width in pixels
     * @param height the height in pixels
     * @param title the accessible name of the chart
     */
    Svg(int width, int height, String title) {
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" role=\"img\" font-family=\"").append(FONT).append("\" font-size=\"11\" fill=\"")
                .append(INK).append("\">\n<title>").append(escape(title)).append("</title>\n");
    }

    Svg line(double x1, double y1, double x2, double y2, String stroke, String extra) {
        out.append("<line x1=\"").append(coordinate(x1)).append("\" y1=\"").append(coordinate(y1)).append("\" x2=\"")
                .append(coordinate(x2)).append("\" y2=\"").append(coordinate(y2)).append("\" stroke=\"").append(stroke)
                .append('"').append(extra.isEmpty() ? "" : " " + extra).append("/>\n");
        return this;
    }

    Svg rect(double x, double y, double width, double height, String fill, String tooltip) {
        out.append("<rect x=\"").append(coordinate(x)).append("\" y=\"").append(coordinate(y)).append("\" width=\"")
                .append(coordinate(width)).append("\" height=\"").append(coordinate(height)).append("\" fill=\"")
                .append(fill).append('"');
        if (tooltip == null) {
            out.append("/>\n");
        } else {
            out.append("><title>").append(escape(tooltip)).append("</title></rect>\n");
        }
        return this;
    }

    /**
     * @param anchor {@code start}, {@code middle} or {@code end}
     * @param extra more attributes, e.g. a transform or fill, or empty
     */
    Svg text(double x, double y, String text, String anchor, String extra) {
        out.append("<text x=\"").append(coordinate(x)).append("\" y=\"").append(coordinate(y)).append("\" text-anchor=\"")
                .append(anchor).append('"').append(extra.isEmpty() ? "" : " " + extra).append('>').append(escape(text))
                .append("</text>\n");
        return this;
    }

    /** Text rotated by an angle in degrees around its anchor point. */
    Svg rotatedText(double x, double y, double degrees, String text, String anchor) {
        return text(x, y, text, anchor, "transform=\"rotate(" + coordinate(degrees) + " " + coordinate(x) + " "
                + coordinate(y) + ")\"");
    }

    /** A path from SVG path data made of coordinates only. */
    Svg path(CharSequence data, String stroke, double width, String extra) {
        out.append("<path d=\"").append(data).append("\" fill=\"none\" stroke=\"").append(stroke)
                .append("\" stroke-width=\"").append(coordinate(width)).append('"')
                .append(extra.isEmpty() ? "" : " " + extra).append("/>\n");
        return this;
    }

    Svg circle(double x, double y, double r, String fill) {
        out.append("<circle cx=\"").append(coordinate(x)).append("\" cy=\"").append(coordinate(y)).append("\" r=\"")
                .append(coordinate(r)).append("\" fill=\"").append(fill).append("\"/>\n");
        return this;
    }

    /** A centred grey note, for charts without data. */
    Svg note(double x, double y, String text) {
        return text(x, y, text, "middle", "fill=\"" + AXIS + "\"");
    }

    /** @return the finished element */
    String end() {
        return out.append("</svg>").toString();
    }
}
