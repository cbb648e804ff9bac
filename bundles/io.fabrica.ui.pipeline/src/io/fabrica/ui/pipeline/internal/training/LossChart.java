package io.fabrica.ui.pipeline.internal.training;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swtchart.Chart;
import org.eclipse.swtchart.IAxis;
import org.eclipse.swtchart.ILineSeries;
import org.eclipse.swtchart.ILineSeries.PlotSymbolType;
import org.eclipse.swtchart.ISeries.SeriesType;

import io.fabrica.ui.FabricaUi;

/**
 * The live loss chart of a training: training and validation loss per epoch, on a logarithmic loss axis
 * (losses fall over orders of magnitude early on). UI thread only; the chart is disposed with its parent.
 */
public final class LossChart {

    /** Series id of the training loss. */
    public static final String TRAINING = "training loss";
    /** Series id of the validation loss. */
    public static final String VALIDATION = "validation loss";

    /** Log axes cannot show 0: a loss of exactly 0 is drawn at this floor. */
    private static final double FLOOR = 1e-12;

    private final Chart chart;
    private final List<EpochLoss> epochs = new ArrayList<>();

    /**
     * @param parent where the chart goes
     * @param key the widget key of the chart
     */
    public LossChart(Composite parent, String key) {
        chart = new Chart(parent, SWT.NONE);
        chart.setData(FabricaUi.WIDGET_KEY, key);
        chart.getTitle().setText("Loss per epoch");
        IAxis x = chart.getAxisSet().getXAxis(0);
        x.getTitle().setText("epoch");
        IAxis y = chart.getAxisSet().getYAxis(0);
        y.getTitle().setText("loss");
        line(TRAINING, parent.getDisplay().getSystemColor(SWT.COLOR_DARK_BLUE));
        line(VALIDATION, parent.getDisplay().getSystemColor(SWT.COLOR_DARK_RED));
    }

    /** @return the chart widget */
    public Chart control() {
        return chart;
    }

    /** Removes every point (a new training starts). */
    public void clear() {
        epochs.clear();
        redraw();
    }

    /** @param batch epochs finished since the last call, in order */
    public void add(List<EpochLoss> batch) {
        if (batch.isEmpty() || chart.isDisposed()) {
            return;
        }
        epochs.addAll(batch);
        redraw();
    }

    /** @return the epochs shown, in order */
    public List<EpochLoss> epochs() {
        return List.copyOf(epochs);
    }

    /** @return the training losses as plotted (one per epoch) */
    public double[] trainingSeries() {
        return chart.getSeriesSet().getSeries(TRAINING).getYSeries();
    }

    /** @return the validation losses as plotted (one per epoch) */
    public double[] validationSeries() {
        return chart.getSeriesSet().getSeries(VALIDATION).getYSeries();
    }

    private void line(String id, Color color) {
        ILineSeries<?> series = (ILineSeries<?>) chart.getSeriesSet().createSeries(SeriesType.LINE, id);
        series.setLineColor(color);
        series.setSymbolColor(color);
        series.setSymbolType(PlotSymbolType.CIRCLE);
        series.setSymbolSize(3);
        series.setXSeries(new double[0]);
        series.setYSeries(new double[0]);
    }

    private void redraw() {
        if (chart.isDisposed()) {
            return;
        }
        int n = epochs.size();
        double[] x = new double[n];
        double[] training = new double[n];
        double[] validation = new double[n];
        for (int i = 0; i < n; i++) {
            EpochLoss e = epochs.get(i);
            x[i] = e.epoch();
            training[i] = positive(e.trainingLoss());
            validation[i] = positive(e.validationLoss());
        }
        IAxis y = chart.getAxisSet().getYAxis(0);
        if (y.isLogScaleEnabled() && n == 0) {
            y.enableLogScale(false);
        }
        set(TRAINING, x, training);
        set(VALIDATION, x, validation);
        if (n > 0 && !y.isLogScaleEnabled()) {
            try {
                y.enableLogScale(true);
            } catch (IllegalStateException notPositive) {
                // a loss that is not finite and positive: stay linear rather than fail the chart
            }
        }
        chart.getAxisSet().adjustRange();
        if (n == 1) {
            // one point has no extent: show it in the middle of epochs 0..2
            chart.getAxisSet().getXAxis(0).setRange(new org.eclipse.swtchart.Range(0, 2));
        }
        chart.redraw();
    }

    private void set(String id, double[] x, double[] y) {
        var series = chart.getSeriesSet().getSeries(id);
        series.setXSeries(x);
        series.setYSeries(y);
    }

    private static double positive(double loss) {
        return Double.isFinite(loss) ? Math.max(loss, FLOOR) : FLOOR;
    }
}
