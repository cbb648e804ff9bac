package io.fabrica.pipeline.evaluation;

import static io.fabrica.pipeline.evaluation.Format.escape;

import java.util.List;
import java.util.Map;

/**
 * Builds the HTML report: one page, styles inline, charts as inline SVG, no scripts. The markup is
 * kept well-formed XML (closed empty elements, no named entities but the XML ones) so that the page
 * and each chart can be checked or extracted with an XML parser.
 */
final class HtmlPage {

    private static final String STYLE = """
            body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: #222; margin: 2em auto;
                   max-width: 1000px; padding: 0 1em; }
            h1 { font-size: 1.5em; margin-bottom: 0.2em; }
            h2 { font-size: 1.15em; margin: 1.6em 0 0.5em; }
            p.note { color: #666; margin-top: 0; }
            table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
            th, td { padding: 0.25em 0.9em 0.25em 0; text-align: left; border-bottom: 1px solid #e3e3e3; }
            td.number { text-align: right; }
            tr.missed td { color: #c62828; }
            .charts { display: flex; flex-wrap: wrap; gap: 1.5em; }
            figure { margin: 0; }
            figcaption { font-weight: 600; margin-bottom: 0.3em; }
            svg { max-width: 100%; height: auto; }
            """;

    /**
     * The lead-time table shows at most this many episodes: an image inspection has an "episode" per
     * defect image, thousands of rows nobody reads; the JSON has them all.
     */
    private static final int MAX_EPISODE_ROWS = 200;

    private final EvaluationReport report;
    private final StringBuilder out = new StringBuilder(64 * 1024);

    private HtmlPage(EvaluationReport report) {
        this.report = report;
    }

    /** @return the page */
    static String of(EvaluationReport report) {
        return new HtmlPage(report).page();
    }

    private String page() {
        String title = "Evaluation of " + report.pipeline();
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>").append(escape(title))
                .append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n<h1>").append(escape(title))
                .append("</h1>\n<p class=\"note\">").append(report.decisions()).append(" decisions, ").append(report.labelled())
                .append(" with ground truth. Times in UTC.</p>\n");
        metrics();
        out.append("<h2>Charts</h2>\n<div class=\"charts\">\n");
        figure("Score over time", TimelineChart.svg(report));
        figure("ROC curve", RocChart.svg(report));
        figure("Confusion matrix (rows: truth, columns: predicted)", ConfusionChart.svg(report));
        figure("Processing time per stage", LatencyChart.svg(report));
        out.append("</div>\n");
        leadTimes();
        latencies();
        return out.append("</body>\n</html>\n").toString();
    }

    private void figure(String caption, String svg) {
        out.append("<figure>\n<figcaption>").append(escape(caption)).append("</figcaption>\n").append(svg)
                .append("\n</figure>\n");
    }

    private void metrics() {
        out.append("<h2>Metrics</h2>\n<table>\n");
        row("Precision", Format.ratio(report.precision()));
        row("Recall", Format.ratio(report.recall()));
        row("F1", Format.ratio(report.f1()));
        row("Accuracy", Format.ratio(report.accuracy()));
        row("ROC AUC", Format.ratio(report.rocAuc()));
        OperatingPoint low = report.lowFalseAlarms();
        row("Recall at ≤" + Format.significant(100 * low.maxFalseAlarmRate()) + " % false alarms", Double.isNaN(low.recall()) ? Format.ratio(low.recall())
                : Format.ratio(low.recall()) + " (score > " + Format.significant(low.threshold()) + ")");
        row("Threshold", Double.isNaN(report.threshold()) ? "none" : Format.significant(report.threshold()));
        if (!report.perPart()) {
            row("Fault episodes detected", Summary.detected(report) + " of " + report.leadTimes().size());
        }
        out.append("</table>\n");
        if (report.confusionLabels().size() > 2) {
            out.append("<p class=\"note\">Precision, recall, F1 and accuracy are binary: any defect class against ")
                    .append(escape(report.confusionLabels().get(0)))
                    .append(". The confusion matrix compares the classes.</p>\n");
        }
    }

    private void row(String name, String value) {
        out.append("<tr><th>").append(escape(name)).append("</th><td class=\"number\">").append(escape(value))
                .append("</td></tr>\n");
    }

    private void leadTimes() {
        if (report.perPart()) {
            return; // separate parts have no fault episodes
        }
        out.append("<h2>Fault episodes</h2>\n");
        if (report.leadTimes().isEmpty()) {
            out.append("<p>No fault episodes in the ground truth.</p>\n");
            return;
        }
        out.append("<table>\n<tr><th>Label</th><th>Onset</th><th>End</th><th>First alarm</th>"
                + "<th>Detection delay</th><th>Lead before end</th></tr>\n");
        List<LeadTime> leads = report.leadTimes();
        for (LeadTime lead : leads.subList(0, Math.min(leads.size(), MAX_EPISODE_ROWS))) {
            out.append(lead.missed() ? "<tr class=\"missed\">" : "<tr>");
            cells(lead.label(), Format.timestamp(lead.onsetMillis()), Format.timestamp(lead.endMillis()),
                    lead.missed() ? "missed" : Format.timestamp(lead.firstAlarmMillis()));
            numbers(Format.seconds(lead.detectionDelaySeconds()), Format.seconds(lead.leadSeconds()));
            out.append("</tr>\n");
        }
        out.append("</table>\n");
        if (leads.size() > MAX_EPISODE_ROWS) {
            out.append("<p class=\"note\">The first ").append(MAX_EPISODE_ROWS).append(" of ").append(leads.size())
                    .append(" episodes; all are in the JSON report.</p>\n");
        }
    }

    private void latencies() {
        if (report.latencies().isEmpty()) {
            return;
        }
        out.append("<h2>Processing time</h2>\n<table>\n<tr><th>Stage</th><th>Samples</th><th>p50</th><th>p99</th>"
                + "<th>Max</th></tr>\n");
        for (Map.Entry<String, Latency> entry : report.latencies().entrySet()) {
            Latency latency = entry.getValue();
            out.append("<tr>");
            cells(entry.getKey());
            numbers(Long.toString(latency.samples()), Format.micros(latency.p50Micros()), Format.micros(latency.p99Micros()),
                    Format.micros(latency.maxMicros()));
            out.append("</tr>\n");
        }
        out.append("</table>\n");
    }

    private void cells(String... texts) {
        for (String text : texts) {
            out.append("<td>").append(escape(text)).append("</td>");
        }
    }

    private void numbers(String... texts) {
        for (String text : texts) {
            out.append("<td class=\"number\">").append(escape(text)).append("</td>");
        }
    }
}
