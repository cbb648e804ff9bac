package io.fabrica.ui.pipeline.internal.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;

import io.fabrica.pipeline.evaluation.EvaluationReport;
import io.fabrica.pipeline.evaluation.InspectionMetrics;
import io.fabrica.pipeline.evaluation.Latency;
import io.fabrica.pipeline.evaluation.LeadTime;
import io.fabrica.ui.FabricaUi;

/**
 * The metrics of a report as a two-column table: counts, precision, recall, F1, accuracy, ROC AUC and
 * threshold, the detection delay and lead time of each fault episode, and the p50/p99 latency of each
 * stage. Undefined values read "n/a". UI thread only.
 */
final class MetricsTable {

    private final Table table;

    MetricsTable(Composite parent) {
        table = new Table(parent, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE);
        table.setData(FabricaUi.WIDGET_KEY, "evaluation.metrics");
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        column("Metric", 240);
        column("Value", 150);
    }

    Table control() {
        return table;
    }

    /**
     * @param report the decision-level figures
     * @param inspection an inspection pipeline's pixel-level figures, or null; listed after the ROC AUC
     */
    void show(EvaluationReport report, InspectionMetrics.Result inspection) {
        table.removeAll();
        List<String[]> rows = rows(report);
        if (inspection != null) {
            rows.addAll(rows.indexOf(rows.stream().filter(r -> r[0].equals("ROC AUC")).findFirst().orElseThrow()) + 1,
                    inspectionRows(inspection));
        }
        for (String[] row : rows) {
            new TableItem(table, SWT.NONE).setText(row);
        }
    }

    /** @return the inspection rows: pixel ROC AUC, PRO, recall at few false rejects */
    static List<String[]> inspectionRows(InspectionMetrics.Result r) {
        return List.of(new String[] {"Pixel ROC AUC", ratio(r.pixelAuroc())},
                new String[] {"PRO (to 30 % FPR)", ratio(r.pro()) + " over " + r.regions() + " regions"},
                new String[] {"Recall at ≤1 % false rejects", ratio(r.recallAtOnePercent())},
                new String[] {"Recall at ≤0.1 % false rejects", ratio(r.recallAtTenthPercent())});
    }

    /**
     * @param name a metric name as in the first column
     * @return its value text, or null if the table has no such row
     */
    String value(String name) {
        for (TableItem item : table.getItems()) {
            if (item.getText(0).equals(name)) {
                return item.getText(1);
            }
        }
        return null;
    }

    /** @return the rows of a report: {name, value} */
    static List<String[]> rows(EvaluationReport r) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Decisions", Integer.toString(r.decisions())});
        rows.add(new String[] {"Labelled", Integer.toString(r.labelled())});
        rows.add(new String[] {"Precision", ratio(r.precision())});
        rows.add(new String[] {"Recall", ratio(r.recall())});
        rows.add(new String[] {"F1", ratio(r.f1())});
        rows.add(new String[] {"Accuracy", ratio(r.accuracy())});
        rows.add(new String[] {"ROC AUC", ratio(r.rocAuc())});
        rows.add(new String[] {"Threshold", Double.isFinite(r.threshold()) ? String.format(Locale.ROOT, "%.5g", r.threshold()) : "n/a"});
        for (LeadTime lead : r.leadTimes()) {
            rows.add(new String[] {"Lead time: " + lead.label(), lead.missed() ? "missed"
                    : String.format(Locale.ROOT, "%.1f s (alarm after %.1f s)", lead.leadSeconds(), lead.detectionDelaySeconds())});
        }
        for (Map.Entry<String, Latency> e : r.latencies().entrySet()) {
            Latency l = e.getValue();
            rows.add(new String[] {"Latency " + stage(e.getKey()) + " p50/p99",
                    String.format(Locale.ROOT, "%.0f / %.0f µs", l.p50Micros(), l.p99Micros())});
        }
        return rows;
    }

    private static String stage(String path) {
        int slash = path.lastIndexOf('/');
        return slash >= 0 && slash < path.length() - 1 ? path.substring(slash + 1) : path;
    }

    private static String ratio(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.3f", value) : "n/a";
    }

    private void column(String title, int width) {
        TableColumn c = new TableColumn(table, SWT.LEFT);
        c.setText(title);
        c.setWidth(width);
    }
}
