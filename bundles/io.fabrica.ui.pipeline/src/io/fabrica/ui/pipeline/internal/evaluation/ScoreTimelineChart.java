package io.fabrica.ui.pipeline.internal.evaluation;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.events.PaintEvent;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swtchart.Chart;
import org.eclipse.swtchart.IAxis;
import org.eclipse.swtchart.ICustomPaintListener;
import org.eclipse.swtchart.ILineSeries;
import org.eclipse.swtchart.ILineSeries.PlotSymbolType;
import org.eclipse.swtchart.ISeries.SeriesType;
import org.eclipse.swtchart.LineStyle;

import io.fabrica.pipeline.evaluation.EvaluationReport;
import io.fabrica.pipeline.evaluation.LeadTime;
import io.fabrica.pipeline.evaluation.Timeline;
import io.fabrica.ui.FabricaUi;

/**
 * The alarm score over time (seconds since the first decision): the score line, alarms as red marks,
 * the threshold as a dashed line, and the labelled fault episodes of the ground truth shaded behind with
 * their label. The score axis turns logarithmic when the scores span more than two decades (autoencoder
 * errors of a fault dwarf normal ones). UI thread only.
 */
final class ScoreTimelineChart {

    static final String SCORE = "score";
    static final String ALARMS = "alarms";
    static final String THRESHOLD = "threshold";

    private final Chart chart;
    private final Color shade;
    private List<double[]> episodes = List.of();
    private List<String> episodeLabels = List.of();

    ScoreTimelineChart(Composite parent) {
        chart = new Chart(parent, SWT.NONE);
        chart.setData(FabricaUi.WIDGET_KEY, "evaluation.scoreChart");
        chart.getTitle().setText("Score over time");
        chart.getAxisSet().getXAxis(0).getTitle().setText("seconds");
        chart.getAxisSet().getYAxis(0).getTitle().setText("score");
        shade = new Color(255, 224, 178);
        chart.addDisposeListener(e -> shade.dispose());
        ILineSeries<?> score = line(SCORE, SWT.COLOR_DARK_BLUE);
        score.setSymbolType(PlotSymbolType.NONE);
        ILineSeries<?> alarms = line(ALARMS, SWT.COLOR_RED);
        alarms.setLineStyle(LineStyle.NONE);
        alarms.setSymbolType(PlotSymbolType.CIRCLE);
        alarms.setSymbolSize(3);
        ILineSeries<?> threshold = line(THRESHOLD, SWT.COLOR_DARK_GRAY);
        threshold.setLineStyle(LineStyle.DASH);
        threshold.setSymbolType(PlotSymbolType.NONE);
        chart.getPlotArea().addCustomPaintListener(new ICustomPaintListener() {
            @Override
            public void paintControl(PaintEvent e) {
                paintEpisodes(e.gc);
            }

            @Override
            public boolean drawBehindSeries() {
                return true;
            }
        });
    }

    Chart control() {
        return chart;
    }

    void show(EvaluationReport report) {
        Timeline t = report.timeline();
        long origin = t.size() == 0 ? 0 : t.timesMillis()[0];
        List<double[]> scores = new ArrayList<>();
        List<double[]> alarms = new ArrayList<>();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < t.size(); i++) {
            double s = t.scores()[i];
            if (!Double.isFinite(s)) {
                continue; // a decision without a score: a gap, not a zero
            }
            double x = (t.timesMillis()[i] - origin) / 1000.0;
            scores.add(new double[] {x, s});
            if (t.alarms()[i]) {
                alarms.add(new double[] {x, s});
            }
            min = Math.min(min, s);
            max = Math.max(max, s);
        }
        IAxis y = chart.getAxisSet().getYAxis(0);
        if (y.isLogScaleEnabled()) {
            y.enableLogScale(false);
        }
        set(SCORE, scores);
        set(ALARMS, alarms);
        double end = scores.isEmpty() ? 1 : scores.get(scores.size() - 1)[0];
        boolean hasThreshold = Double.isFinite(report.threshold()) && report.threshold() > 0;
        set(THRESHOLD, hasThreshold ? List.of(new double[] {0, report.threshold()}, new double[] {end, report.threshold()}) : List.of());
        episodes = new ArrayList<>();
        episodeLabels = new ArrayList<>();
        for (LeadTime episode : report.leadTimes()) {
            episodes.add(new double[] {(episode.onsetMillis() - origin) / 1000.0, (episode.endMillis() - origin) / 1000.0});
            episodeLabels.add(episode.label());
        }
        chart.getAxisSet().adjustRange();
        if (min > 0 && max / min > 100) {
            try {
                y.enableLogScale(true);
                chart.getAxisSet().adjustRange();
            } catch (IllegalStateException notPositive) {
                // stays linear
            }
        }
        chart.redraw();
    }

    /** @return how many score points are plotted */
    int points() {
        return chart.getSeriesSet().getSeries(SCORE).getYSeries().length;
    }

    /** @return how many fault episodes are shaded */
    int episodes() {
        return episodes.size();
    }

    private void paintEpisodes(GC gc) {
        IAxis x = chart.getAxisSet().getXAxis(0);
        int height = chart.getPlotArea().getSize().y;
        gc.setBackground(shade);
        gc.setForeground(chart.getDisplay().getSystemColor(SWT.COLOR_DARK_YELLOW));
        for (int i = 0; i < episodes.size(); i++) {
            int from = x.getPixelCoordinate(episodes.get(i)[0]);
            int to = Math.max(from + 2, x.getPixelCoordinate(episodes.get(i)[1]));
            gc.fillRectangle(from, 0, to - from, height);
            gc.drawText(episodeLabels.get(i), from + 3, 3, true);
        }
    }

    private ILineSeries<?> line(String id, int color) {
        ILineSeries<?> series = (ILineSeries<?>) chart.getSeriesSet().createSeries(SeriesType.LINE, id);
        series.setLineColor(chart.getDisplay().getSystemColor(color));
        series.setSymbolColor(chart.getDisplay().getSystemColor(color));
        return series;
    }

    private void set(String id, List<double[]> points) {
        double[] xs = new double[points.size()];
        double[] ys = new double[points.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = points.get(i)[0];
            ys[i] = points.get(i)[1];
        }
        var series = chart.getSeriesSet().getSeries(id);
        series.setXSeries(xs);
        series.setYSeries(ys);
    }
}
