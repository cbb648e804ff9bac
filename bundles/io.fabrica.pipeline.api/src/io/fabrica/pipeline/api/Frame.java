package io.fabrica.pipeline.api;

/**
 * The current value on one output port: a number, a vector, a window of samples, an image (row-major,
 * {@code channels} interleaved) or a decision. The engine allocates one frame per output port when it
 * compiles the pipeline and stages overwrite it in place, so nothing is allocated per sample; every
 * downstream stage reads the same frame (fan-out without copying) and must not modify it.
 *
 * <p>Not thread-safe: a frame belongs to the thread that runs its graph.
 */
public final class Frame {

    private final float[] values;
    private int length;
    private long timeMillis;
    private String label = "";
    private int width;
    private int height;
    private int channels = 1;
    private Decision decision;

    /**
     * @param capacity the most values this frame can hold
     */
    public Frame(int capacity) {
        this.values = new float[Math.max(capacity, 1)];
    }

    /** @return the value array; only the first {@link #length()} values are valid */
    public float[] values() {
        return values;
    }

    /** @return the number of valid values */
    public int length() {
        return length;
    }

    /** @return the maximum number of values */
    public int capacity() {
        return values.length;
    }

    /**
     * Marks the first {@code n} values as valid.
     *
     * @param n the number of values written
     * @return this frame
     * @throws IllegalArgumentException if {@code n} exceeds the capacity
     */
    public Frame length(int n) {
        if (n > values.length) {
            throw new IllegalArgumentException(n + " values do not fit a frame of " + values.length);
        }
        this.length = n;
        return this;
    }

    /** @return the source time of the value, milliseconds since the epoch (UTC) */
    public long timeMillis() {
        return timeMillis;
    }

    /** @return the ground-truth label carried along from a labelled dataset, empty when live */
    public String label() {
        return label;
    }

    /**
     * Sets time and label, usually copied from the frame that caused this one.
     *
     * @param time the source time
     * @param groundTruth the label, never {@code null}
     * @return this frame
     */
    public Frame stamp(long time, String groundTruth) {
        this.timeMillis = time;
        this.label = groundTruth;
        return this;
    }

    /**
     * Copies time and label from another frame.
     *
     * @param cause the frame this one was computed from
     * @return this frame
     */
    public Frame stampFrom(Frame cause) {
        return stamp(cause.timeMillis, cause.label);
    }

    /**
     * Declares the frame an image.
     *
     * @param w width in pixels
     * @param h height in pixels
     * @param c channels per pixel (1 gray, 3 RGB)
     * @return this frame, with {@code length = w * h * c}
     */
    public Frame image(int w, int h, int c) {
        this.width = w;
        this.height = h;
        this.channels = c;
        return length(w * h * c);
    }

    /** @return the image width, 0 if the frame is not an image */
    public int width() {
        return width;
    }

    /** @return the image height, 0 if the frame is not an image */
    public int height() {
        return height;
    }

    /** @return channels per pixel */
    public int channels() {
        return channels;
    }

    /** @return the decision on a decision port, {@code null} elsewhere */
    public Decision decision() {
        return decision;
    }

    /**
     * Puts a decision on this frame.
     *
     * @param d the decision
     * @return this frame
     */
    public Frame decision(Decision d) {
        this.decision = d;
        return this;
    }
}
