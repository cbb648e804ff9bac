package io.fabrica.pipeline.evaluation;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The plain-text summary of a report for the command line. */
final class Summary {

    /** Missed episodes are listed by name up to this many. */
    private static final int MAX_MISSED = 5;

    private Summary() {
    }

    static String of(EvaluationReport r) {
        StringBuilder text = new StringBuilder();
        text.append("Evaluation of ").append(r.pipeline()).append(": ").append(r.decisions()).append(" decisions, ")
                .append(r.labelled()).append(" labelled\n");
        text.append("  precision ").append(Format.ratio(r.precision())).append("  recall ").append(Format.ratio(r.recall()))
                .append("  F1 ").append(Format.ratio(r.f1())).append("  accuracy ").append(Format.ratio(r.accuracy()))
                .append("  ROC AUC ").append(Format.ratio(r.rocAuc()));
        lowFalseAlarms(text, r.lowFalseAlarms());
        if (!r.perPart()) {
            episodes(text, r.leadTimes());
        }
        for (Map.Entry<String, Latency> entry : r.latencies().entrySet()) {
            Latency latency = entry.getValue();
            text.append("\n  latency ").append(entry.getKey()).append(": p50 ").append(Format.micros(latency.p50Micros()))
                    .append(", p99 ").append(Format.micros(latency.p99Micros())).append(", max ")
                    .append(Format.micros(latency.maxMicros())).append(" (").append(latency.samples()).append(" samples)");
        }
        return text.toString();
    }

    /** The recall where at most 1 % of the normal decisions alarm, e.g. "recall at <=1% false alarms 0.987 (...)". */
    private static void lowFalseAlarms(StringBuilder text, OperatingPoint p) {
        if (Double.isNaN(p.recall())) {
            return;
        }
        text.append("\n  recall at <=").append(Format.significant(100 * p.maxFalseAlarmRate())).append("% false alarms ")
                .append(Format.ratio(p.recall())).append(" (false alarms ").append(Format.significant(100 * p.falseAlarmRate()))
                .append(" % of normal decisions, score threshold ").append(Format.significant(p.threshold())).append(")");
    }

    /** @return how many fault episodes had an alarm */
    static int detected(EvaluationReport r) {
        int detected = 0;
        for (LeadTime lead : r.leadTimes()) {
            detected += lead.missed() ? 0 : 1;
        }
        return detected;
    }

    private static void episodes(StringBuilder text, List<LeadTime> leads) {
        if (leads.isEmpty()) {
            text.append("\n  no fault episodes in the ground truth");
            return;
        }
        double[] delays = leads.stream().filter(l -> !l.missed()).mapToDouble(LeadTime::detectionDelaySeconds).toArray();
        double[] leadTimes = leads.stream().filter(l -> !l.missed()).mapToDouble(LeadTime::leadSeconds).toArray();
        text.append("\n  fault episodes: ").append(delays.length).append(" of ").append(leads.size()).append(" detected");
        if (delays.length > 0) {
            text.append("; detection delay median ").append(Format.seconds(median(delays))).append(" (max ")
                    .append(Format.seconds(Arrays.stream(delays).max().getAsDouble())).append("); lead before end median ")
                    .append(Format.seconds(median(leadTimes)));
        }
        int listed = 0;
        for (LeadTime lead : leads) {
            if (lead.missed() && listed++ < MAX_MISSED) {
                text.append("\n  missed ").append(lead.label()).append(" from ").append(Format.timestamp(lead.onsetMillis()))
                        .append(" to ").append(Format.timestamp(lead.endMillis()));
            }
        }
        if (listed > MAX_MISSED) {
            text.append("\n  … and ").append(listed - MAX_MISSED).append(" more missed");
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
