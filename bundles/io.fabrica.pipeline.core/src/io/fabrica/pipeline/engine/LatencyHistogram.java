package io.fabrica.pipeline.engine;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts durations in microsecond buckets that are exact below 64 µs and about 3 % wide above (32 buckets
 * per power of two, up to about 67 s; longer durations fall in the last bucket). One thread records
 * without allocating or locking; any thread may take a {@link #snapshot()}. Counts only grow, so the
 * difference of two snapshots is the distribution between them (how a benchmark leaves out its warm-up).
 *
 * <p>Bucket {@code i < 64} holds {@code i} µs; bucket {@code i >= 64} holds
 * {@code [lower(i), lower(i) + 2^s)} with {@code s = (i - 64) / 32 + 1} and
 * {@code lower(i) = (32 + (i - 64) % 32) << s}.
 */
public final class LatencyHistogram {

    /** The number of buckets. */
    public static final int BUCKETS = 64 + 21 * 32;

    private static final int SUB = 32;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    /**
     * Counts one duration.
     *
     * @param nanos the duration in nanoseconds (negative counts as 0)
     */
    public void record(long nanos) {
        int i = index(Math.max(0, nanos) / 1000);
        // single writer: a plain increment published with lazySet, no read-modify-write on the hot path
        counts.lazySet(i, counts.get(i) + 1);
    }

    /** @return a copy of the counts per bucket */
    public long[] snapshot() {
        long[] copy = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            copy[i] = counts.get(i);
        }
        return copy;
    }

    /**
     * @param micros a duration in microseconds, not negative
     * @return its bucket
     */
    public static int index(long micros) {
        if (micros < 64) {
            return (int) micros;
        }
        int shift = 63 - Long.numberOfLeadingZeros(micros) - 5;
        int i = 64 + (shift - 1) * SUB + (int) (micros >>> shift) - SUB;
        return Math.min(i, BUCKETS - 1);
    }

    /**
     * @param bucket a bucket index
     * @return the shortest duration it holds, in microseconds
     */
    public static long lowerMicros(int bucket) {
        if (bucket < 64) {
            return bucket;
        }
        int shift = (bucket - 64) / SUB + 1;
        return (long) (SUB + (bucket - 64) % SUB) << shift;
    }

    /**
     * @param bucket a bucket index
     * @return the longest duration it holds, in microseconds (a conservative figure for quantiles and maxima)
     */
    public static long upperMicros(int bucket) {
        if (bucket < 64) {
            return bucket;
        }
        int shift = (bucket - 64) / SUB + 1;
        return lowerMicros(bucket) + (1L << shift) - 1;
    }

    /**
     * The {@code q}-quantile of counts (e.g. of a snapshot difference), as the upper edge of its bucket.
     *
     * @param counts counts per bucket
     * @param q 0 to 1 (1 is the maximum)
     * @return microseconds, or {@code NaN} if there are no counts
     */
    public static double quantileMicros(long[] counts, double q) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        if (total == 0) {
            return Double.NaN;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return upperMicros(i);
            }
        }
        return upperMicros(counts.length - 1);
    }

    /**
     * @param later a snapshot
     * @param earlier an earlier snapshot of the same histogram (or {@code null} for none)
     * @return the counts recorded between them
     */
    public static long[] difference(long[] later, long[] earlier) {
        long[] d = later.clone();
        if (earlier != null) {
            for (int i = 0; i < Math.min(d.length, earlier.length); i++) {
                d[i] -= earlier[i];
            }
        }
        return d;
    }

    /**
     * @param counts counts per bucket
     * @return their sum
     */
    public static long total(long[] counts) {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }
}
