package io.fabrica.ui.devices.internal.trend;

import java.util.ArrayDeque;
import java.util.Deque;

import io.fabrica.devices.api.SampledValue;

/**
 * The recent samples of one live signal: a time-ordered buffer that keeps only what the trend's
 * window shows. Samples are added on the driver's thread and read on the UI thread, hence the
 * synchronization.
 */
final class LiveSeries {

    private final String name;
    private final String unit;
    private final long windowMillis;
    private final Deque<long[]> times = new ArrayDeque<>();
    private final Deque<Double> values = new ArrayDeque<>();
    private AutoCloseable subscription;

    LiveSeries(String name, String unit, long windowMillis) {
        this.name = name;
        this.unit = unit == null ? "" : unit;
        this.windowMillis = windowMillis;
    }

    String name() {
        return name;
    }

    String unit() {
        return unit;
    }

    /** @return the legend text: name and unit */
    String legend() {
        return unit.isEmpty() ? name : name + " [" + unit + "]";
    }

    void subscribed(AutoCloseable newSubscription) {
        subscription = newSubscription;
    }

    /** @return the subscription feeding it, to close off the UI thread; {@code null} if none */
    AutoCloseable subscription() {
        return subscription;
    }

    /** Keeps a sample if it is a good number or boolean; anything else (bad quality, text, arrays) is skipped. */
    void add(SampledValue sample, long nowMillis) {
        Object v = sample.value();
        double d;
        if (!sample.isGood() || v == null) {
            return;
        } else if (v instanceof Number n) {
            d = n.doubleValue();
        } else if (v instanceof Boolean b) {
            d = b ? 1 : 0;
        } else {
            return;
        }
        synchronized (this) {
            times.addLast(new long[] {nowMillis});
            values.addLast(d);
            prune(nowMillis);
        }
    }

    private void prune(long nowMillis) {
        while (!times.isEmpty() && times.peekFirst()[0] < nowMillis - windowMillis) {
            times.removeFirst();
            values.removeFirst();
        }
    }

    /**
     * @param nowMillis the right edge of the window
     * @return {x, y}: seconds relative to now (negative) and values, for the chart
     */
    synchronized double[][] snapshot(long nowMillis) {
        prune(nowMillis);
        double[] x = new double[times.size()];
        double[] y = new double[values.size()];
        int i = 0;
        for (long[] t : times) {
            x[i++] = (t[0] - nowMillis) / 1000.0;
        }
        i = 0;
        for (Double v : values) {
            y[i++] = v;
        }
        return new double[][] {x, y};
    }

    /** @return how many samples are in the window now */
    synchronized int size() {
        return times.size();
    }
}
