package io.fabrica.ui.devices.internal.trend;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IAction;
import org.eclipse.jface.action.IToolBarManager;
import org.eclipse.swt.SWT;
import org.eclipse.swt.events.PaintEvent;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swtchart.Chart;
import org.eclipse.swtchart.IAxis;
import org.eclipse.swtchart.ICustomPaintListener;
import org.eclipse.swtchart.ILineSeries;
import org.eclipse.swtchart.ISeries;
import org.eclipse.swtchart.ISeries.SeriesType;
import org.eclipse.swtchart.Range;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.part.ViewPart;

import io.fabrica.devices.api.SubscriptionSettings;
import io.fabrica.devices.core.ManagedConnection;
import io.fabrica.model.plant.Address;
import io.fabrica.ui.FabricaUi;

/**
 * Trends of device signals (SWTChart): live signals added from the Device Explorer over a rolling
 * 60 s window (one series per signal, legend with name and unit, one y axis per unit, pause/resume,
 * clear), or a recorded dataset opened from disk with all its numeric signals and its labelled
 * fault episodes shaded.
 *
 * <p>Threading: samples arrive on the driver's threads into {@link LiveSeries} buffers; a UI timer
 * repaints five times a second. Datasets are read in a job. Only system colours are used, so
 * nothing but the chart needs disposing.
 */
public final class TrendView extends ViewPart {

    /** The live window. */
    static final Duration WINDOW = Duration.ofSeconds(60);
    private static final int REPAINT_MS = 200;
    private static final int[] PALETTE = {SWT.COLOR_BLUE, SWT.COLOR_DARK_RED, SWT.COLOR_DARK_GREEN, SWT.COLOR_DARK_MAGENTA,
            SWT.COLOR_DARK_CYAN, SWT.COLOR_DARK_YELLOW, SWT.COLOR_DARK_BLUE, SWT.COLOR_RED, SWT.COLOR_DARK_GRAY};

    private final Map<String, LiveSeries> live = new LinkedHashMap<>();
    private final Map<String, Integer> unitAxes = new LinkedHashMap<>();
    private final Runnable repaint = this::repaintLive;
    /** What an empty trend says: how to fill it. */
    private static final String EMPTY_TITLE = "Trend: select signals in the Device Explorer and choose Add to Trend, or open a dataset";

    private Chart chart;
    private RecordedTrend recorded;
    private boolean paused;
    private Action pauseAction;
    private Action clearAction;

    @Override
    public void createPartControl(Composite parent) {
        chart = new Chart(parent, SWT.NONE);
        chart.setData(FabricaUi.WIDGET_KEY, "trend.chart");
        chart.getTitle().setText(EMPTY_TITLE);
        chart.getAxisSet().getXAxis(0).getTitle().setText("Time [s]");
        chart.getAxisSet().getYAxis(0).getTitle().setText("");
        chart.getLegend().setPosition(SWT.BOTTOM);
        chart.getPlotArea().addCustomPaintListener(new EpisodeShading());
        createActions();
        parent.getDisplay().timerExec(REPAINT_MS, repaint);
    }

    private void createActions() {
        ISharedImages images = PlatformUI.getWorkbench().getSharedImages();
        pauseAction = new Action("Pause", IAction.AS_CHECK_BOX) {
            @Override
            public void run() {
                setPaused(isChecked());
            }
        };
        pauseAction.setToolTipText("Pause or resume the live trend (samples keep being collected)");
        pauseAction.setImageDescriptor(images.getImageDescriptor(ISharedImages.IMG_ELCL_STOP));
        clearAction = new Action("Clear") {
            @Override
            public void run() {
                clear();
            }
        };
        clearAction.setToolTipText("Remove every signal and dataset from the trend");
        clearAction.setImageDescriptor(images.getImageDescriptor(ISharedImages.IMG_ETOOL_CLEAR));
        Action open = new Action("Open Dataset…") {
            @Override
            public void run() {
                chooseDataset();
            }
        };
        open.setToolTipText("Plot a recorded dataset (folder with dataset.json and signals.csv)");
        open.setImageDescriptor(images.getImageDescriptor(ISharedImages.IMG_OBJ_FOLDER));
        IToolBarManager toolbar = getViewSite().getActionBars().getToolBarManager();
        toolbar.add(pauseAction);
        toolbar.add(clearAction);
        toolbar.add(open);
    }

    // ------------------------------------------------------------------ live

    /**
     * Adds a live signal: subscribes to it through the connection (which re-subscribes after a
     * reconnect) and draws it over the rolling window. A signal already shown under this name is
     * kept as it is. Leaves a dataset view for the live view. UI thread.
     *
     * @param name the legend name (unique in the trend)
     * @param unit the unit for the legend and the y axis, empty if unknown
     * @param connection the device connection
     * @param address the node to sample
     */
    public void addLive(String name, String unit, ManagedConnection connection, Address address) {
        if (recorded != null) {
            clear();
        }
        if (live.containsKey(name)) {
            return;
        }
        LiveSeries series = new LiveSeries(name, unit, WINDOW.toMillis());
        live.put(name, series);
        chart.getTitle().setText(liveTitle());
        createSeries(name, series.legend(), series.unit());
        series.subscribed(connection.subscribe(List.of(address), SubscriptionSettings.every(Duration.ofMillis(REPAINT_MS)),
                (index, sample) -> series.add(sample, System.currentTimeMillis())));
    }

    /** @param pause whether the live trend stops moving (samples keep being collected) */
    public void setPaused(boolean pause) {
        paused = pause;
        pauseAction.setChecked(pause);
        pauseAction.setText(pause ? "Resume" : "Pause");
        chart.getTitle().setText(pause ? "Live — paused" : live.isEmpty() ? EMPTY_TITLE : liveTitle());
        chart.redraw();
    }

    private static String liveTitle() {
        return "Live (last " + WINDOW.toSeconds() + " s)";
    }

    /** Removes every live signal (closing their subscriptions in a job) and any dataset. */
    public void clear() {
        List<AutoCloseable> subscriptions = new ArrayList<>();
        live.values().forEach(s -> subscriptions.add(s.subscription()));
        live.clear();
        recorded = null;
        closeInBackground(subscriptions);
        for (ISeries<?> s : chart.getSeriesSet().getSeries()) {
            chart.getSeriesSet().deleteSeries(s.getId());
        }
        for (Integer axis : unitAxes.values()) {
            if (axis != 0) {
                chart.getAxisSet().deleteYAxis(axis);
            }
        }
        unitAxes.clear();
        chart.getAxisSet().getYAxis(0).getTitle().setText("");
        chart.getAxisSet().getXAxis(0).getTitle().setText("Time [s]");
        setPaused(false);
        chart.redraw();
    }

    private static void closeInBackground(List<AutoCloseable> resources) {
        if (resources.isEmpty()) {
            return;
        }
        Job job = Job.create("Stopping trend subscriptions", monitor -> {
            for (AutoCloseable r : resources) {
                try {
                    if (r != null) {
                        r.close();
                    }
                } catch (Exception e) {
                    // the connection is gone already: nothing left to stop
                }
            }
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        job.schedule();
    }

    private void repaintLive() {
        if (chart == null || chart.isDisposed()) {
            return;
        }
        if (!paused && recorded == null && !live.isEmpty()) {
            long now = System.currentTimeMillis();
            for (LiveSeries s : live.values()) {
                double[][] xy = s.snapshot(now);
                ISeries<?> series = chart.getSeriesSet().getSeries(s.name());
                if (series != null) {
                    series.setXSeries(xy[0]);
                    series.setYSeries(xy[1]);
                }
            }
            chart.getAxisSet().getXAxis(0).setRange(new Range(-WINDOW.toSeconds(), 0));
            adjustYAxes();
            chart.redraw();
        }
        chart.getDisplay().timerExec(REPAINT_MS, repaint);
    }

    // --------------------------------------------------------------- dataset

    private void chooseDataset() {
        FileDialog dialog = new FileDialog(getSite().getShell(), SWT.OPEN);
        dialog.setText("Open a recorded dataset (its dataset.json or signals.csv)");
        dialog.setFilterNames(new String[] {"Dataset manifest or signals (dataset.json, signals.csv)", "All files"});
        dialog.setFilterExtensions(new String[] {"dataset.json;signals.csv", "*"});
        String file = dialog.open();
        if (file != null) {
            openDataset(Path.of(file));
        }
    }

    /**
     * Reads a recorded dataset in a job and plots it in place of the live signals; a dataset that
     * cannot be read is reported in the chart's title and the status line.
     *
     * @param location the dataset folder, its {@code dataset.json} or its {@code signals.csv}
     */
    public void openDataset(Path location) {
        Display display = chart.getDisplay();
        Job job = Job.create("Reading dataset " + location.getFileName(), monitor -> {
            try {
                RecordedTrend trend = RecordedTrend.read(location);
                display.asyncExec(() -> show(trend));
            } catch (java.io.IOException e) {
                display.asyncExec(() -> problem("Cannot open the dataset " + location + ": " + e.getMessage()));
            }
            return Status.OK_STATUS;
        });
        job.schedule();
    }

    private void show(RecordedTrend trend) {
        if (chart.isDisposed()) {
            return;
        }
        clear();
        recorded = trend;
        for (RecordedTrend.Trace t : trend.traces()) {
            ISeries<?> series = createSeries(t.path(), t.legend(), t.unit());
            series.setXSeries(t.x());
            series.setYSeries(t.y());
        }
        chart.getTitle().setText("Dataset " + trend.name() + (trend.episodes().isEmpty() ? "" : " — " + trend.episodes().size()
                + " labelled fault episode(s) shaded"));
        chart.getAxisSet().getXAxis(0).getTitle().setText("Time since start [s]");
        chart.getAxisSet().getXAxis(0).setRange(new Range(0, Math.max(1, trend.seconds())));
        adjustYAxes();
        chart.redraw();
        getViewSite().getActionBars().getStatusLineManager().setErrorMessage(null);
    }

    private void problem(String message) {
        if (chart.isDisposed()) {
            return;
        }
        chart.getTitle().setText("Dataset could not be opened");
        getViewSite().getActionBars().getStatusLineManager().setErrorMessage(message);
    }

    // ---------------------------------------------------------------- series

    private ISeries<?> createSeries(String id, String legend, String unit) {
        ILineSeries<?> series = (ILineSeries<?>) chart.getSeriesSet().createSeries(SeriesType.LINE, id);
        series.setDescription(legend);
        series.setSymbolType(ILineSeries.PlotSymbolType.NONE);
        series.setLineWidth(2);
        series.setLineColor(chart.getDisplay().getSystemColor(PALETTE[(chart.getSeriesSet().getSeries().length - 1) % PALETTE.length]));
        series.setYAxisId(axisFor(unit));
        return series;
    }

    /** One y axis per unit: signals of different magnitude (rpm next to °C) stay readable. */
    private int axisFor(String unit) {
        return unitAxes.computeIfAbsent(unit, u -> {
            int id = unitAxes.isEmpty() ? 0 : chart.getAxisSet().createYAxis();
            IAxis axis = chart.getAxisSet().getYAxis(id);
            axis.getTitle().setText(u.isEmpty() ? "(no unit)" : u);
            if (id != 0) {
                axis.setPosition(IAxis.Position.Secondary);
            }
            return id;
        });
    }

    private void adjustYAxes() {
        for (IAxis axis : chart.getAxisSet().getYAxes()) {
            axis.adjustRange();
        }
    }

    // ------------------------------------------------------------ for tests

    /** @return the ids of the series shown (live names, or dataset element paths) */
    public List<String> seriesIds() {
        List<String> ids = new ArrayList<>();
        for (ISeries<?> s : chart.getSeriesSet().getSeries()) {
            ids.add(s.getId());
        }
        return ids;
    }

    /**
     * @param id a series id
     * @return its y values as drawn now, empty if there is no such series
     */
    public double[] values(String id) {
        ISeries<?> s = chart.getSeriesSet().getSeries(id);
        return s == null ? new double[0] : s.getYSeries();
    }

    /**
     * @param id a series id
     * @return its legend text (name and unit), or {@code null}
     */
    public String legend(String id) {
        ISeries<?> s = chart.getSeriesSet().getSeries(id);
        return s == null ? null : s.getDescription();
    }

    /** @return the shaded fault episodes of the dataset shown, as "label start–end s" texts; empty in live mode */
    public List<String> episodes() {
        return recorded == null ? List.of()
                : recorded.episodes().stream().map(e -> e.label() + " " + Math.round(e.start()) + "–" + Math.round(e.end()) + " s").toList();
    }

    /** @return the chart (for screenshots and tests) */
    public Chart chart() {
        return chart;
    }

    @Override
    public void setFocus() {
        chart.setFocus();
    }

    @Override
    public void dispose() {
        List<AutoCloseable> subscriptions = new ArrayList<>();
        live.values().forEach(s -> subscriptions.add(s.subscription()));
        live.clear();
        closeInBackground(subscriptions);
        if (chart != null && !chart.isDisposed()) {
            chart.dispose();
        }
        super.dispose();
    }

    /** Shades the labelled fault episodes of a dataset behind the series, with their labels on top. */
    private final class EpisodeShading implements ICustomPaintListener {

        @Override
        public void paintControl(PaintEvent event) {
            if (recorded == null || recorded.episodes().isEmpty()) {
                return;
            }
            GC gc = event.gc;
            IAxis x = chart.getAxisSet().getXAxis(0);
            Point size = chart.getPlotArea().getSize();
            Color fill = event.display.getSystemColor(SWT.COLOR_RED);
            Color text = event.display.getSystemColor(SWT.COLOR_DARK_RED);
            int alpha = gc.getAlpha();
            for (RecordedTrend.Episode e : recorded.episodes()) {
                int left = x.getPixelCoordinate(e.start());
                int right = Math.max(left + 2, x.getPixelCoordinate(e.end()));
                gc.setAlpha(45);
                gc.setBackground(fill);
                gc.fillRectangle(left, 0, right - left, size.y);
                gc.setAlpha(alpha);
                gc.setForeground(text);
                gc.drawText(e.label(), left + 3, 3, true);
            }
        }

        @Override
        public boolean drawBehindSeries() {
            return true;
        }
    }
}
