package io.fabrica.pipeline.djl.bench;

import java.util.Arrays;

/**
 * Durations of repeated runs in nanoseconds. The buffer is allocated up front so that recording
 * inside a measured loop does not allocate (allocation would show up as GC pauses in p99).
 */
public final class Samples {

    private final long[] nanos;
    private int count;

    Samples(int capacity) {
        this.nanos = new long[capacity];
    }

    void add(long duration) {
        if (count < nanos.length) {
            nanos[count++] = duration;
        }
    }

    /** The latest duration recorded, 0 if none. */
    long last() {
        return count == 0 ? 0 : nanos[count - 1];
    }

    /** @return how many durations were recorded */
    public int count() {
        return count;
    }

    /** Nearest-rank percentile, e.g. 50 or 99, in nanoseconds; NaN without samples. */
    public double percentile(double p) {
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * count);
        return sorted[Math.min(count, Math.max(1, rank)) - 1];
    }

    /** @return the longest duration in nanoseconds; NaN without samples */
    public double max() {
        return count == 0 ? Double.NaN : percentile(100);
    }

    /** @return the mean duration in nanoseconds; NaN without samples */
    public double mean() {
        if (count == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += nanos[i];
        }
        return sum / count;
    }
}
