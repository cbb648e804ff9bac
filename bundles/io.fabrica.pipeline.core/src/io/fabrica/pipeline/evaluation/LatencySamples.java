package io.fabrica.pipeline.evaluation;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The processing times of one stage: all of them up to {@value #CAPACITY}, then a uniform random
 * subset of that size (reservoir sampling), so that a long replay keeps at most 800 KB per stage.
 * Count and maximum are exact. Not thread-safe.
 */
final class LatencySamples {

    /** The most samples kept; percentiles of 100 000 samples are accurate to well below 1 %. */
    static final int CAPACITY = 100_000;

    private long[] kept = new long[64];
    private int size;
    private long count;
    private long max = Long.MIN_VALUE;
    /** Fixed seed: the same replay gives the same report. */
    private final SplittableRandom random = new SplittableRandom(0x5EED);

    void add(long nanos) {
        count++;
        max = Math.max(max, nanos);
        if (size < CAPACITY) {
            if (size == kept.length) {
                kept = Arrays.copyOf(kept, Math.min(CAPACITY, size * 2));
            }
            kept[size++] = nanos;
            return;
        }
        // Algorithm R: the count-th sample replaces a kept one with probability CAPACITY / count.
        long slot = random.nextLong(count);
        if (slot < CAPACITY) {
            kept[(int) slot] = nanos;
        }
    }

    /** @return the summary; only called after at least one sample */
    Latency summary() {
        long[] sorted = Arrays.copyOf(kept, size);
        Arrays.sort(sorted);
        return new Latency(count, micros(percentile(sorted, 50)), micros(percentile(sorted, 99)), micros(max));
    }

    /** The nearest-rank percentile: the smallest sample with at least p % of the samples at or below it. */
    static long percentile(long[] sorted, int p) {
        // integer ceiling of p·n/100: floating point would make 0.99 × 100 a rank too high
        long rank = (p * (long) sorted.length + 99) / 100;
        return sorted[(int) Math.max(0, rank - 1)];
    }

    private static double micros(long nanos) {
        return nanos / 1000.0;
    }
}
