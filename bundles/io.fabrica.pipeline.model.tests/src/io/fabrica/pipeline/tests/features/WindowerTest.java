package io.fabrica.pipeline.tests.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.fabrica.pipeline.features.Windower;

/** Windows cut by {@link Windower} against the naive definition: window j is stream[j*hop, j*hop+size). */
class WindowerTest {

    private static final int[][] SIZE_HOP = { { 8, 8 }, { 8, 3 }, { 8, 1 }, { 1, 1 }, { 5, 2 }, { 7, 7 },
            { 1024, 256 }, { 1000, 999 } };

    /** Collects copies of the emitted windows and their start indices. */
    private static final class Recorder implements Windower.Sink {
        final List<double[]> windows = new ArrayList<>();
        final List<Long> starts = new ArrayList<>();
        double[] lastArray;

        @Override
        public void accept(double[] window, int size, long firstSample) {
            lastArray = window;
            windows.add(java.util.Arrays.copyOf(window, size));
            starts.add(firstSample);
        }
    }

    private static double[] stream(int length, long seed) {
        Random random = new Random(seed);
        double[] s = new double[length];
        for (int i = 0; i < length; i++) {
            s[i] = random.nextGaussian();
        }
        return s;
    }

    private static void assertMatchesReference(double[] stream, int size, int hop, Recorder r) {
        int expectedCount = stream.length < size ? 0 : (stream.length - size) / hop + 1;
        assertEquals(expectedCount, r.windows.size(), "windows for size " + size + ", hop " + hop);
        for (int j = 0; j < expectedCount; j++) {
            double[] expected = java.util.Arrays.copyOfRange(stream, j * hop, j * hop + size);
            assertArrayEquals(expected, r.windows.get(j), "window " + j + " for size " + size + ", hop " + hop);
            assertEquals(j * (long) hop, r.starts.get(j));
        }
    }

    @Test
    void samplesOneAtATimeGiveTheReferenceWindows() {
        for (int[] sh : SIZE_HOP) {
            double[] s = stream(3 * sh[0] + 5, 1);
            Recorder r = new Recorder();
            double[] window = new double[sh[0]];
            Windower w = new Windower(sh[0], sh[1], window, r);
            for (double x : s) {
                w.push(x);
            }
            assertMatchesReference(s, sh[0], sh[1], r);
            assertSame(window, r.lastArray, "windows go into the caller's array");
            assertEquals(s.length, w.samplesPushed());
        }
    }

    @Test
    void chunksSplitAtOddPlacesGiveTheReferenceWindows() {
        Random random = new Random(2);
        for (int[] sh : SIZE_HOP) {
            for (int maxChunk : new int[] { 1, 3, 7, sh[0] - 1, sh[0] + 1, 3 * sh[0] }) {
                double[] s = stream(4 * sh[0] + 3, maxChunk);
                Recorder r = new Recorder();
                Windower w = new Windower(sh[0], sh[1], new double[sh[0] + 2], r);
                int i = 0;
                while (i < s.length) {
                    int n = Math.min(s.length - i, random.nextInt(Math.max(1, maxChunk) + 1));
                    w.push(s, i, n);
                    i += n;
                }
                assertMatchesReference(s, sh[0], sh[1], r);
            }
        }
    }

    @Test
    void aChunkFromTheMiddleOfAnArrayUsesOnlyThatRange() {
        double[] buffer = { 99, 1, 2, 3, 4, 99 };
        Recorder r = new Recorder();
        Windower w = new Windower(2, 1, new double[2], r);
        w.push(buffer, 1, 4);
        assertEquals(3, r.windows.size());
        assertArrayEquals(new double[] { 1, 2 }, r.windows.get(0));
        assertArrayEquals(new double[] { 3, 4 }, r.windows.get(2));
    }

    @Test
    void noWindowBeforeSizeSamplesAndResetStartsOver() {
        Recorder r = new Recorder();
        Windower w = new Windower(4, 2, new double[4], r);
        w.push(new double[] { 1, 2, 3 }, 0, 3);
        assertEquals(0, r.windows.size());
        w.reset();
        w.push(new double[] { 5, 6, 7, 8 }, 0, 4);
        assertEquals(1, r.windows.size());
        assertArrayEquals(new double[] { 5, 6, 7, 8 }, r.windows.get(0));
        assertEquals(0L, r.starts.get(0));
    }

    @Test
    void aThrowingSinkLeavesTheWindowerConsistent() {
        List<double[]> seen = new ArrayList<>();
        boolean[] fail = { true };
        Windower w = new Windower(2, 2, new double[2], (window, size, first) -> {
            if (fail[0]) {
                fail[0] = false;
                throw new IllegalStateException("downstream failed");
            }
            seen.add(java.util.Arrays.copyOf(window, size));
        });
        double[] s = { 1, 2, 3, 4, 5, 6 };
        assertThrows(IllegalStateException.class, () -> w.push(s, 0, 6));
        assertEquals(2, w.samplesPushed(), "the sample completing the window is consumed, the rest not");
        w.push(s, 2, 4);
        assertEquals(2, seen.size());
        assertArrayEquals(new double[] { 3, 4 }, seen.get(0));
        assertArrayEquals(new double[] { 5, 6 }, seen.get(1));
    }

    @Test
    void invalidConfigurationsAreRejectedNamingTheValues() {
        Windower.Sink sink = (window, size, first) -> { };
        assertMessageContains(() -> new Windower(0, 1, new double[1], sink), "window size 0");
        assertMessageContains(() -> new Windower(8, 0, new double[8], sink), "hop 0");
        assertMessageContains(() -> new Windower(8, 9, new double[8], sink), "hop 9", "window size 8");
        assertMessageContains(() -> new Windower(8, -3, new double[8], sink), "hop -3");
        assertMessageContains(() -> new Windower(8, 4, new double[7], sink), "7", "8");
        assertThrows(NullPointerException.class, () -> new Windower(8, 4, new double[8], null));
        Windower w = new Windower(8, 4, new double[8], sink);
        assertThrows(IndexOutOfBoundsException.class, () -> w.push(new double[4], 2, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> w.push(new double[4], -1, 1));
    }

    static void assertMessageContains(Runnable action, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action::run);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' should name " + part);
        }
    }
}
