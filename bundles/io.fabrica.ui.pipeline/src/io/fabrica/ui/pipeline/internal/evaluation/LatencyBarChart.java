package io.fabrica.ui.pipeline.internal.evaluation;

import java.util.Map;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swtchart.Chart;
import org.eclipse.swtchart.IAxis;
import org.eclipse.swtchart.IBarSeries;
import org.eclipse.swtchart.ISeries.SeriesType;

import io.fabrica.pipeline.evaluation.EvaluationReport;
import io.fabrica.pipeline.evaluation.Latency;
import io.fabrica.ui.FabricaUi;

/**
 * The processing time per stage as bars: median (p50) and 99th percentile (p99) in microseconds, one
 * category per stage in pipeline order. UI thread only.
 */
final class LatencyBarChart {

    static final String P50 = "p50";
    static final String P99 = "p99";

    private final Chart chart;
    private String[] stages = new String[0];

    LatencyBarChart(Composite parent) {
        chart = new Chart(parent, SWT.NONE);
        chart.setData(FabricaUi.WIDGET_KEY, "evaluation.latencyChart");
        chart.getTitle().setText("Latency per stage (µs)");
        chart.getAxisSet().getYAxis(0).getTitle().setText("µs");
        chart.getAxisSet().getXAxis(0).getTitle().setText("stage");
        bars(P50, SWT.COLOR_DARK_CYAN);
        bars(P99, SWT.COLOR_DARK_MAGENTA);
    }

    Chart control() {
        return chart;
    }

    void show(EvaluationReport report) {
        Map<String, Latency> latencies = report.latencies();
        int n = Math.max(1, latencies.size());
        // SWTChart cannot lay out an empty bar series on a category axis: no stages show as one empty bar
        stages = latencies.isEmpty() ? new String[] {"(no stages timed)"} : new String[n];
        double[] p50 = new double[n];
        double[] p99 = new double[n];
        int i = 0;
        for (Map.Entry<String, Latency> e : latencies.entrySet()) {
            stages[i] = shortName(e.getKey());
            p50[i] = finite(e.getValue().p50Micros());
            p99[i] = finite(e.getValue().p99Micros());
            i++;
        }
        // data first: changing the categories lays the chart out, which compresses the series
        chart.getSeriesSet().getSeries(P50).setYSeries(p50);
        chart.getSeriesSet().getSeries(P99).setYSeries(p99);
        IAxis x = chart.getAxisSet().getXAxis(0);
        x.enableCategory(true);
        x.setCategorySeries(stages);
        x.getTick().setTickLabelAngle(stages.length > 4 ? 30 : 0);
        chart.getAxisSet().adjustRange();
        chart.redraw();
    }

    /** @return the stages shown, in order */
    String[] stages() {
        return stages.clone();
    }

    /** @return the p99 bars, in the order of {@link #stages()} */
    double[] p99() {
        return chart.getSeriesSet().getSeries(P99).getYSeries();
    }

    private void bars(String id, int color) {
        IBarSeries<?> series = (IBarSeries<?>) chart.getSeriesSet().createSeries(SeriesType.BAR, id);
        series.setBarColor(chart.getDisplay().getSystemColor(color));
    }

    /** A stage path names its pipeline first ("Pipeline/Stage"); the pipeline is the same for every bar. */
    private static String shortName(String path) {
        int slash = path.lastIndexOf('/');
        return slash >= 0 && slash < path.length() - 1 ? path.substring(slash + 1) : path;
    }

    private static double finite(double value) {
        return Double.isFinite(value) ? value : 0;
    }
}
