package io.fabrica.pipeline.evaluation;

import java.util.Map;

/** Draws the median and 99th percentile processing time of each stage as horizontal bars. */
final class LatencyChart {

    private static final int WIDTH = 620;
    private static final int TOP = 30;
    private static final int ROW = 36;
    private static final int BAR = 13;
    /** Room right of the longest bar for its value. */
    private static final int VALUE_WIDTH = 110;
    /** Stage paths are cut at the front: the last segments name the stage. */
    private static final int MAX_LABEL = 30;
    private static final double CHAR_WIDTH = 6.5;
    private static final String P50 = "#9ecae1";
    private static final String P99 = "#2171b5";

    private LatencyChart() {
    }

    /** @return the chart as an SVG element */
    static String svg(EvaluationReport report) {
        Map<String, Latency> latencies = report.latencies();
        if (latencies.isEmpty()) {
            return new Svg(WIDTH, 60, "Processing time per stage").note(WIDTH / 2.0, 34, "no processing times recorded")
                    .end();
        }
        double left = 10 + Math.min(220, CHAR_WIDTH * longest(latencies) + 10);
        double scale = (WIDTH - left - VALUE_WIDTH) / largest(latencies);
        Svg svg = new Svg(WIDTH, TOP + latencies.size() * ROW + 8, "Processing time per stage, p50 and p99");
        svg.rect(left, 8, 14, 10, P50, null).text(left + 20, 17, "p50 (median)", "start", "");
        svg.rect(left + 120, 8, 14, 10, P99, null).text(left + 140, 17, "p99", "start", "");
        int row = 0;
        for (Map.Entry<String, Latency> entry : latencies.entrySet()) {
            bars(svg, entry.getKey(), entry.getValue(), TOP + row++ * ROW, left, scale);
        }
        return svg.end();
    }

    private static void bars(Svg svg, String stage, Latency latency, double y, double left, double scale) {
        String tooltip = stage + ": p50 " + Format.micros(latency.p50Micros()) + ", p99 " + Format.micros(latency.p99Micros())
                + ", max " + Format.micros(latency.maxMicros()) + ", " + latency.samples() + " samples";
        svg.text(left - 8, y + BAR + 4, cut(stage), "end", "");
        double p50 = Math.max(1, latency.p50Micros() * scale);
        double p99 = Math.max(1, latency.p99Micros() * scale);
        svg.rect(left, y + 2, p50, BAR, P50, tooltip).text(left + p50 + 6, y + BAR, "p50 " + Format.micros(latency.p50Micros()),
                "start", "");
        svg.rect(left, y + BAR + 4, p99, BAR, P99, tooltip)
                .text(left + p99 + 6, y + 2 * BAR + 2, "p99 " + Format.micros(latency.p99Micros()), "start", "");
    }

    /** @return the largest p99, at least 1 µs so that the scale is defined */
    private static double largest(Map<String, Latency> latencies) {
        double largest = 1;
        for (Latency latency : latencies.values()) {
            largest = Math.max(largest, latency.p99Micros());
        }
        return largest;
    }

    private static int longest(Map<String, Latency> latencies) {
        int longest = 1;
        for (String stage : latencies.keySet()) {
            longest = Math.max(longest, cut(stage).length());
        }
        return longest;
    }

    private static String cut(String stage) {
        return stage.length() <= MAX_LABEL ? stage : "…" + stage.substring(stage.length() - MAX_LABEL + 1);
    }
}
