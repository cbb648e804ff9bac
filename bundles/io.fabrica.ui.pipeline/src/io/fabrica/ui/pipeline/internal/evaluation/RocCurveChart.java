package io.fabrica.ui.pipeline.internal.evaluation;

import java.util.List;
import java.util.Locale;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swtchart.Chart;
import org.eclipse.swtchart.ILineSeries;
import org.eclipse.swtchart.ILineSeries.PlotSymbolType;
import org.eclipse.swtchart.ISeries.SeriesType;
import org.eclipse.swtchart.LineStyle;
import org.eclipse.swtchart.Range;

import io.fabrica.pipeline.evaluation.EvaluationReport;
import io.fabrica.ui.FabricaUi;

/**
 * The ROC curve of the scores (true against false positive rate) with the chance diagonal; the title
 * carries the AUC. Empty, with a title saying why, when the AUC is undefined (one truth class only).
 * UI thread only.
 */
final class RocCurveChart {

    static final String ROC = "ROC";
    static final String CHANCE = "chance";

    private final Chart chart;

    RocCurveChart(Composite parent) {
        chart = new Chart(parent, SWT.NONE);
        chart.setData(FabricaUi.WIDGET_KEY, "evaluation.rocChart");
        chart.getAxisSet().getXAxis(0).getTitle().setText("false positive rate");
        chart.getAxisSet().getYAxis(0).getTitle().setText("true positive rate");
        ILineSeries<?> roc = (ILineSeries<?>) chart.getSeriesSet().createSeries(SeriesType.LINE, ROC);
        roc.setLineColor(chart.getDisplay().getSystemColor(SWT.COLOR_DARK_BLUE));
        roc.setSymbolType(PlotSymbolType.NONE);
        roc.setLineWidth(2);
        ILineSeries<?> chance = (ILineSeries<?>) chart.getSeriesSet().createSeries(SeriesType.LINE, CHANCE);
        chance.setLineColor(chart.getDisplay().getSystemColor(SWT.COLOR_GRAY));
        chance.setLineStyle(LineStyle.DOT);
        chance.setSymbolType(PlotSymbolType.NONE);
        chance.setXSeries(new double[] {0, 1});
        chance.setYSeries(new double[] {0, 1});
        chart.getLegend().setVisible(false);
        fixRange();
    }

    Chart control() {
        return chart;
    }

    void show(EvaluationReport report) {
        List<double[]> curve = report.rocCurve();
        double[] fpr = new double[curve.size()];
        double[] tpr = new double[curve.size()];
        for (int i = 0; i < fpr.length; i++) {
            fpr[i] = curve.get(i)[0];
            tpr[i] = curve.get(i)[1];
        }
        var roc = chart.getSeriesSet().getSeries(ROC);
        roc.setXSeries(fpr);
        roc.setYSeries(tpr);
        chart.getTitle().setText(Double.isNaN(report.rocAuc()) ? "ROC curve (undefined: the dataset has one truth class only)"
                : String.format(Locale.ROOT, "ROC curve (AUC %.3f)", report.rocAuc()));
        fixRange();
        chart.redraw();
    }

    /** @return how many points the curve has */
    int points() {
        return chart.getSeriesSet().getSeries(ROC).getYSeries().length;
    }

    private void fixRange() {
        chart.getAxisSet().getXAxis(0).setRange(new Range(0, 1));
        chart.getAxisSet().getYAxis(0).setRange(new Range(0, 1.02));
    }
}
