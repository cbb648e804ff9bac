package io.fabrica.pipeline.tests.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.fabrica.pipeline.engine.LatencyHistogram;

/**
 * The decision latency histogram the runtime publishes: every duration lands in a bucket that holds it,
 * quantiles never understate (the benchmark's met / NOT met relies on that), and the difference of two
 * snapshots is what was recorded between them (how the warm-up is left out).
 */
class LatencyHistogramTest {

    @Test
    void everyDurationLandsInABucketThatHoldsIt() {
        for (long micros = 0; micros < 70_000_000L; micros = micros < 300 ? micros + 1 : micros * 11 / 10) {
            int bucket = LatencyHistogram.index(micros);
            assertTrue(LatencyHistogram.lowerMicros(bucket) <= micros && micros <= LatencyHistogram.upperMicros(bucket),
                    micros + " µs in bucket " + bucket + " [" + LatencyHistogram.lowerMicros(bucket) + ", " + LatencyHistogram.upperMicros(bucket) + "]");
            assertTrue(LatencyHistogram.upperMicros(bucket) - micros <= Math.max(1, micros / 16), "bucket too wide at " + micros + " µs");
        }
        assertEquals(LatencyHistogram.BUCKETS - 1, LatencyHistogram.index(Long.MAX_VALUE / 1000), "longer durations fall in the last bucket");
    }

    @Test
    void bucketsFollowEachOtherWithoutGaps() {
        for (int b = 1; b < LatencyHistogram.BUCKETS; b++) {
            assertEquals(LatencyHistogram.upperMicros(b - 1) + 1, LatencyHistogram.lowerMicros(b), "between buckets " + (b - 1) + " and " + b);
        }
    }

    @Test
    void quantilesAreUpperBucketEdgesAndNeverUnderstate() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i < 990; i++) {
            h.record(250_000); // 250 µs
        }
        for (int i = 0; i < 10; i++) {
            h.record(4_200_000); // 4.2 ms
        }
        long[] counts = h.snapshot();
        assertEquals(1000, LatencyHistogram.total(counts));
        double p50 = LatencyHistogram.quantileMicros(counts, 0.5);
        assertTrue(p50 >= 250 && p50 < 260, "p50 " + p50);
        double p99 = LatencyHistogram.quantileMicros(counts, 0.99);
        assertEquals(p50, p99, "the 990th of 1000 is still 250 µs");
        double max = LatencyHistogram.quantileMicros(counts, 1);
        assertTrue(max >= 4200 && max < 4400, "max " + max);
        assertTrue(Double.isNaN(LatencyHistogram.quantileMicros(new long[LatencyHistogram.BUCKETS], 0.99)), "no counts, no quantile");
    }

    @Test
    void differenceOfSnapshotsLeavesOutWhatCameBefore() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(20_000_000); // a 20 ms warm-up decision
        long[] warm = h.snapshot();
        h.record(300_000);
        h.record(-5); // a clock step backwards counts as 0, not as an error
        long[] measured = LatencyHistogram.difference(h.snapshot(), warm);
        assertEquals(2, LatencyHistogram.total(measured));
        assertTrue(LatencyHistogram.quantileMicros(measured, 1) < 320, "the warm-up's 20 ms is not in the measured phase");
        assertEquals(1, measured[0]);
    }
}
