package io.fabrica.pipeline.features;

import java.util.Objects;

/**
 * Cuts a stream of samples into (possibly overlapping) windows, as configured by a pipeline's
 * {@code WindowStage}: once {@code size} samples have arrived it emits a window, and then one every
 * {@code hop} samples, each holding the latest {@code size} samples oldest first. Window {@code j}
 * therefore covers stream samples {@code [j * hop, j * hop + size)}; {@code hop < size} overlaps
 * windows, {@code hop == size} tiles the stream.
 * <p>
 * Samples go into a ring buffer of {@code size} slots; a window is copied from the ring into the
 * caller-owned {@code window} array given to the constructor and handed to the {@link Sink}, so
 * neither pushing samples nor emitting windows allocates. Samples may be pushed one at a time or in
 * chunks of any length; the windows do not depend on how the stream is split.
 * <p>
 * <b>Threading:</b> not thread-safe; confine an instance (and its window array) to one thread. The
 * sink runs on the pushing thread.
 */
public final class Windower {

    /** Receives the windows of a {@link Windower}. */
    @FunctionalInterface
    public interface Sink {

        /**
         * Called once per window, on the thread that pushed the completing sample.
         *
         * @param window the caller-owned window array, holding the {@code size} samples oldest first
         *            in {@code window[0 .. size)}; it is overwritten by the next window, so copy what
         *            must outlive the call
         * @param size the window size in samples
         * @param firstSample index in the stream (counting from 0 since construction or
         *            {@link Windower#reset()}) of {@code window[0]}; divide by the sample rate for a
         *            time offset
         */
        void accept(double[] window, int size, long firstSample);
    }

    private final int size;
    private final int hop;
    private final double[] ring;
    private final double[] window;
    private final Sink sink;
    /** Ring slot the next sample goes to; once the ring is full it is also the oldest sample. */
    private int write;
    /** Samples still to arrive before the next window is due. */
    private int untilNext;
    private long pushed;

    /**
     * Creates a windower; allocates the ring of {@code size} doubles.
     *
     * @param size samples per window, at least 1
     * @param hop samples between the starts of consecutive windows, 1 to {@code size} (the same rule
     *            as the pipeline validator applies to a {@code WindowStage})
     * @param window caller-owned array of at least {@code size} values the windows are written into
     * @param sink receives each window
     * @throws IllegalArgumentException if {@code size} or {@code hop} is out of range or
     *             {@code window} is shorter than {@code size}
     * @throws NullPointerException if {@code window} or {@code sink} is null
     */
    public Windower(int size, int hop, double[] window, Sink sink) {
        if (size < 1) {
            throw new IllegalArgumentException("window size " + size + " must be at least 1");
        }
        if (hop < 1 || hop > size) {
            throw new IllegalArgumentException("hop " + hop + " must be between 1 and the window size " + size);
        }
        Objects.requireNonNull(window, "window");
        if (window.length < size) {
            throw new IllegalArgumentException("window array has " + window.length
                    + " values, fewer than the window size " + size);
        }
        this.size = size;
        this.hop = hop;
        this.window = window;
        this.sink = Objects.requireNonNull(sink, "sink");
        this.ring = new double[size];
        this.untilNext = size;
    }

    /** @return samples per window */
    public int size() {
        return size;
    }

    /** @return samples between window starts */
    public int hop() {
        return hop;
    }

    /** @return samples consumed since construction or the last {@link #reset()} */
    public long samplesPushed() {
        return pushed;
    }

    /** Forgets all buffered samples, as if newly constructed (e.g. after a gap in the stream). */
    public void reset() {
        write = 0;
        untilNext = size;
        pushed = 0;
    }

    /**
     * Pushes one sample; emits a window if this sample completes one.
     *
     * @param sample the next sample of the stream
     * @throws RuntimeException whatever the sink throws; the sample counts as consumed
     */
    public void push(double sample) {
        ring[write] = sample;
        write = write + 1 == size ? 0 : write + 1;
        pushed++;
        if (--untilNext == 0) {
            emit();
        }
    }

    /**
     * Pushes {@code length} samples; emits every window they complete, in stream order, before
     * returning. Samples are copied, so the caller may reuse {@code samples} afterwards.
     * <p>
     * If the sink throws, the exception propagates and the samples after the one that completed that
     * window are not consumed ({@link #samplesPushed()} tells how far the stream got); the windower
     * stays consistent and can be pushed to again.
     *
     * @param samples array holding the samples
     * @param offset index of the first sample in {@code samples}
     * @param length number of samples, may be 0
     * @throws IndexOutOfBoundsException if {@code offset} and {@code length} do not fit {@code samples}
     */
    public void push(double[] samples, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, samples.length);
        int i = offset;
        int end = offset + length;
        while (i < end) {
            // Copy up to the next window boundary in at most two block copies instead of per sample.
            int n = Math.min(untilNext, end - i);
            store(samples, i, n);
            i += n;
            pushed += n;
            untilNext -= n;
            if (untilNext == 0) {
                emit();
            }
        }
    }

    /** Copies {@code n <= size} samples into the ring, wrapping around its end. */
    private void store(double[] samples, int from, int n) {
        int first = Math.min(n, size - write);
        System.arraycopy(samples, from, ring, write, first);
        System.arraycopy(samples, from + first, ring, 0, n - first);
        write += n;
        if (write >= size) {
            write -= size;
        }
    }

    private void emit() {
        // The ring is full here, so the oldest sample sits at the write position.
        int tail = size - write;
        System.arraycopy(ring, write, window, 0, tail);
        System.arraycopy(ring, 0, window, tail, write);
        // Update state before calling out, so a throwing sink leaves the windower consistent.
        untilNext = hop;
        sink.accept(window, size, pushed - size);
    }
}
