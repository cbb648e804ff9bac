package io.fabrica.pipeline.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The current value on one output port: a number, a vector, a window of samples, an image (row-major,
 * {@code channels} interleaved) or a decision. The engine allocates one frame per output port when it
 * compiles the pipeline and stages overwrite it in place, so nothing is allocated per sample; every
 * downstream stage reads the same frame (fan-out without copying) and must not modify it.
 *
 * <p>An image source may instead hand over the camera's 8-bit pixels ({@link #imageBytes}) without
 * copying them: stages that understand {@link #pixels()} read those, and {@link #values()} converts
 * them to floats only when some stage asks for floats. A 1080p frame is 6 million values; converting
 * it on every push cost more than the whole preprocessing and inference.
 *
 * <p>Implemented by Fabrica; vendors use it: the engine creates frames, kernels read their inputs and
 * write their outputs.
 *
 * <p>Not thread-safe: a frame belongs to the thread that runs its graph. A tap or kernel that wants to
 * keep a value copies it.
 *
 * @since 1.0
 */
@ProviderType
public final class Frame {

    private final float[] values;
    private int length;
    private long timeMillis;
    private String label = "";
    private int width;
    private int height;
    private int channels = 1;
    private Decision decision;
    private Recommendation recommendation;
    private byte[] pixels;
    private boolean bgr;
    private boolean stale;

    /**
     * An empty frame (length 0, not an image, no decision).
     *
     * @param capacity the most values this frame can hold; at least 1 is allocated
     */
    public Frame(int capacity) {
        this.values = new float[Math.max(capacity, 1)];
    }

    /**
     * The values, converted from {@link #pixels()} first if an image was put without copying.
     *
     * @return the value array, of length {@link #capacity()}; only the first {@link #length()} values
     *         are valid
     * @throws IllegalStateException if a put image does not fit the capacity
     */
    public float[] values() {
        if (stale) {
            convertPixels();
        }
        return values;
    }

    private void convertPixels() {
        int n = width * height * channels;
        if (n > values.length) {
            throw new IllegalStateException("an image of " + n + " values does not fit a frame of " + values.length);
        }
        for (int p = 0; p < n; p += channels) {
            if (channels == 3 && bgr) {
                values[p] = pixels[p + 2] & 0xff;
                values[p + 1] = pixels[p + 1] & 0xff;
                values[p + 2] = pixels[p] & 0xff;
            } else {
                for (int c = 0; c < channels; c++) {
                    values[p + c] = pixels[p + c] & 0xff;
                }
            }
        }
        stale = false;
    }

    /**
     * Puts an 8-bit image on the frame without copying it: the array is read, never written, and must
     * not change until the next value replaces it.
     *
     * @param data the pixels, row-major, {@code c} interleaved bytes per pixel
     * @param w width
     * @param h height
     * @param c channels (1 gray, 3 colour)
     * @param blueFirst whether colour pixels are stored blue, green, red (Java's TYPE_3BYTE_BGR)
     * @return this frame
     * @throws IllegalArgumentException if the image is larger than the frame's capacity
     */
    public Frame imageBytes(byte[] data, int w, int h, int c, boolean blueFirst) {
        if ((long) w * h * c > values.length) {
            throw new IllegalArgumentException(w + "x" + h + "x" + c + " values do not fit a frame of " + values.length);
        }
        this.pixels = data;
        this.bgr = blueFirst;
        this.width = w;
        this.height = h;
        this.channels = c;
        this.length = w * h * c;
        this.stale = true;
        return this;
    }

    /** @return the 8-bit pixels of an image put by {@link #imageBytes}, or {@code null} if the values are floats */
    public byte[] pixels() {
        return pixels;
    }

    /** @return whether {@link #pixels()} of a colour image are blue, green, red */
    public boolean blueFirst() {
        return bgr;
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
        this.pixels = null;
        this.stale = false;
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
     * @throws IllegalArgumentException if {@code w * h * c} exceeds the capacity
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

    /** @return channels per pixel, 1 if the frame is not an image */
    public int channels() {
        return channels;
    }

    /**
     * @return why the value on this frame was proposed, when a recommendation stage put it there;
     *         {@code null} otherwise
     * @since 1.1
     */
    public Recommendation recommendation() {
        return recommendation;
    }

    /**
     * Attaches the reasons for the value on this frame (a recommendation stage's output, read by the
     * write sink it feeds).
     *
     * @param r the recommendation, or {@code null} to clear it
     * @return this frame
     * @since 1.1
     */
    public Frame recommendation(Recommendation r) {
        this.recommendation = r;
        return this;
    }

    /** @return the decision on a decision port, {@code null} elsewhere */
    public Decision decision() {
        return decision;
    }

    /**
     * Puts a decision on this frame (a decision port's frame).
     *
     * @param d the decision, or {@code null} to clear it
     * @return this frame
     */
    public Frame decision(Decision d) {
        this.decision = d;
        return this;
    }
}
