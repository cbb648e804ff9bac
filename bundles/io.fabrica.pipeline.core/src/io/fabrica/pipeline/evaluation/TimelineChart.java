package io.fabrica.pipeline.evaluation;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Draws the score over time: ground-truth fault episodes shaded, the threshold as a dashed line and
 * the alarms as red marks in a strip below the plot.
 */
final class TimelineChart {

    private static final int WIDTH = 960;
    private static final int HEIGHT = 300;
    private static final int LEFT = 64;
    private static final int RIGHT = 20;
    private static final int TOP = 30;
    private static final int PLOT_HEIGHT = 200;
    private static final int STRIP = 8;
    private static final String SCORE = "#1f6fb2";
    private static final String THRESHOLD = "#e08a00";
    private static final String FAULT = "#f8d0d0";
    private static final String ALARM = "#c62828";
    /** Up to this many points each get a dot, so that isolated decisions are visible. */
    private static final int DOTS = 60;

    private final Timeline timeline;
    private final double threshold;
    private final Svg svg;
    private Scale x;
    private Scale y;

    private TimelineChart(EvaluationReport report) {
        this.timeline = report.timeline();
        this.threshold = report.threshold();
        this.svg = new Svg(WIDTH, HEIGHT, "Score over time with threshold, ground-truth faults and alarms");
    }

    /** @return the chart as an SVG element */
    static String svg(EvaluationReport report) {
        TimelineChart chart = new TimelineChart(report);
        if (chart.timeline.size() == 0) {
            chart.svg.note(WIDTH / 2.0, HEIGHT / 2.0, "no decisions");
        } else {
            chart.draw();
        }
        return chart.svg.end();
    }

    private void draw() {
        long[] times = timeline.timesMillis();
        long first = times[0];
        long last = Math.max(times[times.length - 1], first + 1);
        x = new Scale(first, last, LEFT, WIDTH - RIGHT, last - first);
        y = scoreScale();
        legend();
        faults();
        yAxis();
        thresholdLine();
        scores();
        alarms();
        timeAxis(first, last);
    }

    private Scale scoreScale() {
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (double score : timeline.scores()) {
            if (Double.isFinite(score)) {
                low = Math.min(low, score);
                high = Math.max(high, score);
            }
        }
        if (Double.isFinite(threshold)) {
            low = Math.min(low, threshold);
            high = Math.max(high, threshold);
        }
        return Scale.nice(low, high, TOP + PLOT_HEIGHT, TOP, 5);
    }

    private void legend() {
        double at = LEFT;
        svg.line(at, 14, at + 18, 14, SCORE, "stroke-width=\"2\"").text(at + 24, 18, "score", "start", "");
        at += 80;
        if (Double.isFinite(threshold)) {
            svg.line(at, 14, at + 18, 14, THRESHOLD, "stroke-width=\"1.5\" stroke-dasharray=\"5 3\"")
                    .text(at + 24, 18, "threshold " + Format.significant(threshold), "start", "");
            at += 130;
        }
        svg.rect(at, 8, 18, 12, FAULT, null).text(at + 24, 18, "fault (ground truth)", "start", "");
        at += 140;
        svg.rect(at, 10, 18, STRIP, ALARM, null).text(at + 24, 18, "alarm", "start", "");
    }

    private void yAxis() {
        for (double v : y.ticks()) {
            svg.line(LEFT, y.at(v), WIDTH - RIGHT, y.at(v), Svg.GRID, "");
            svg.text(LEFT - 6, y.at(v) + 4, Format.significant(v), "end", "");
        }
        svg.line(LEFT, TOP, LEFT, TOP + PLOT_HEIGHT, Svg.AXIS, "");
        svg.rotatedText(16, TOP + PLOT_HEIGHT / 2.0, -90, "score", "middle");
    }

    private void faults() {
        boolean[] truth = timeline.truthPositive();
        for (int start = 0; start < truth.length; start++) {
            if (truth[start]) {
                int end = runEnd(truth, start);
                double[] span = span(start, end);
                svg.rect(span[0], TOP, span[1] - span[0], PLOT_HEIGHT, FAULT, "fault (ground truth) from "
                        + Format.timestamp(timeline.timesMillis()[start]) + " to " + Format.timestamp(timeline.timesMillis()[end]));
                start = end;
            }
        }
    }

    private void alarms() {
        boolean[] alarm = timeline.alarms();
        double top = TOP + PLOT_HEIGHT + 6;
        svg.text(LEFT - 6, top + STRIP, "alarms", "end", "fill=\"" + Svg.AXIS + "\"");
        for (int start = 0; start < alarm.length; start++) {
            if (alarm[start]) {
                int end = runEnd(alarm, start);
                double[] span = span(start, end);
                svg.rect(span[0], top, span[1] - span[0], STRIP, ALARM, null);
                start = end;
            }
        }
    }

    /** @return the index of the last true flag of the run starting at {@code start} */
    private static int runEnd(boolean[] flags, int start) {
        int end = start;
        while (end + 1 < flags.length && flags[end + 1]) {
            end++;
        }
        return end;
    }

    /**
     * The pixels covered by points start..end: up to the next point, since each point stands for the
     * time until the next one; at least 2 pixels wide so that a single decision shows.
     */
    private double[] span(int start, int end) {
        long[] times = timeline.timesMillis();
        double from = x.at(times[start]);
        double to = end + 1 < times.length ? x.at(times[end + 1]) : x.at(times[end]);
        if (to - from < 2) {
            from = Math.max(LEFT, Math.min(from, WIDTH - RIGHT - 2.0));
            to = from + 2;
        }
        return new double[] {from, to};
    }

    private void thresholdLine() {
        if (Double.isFinite(threshold)) {
            svg.line(LEFT, y.at(threshold), WIDTH - RIGHT, y.at(threshold), THRESHOLD,
                    "stroke-width=\"1.5\" stroke-dasharray=\"5 3\"");
        }
    }

    /** The score as one path; non-finite scores leave a gap. */
    private void scores() {
        long[] times = timeline.timesMillis();
        double[] scores = timeline.scores();
        StringBuilder d = new StringBuilder(scores.length * 14);
        boolean drawing = false;
        for (int i = 0; i < scores.length; i++) {
            if (!Double.isFinite(scores[i])) {
                drawing = false;
                continue;
            }
            d.append(d.isEmpty() ? "" : " ").append(drawing ? "L" : "M").append(Format.coordinate(x.at(times[i])))
                    .append(' ').append(Format.coordinate(y.at(scores[i])));
            drawing = true;
        }
        if (!d.isEmpty()) {
            svg.path(d, SCORE, 1.5, "stroke-linejoin=\"round\"");
        }
        for (int i = 0; scores.length <= DOTS && i < scores.length; i++) {
            if (Double.isFinite(scores[i])) {
                svg.circle(x.at(times[i]), y.at(scores[i]), 2.5, SCORE);
            }
        }
    }

    private void timeAxis(long first, long last) {
        double base = TOP + PLOT_HEIGHT + STRIP + 10;
        svg.line(LEFT, base, WIDTH - RIGHT, base, Svg.AXIS, "");
        DateTimeFormatter format = tickFormat(last - first);
        int ticks = 6;
        for (int i = 0; i <= ticks; i++) {
            long t = first + Math.round((last - first) * (double) i / ticks);
            String anchor = i == 0 ? "start" : i == ticks ? "end" : "middle";
            svg.line(x.at(t), base, x.at(t), base + 4, Svg.AXIS, "");
            svg.text(x.at(t), base + 16, format.format(Instant.ofEpochMilli(t)), anchor, "");
        }
        svg.text(LEFT + (WIDTH - LEFT - RIGHT) / 2.0, HEIGHT - 6, "time (UTC), " + Format.timestamp(first) + " to "
                + Format.timestamp(timeline.timesMillis()[timeline.size() - 1]), "middle", "fill=\"" + Svg.AXIS + "\"");
    }

    /** Tick labels as precise as the time span needs. */
    private static DateTimeFormatter tickFormat(long spanMillis) {
        String pattern = spanMillis < 10_000 ? "HH:mm:ss.SSS" : spanMillis <= 86_400_000 ? "HH:mm:ss" : "MM-dd HH:mm";
        return DateTimeFormatter.ofPattern(pattern, Locale.ROOT).withZone(ZoneOffset.UTC);
    }
}
