package io.fabrica.pipeline.engine.stages;

import java.util.Arrays;

import io.fabrica.pipeline.PartAlignment;
import io.fabrica.pipeline.api.PipelineException;

/**
 * Locates the part in an image region and resamples the region so that the part's centre is the
 * region's centre and, for {@link PartAlignment#ROTATION}, the part is turned to a common orientation.
 * A variation model compares parts pixel by pixel, so a part that lies 10 px off or turned by 5° would
 * look defective everywhere; this is the "locator" of a fixture-less inspection station.
 *
 * <ul>
 * <li><b>Centre</b>: the centroid of the pixels brighter than Otsu's threshold of the region's
 * histogram (the part against its background, whichever is brighter is the part; holes in the part do
 * not move a symmetric part's centroid).</li>
 * <li><b>Orientation</b>: the luminance on circles around the centre (720 angles), high-passed along
 * the angle (a 30° moving average taken off, which removes the slow brightness change of a directional
 * light), summed over the radii; the phase of its harmonic of the symmetry order {@code n} gives the
 * angle modulo 360°/n. No reference image is needed, so the model holds nothing but the order.</li>
 * </ul>
 * Resampling is bilinear; positions outside the region take the nearest edge pixel. Buffers are
 * allocated once per region size; not thread-safe.
 */
public final class PartAligner {

    private static final int ANGLES = 720;
    private static final int HALF_WINDOW = 30;
    private static final double INNER_RADIUS = 0.1;
    private static final double OUTER_RADIUS = 0.95;

    private final String path;
    private final PartAlignment alignment;
    private final int symmetry;
    private float[] luma = new float[0];
    private float[] aligned = new float[0];
    private final double[] profile = new double[ANGLES];
    private final double[] ring = new double[ANGLES];
    private final double[] cos = new double[ANGLES];
    private final double[] sin = new double[ANGLES];
    private double centreX;
    private double centreY;
    private double angle;

    /**
     * @param path the stage's path, for messages
     * @param alignment centre only, or centre and rotation
     * @param symmetry the part's rotational symmetry order (1 or more)
     * @throws PipelineException if the order is below 1
     */
    public PartAligner(String path, PartAlignment alignment, int symmetry) throws PipelineException {
        if (symmetry < 1) {
            throw new PipelineException(path + ": symmetry order " + symmetry + " is not a rotational symmetry; give 1 or more");
        }
        this.path = path;
        this.alignment = alignment;
        this.symmetry = symmetry;
        for (int t = 0; t < ANGLES; t++) {
            cos[t] = Math.cos(2 * Math.PI * t / ANGLES);
            sin[t] = Math.sin(2 * Math.PI * t / ANGLES);
        }
    }

    /**
     * Aligns a region of an interleaved image.
     *
     * @param bytes the pixels as bytes, or {@code null} when {@code values} holds them
     * @param values the pixels as floats 0..255 (used when {@code bytes} is {@code null})
     * @param channels 1 or 3 (interleaved)
     * @param blueFirst whether 3-channel bytes are BGR
     * @param imageWidth the image's width
     * @param left the region's left edge
     * @param top the region's top edge
     * @param width the region's width
     * @param height the region's height
     * @return the aligned region, interleaved floats 0..255, colour as RGB (a reused buffer)
     * @throws PipelineException if no part stands out of the background (a uniform region)
     */
    public float[] align(byte[] bytes, float[] values, int channels, boolean blueFirst, int imageWidth, int left, int top, int width, int height)
            throws PipelineException {
        return align(bytes, values, channels, blueFirst, imageWidth, left, top, width, height, false);
    }

    /**
     * Aligns a region as {@link #align(byte[], float[], int, boolean, int, int, int, int, int)}, or only
     * its luminance (BT.601), which a gray pipeline needs (a third of the resampling for colour frames).
     *
     * @param grayOnly whether to return one channel, the luminance
     * @return the aligned region: {@code width × height} luminance values if {@code grayOnly}, else
     *         interleaved in the image's channels (colour as RGB); a reused buffer
     * @throws PipelineException as the other form
     */
    public float[] align(byte[] bytes, float[] values, int channels, boolean blueFirst, int imageWidth, int left, int top, int width, int height,
            boolean grayOnly) throws PipelineException {
        int n = width * height;
        int out = grayOnly ? 1 : channels;
        if (luma.length != n || aligned.length != n * out) {
            luma = new float[n];
            aligned = new float[n * out];
        }
        readLuma(bytes, values, channels, blueFirst, imageWidth, left, top, width, height);
        locate(width, height);
        angle = alignment == PartAlignment.ROTATION ? orientation(width, height) : 0;
        if (grayOnly || channels == 1) {
            resample(null, luma, 1, false, width, 0, 0, width, height, aligned);
        } else {
            resample(bytes, values, channels, blueFirst && channels == 3, imageWidth, left, top, width, height, aligned);
        }
        return aligned;
    }

    /**
     * Resamples another image of the last region's size (e.g. its defect mask) exactly as the last
     * {@link #align} resampled the region.
     *
     * @param values interleaved floats
     * @param channels their channels
     * @param width the region's width
     * @param height the region's height
     * @return a new array, resampled
     */
    public float[] resampleLike(float[] values, int channels, int width, int height) {
        float[] out = new float[width * height * channels];
        resample(null, values, channels, false, width, 0, 0, width, height, out);
        return out;
    }

    /** @return the part's centre found by the last {@link #align}, x then y, in region pixels */
    public double[] centre() {
        return new double[] {centreX, centreY};
    }

    /** @return the part's angle found by the last {@link #align}, radians (0 without rotation alignment) */
    public double angle() {
        return angle;
    }

    private void readLuma(byte[] bytes, float[] values, int c, boolean blueFirst, int imageWidth, int left, int top, int width, int height) {
        if (c == 1 && bytes != null) {
            for (int y = 0; y < height; y++) {
                int p = (top + y) * imageWidth + left;
                int at = y * width;
                for (int x = 0; x < width; x++) {
                    luma[at + x] = bytes[p + x] & 0xFF;
                }
            }
            return;
        }
        int red = c == 3 && blueFirst ? 2 : 0;
        int blue = c == 3 && !blueFirst ? 2 : 0;
        for (int y = 0; y < height; y++) {
            int p = c * ((top + y) * imageWidth + left);
            for (int x = 0; x < width; x++, p += c) {
                float v;
                if (c == 1) {
                    v = bytes != null ? bytes[p] & 0xFF : values[p];
                } else if (bytes != null) {
                    v = 0.299f * (bytes[p + red] & 0xFF) + 0.587f * (bytes[p + 1] & 0xFF) + 0.114f * (bytes[p + blue] & 0xFF);
                } else {
                    v = 0.299f * values[p] + 0.587f * values[p + 1] + 0.114f * values[p + 2];
                }
                luma[y * width + x] = v;
            }
        }
    }

    private void locate(int width, int height) throws PipelineException {
        float threshold = otsu();
        double sx = 0;
        double sy = 0;
        long count = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (luma[y * width + x] > threshold) {
                    sx += x + 0.5;
                    sy += y + 0.5;
                    count++;
                }
            }
        }
        if (count == 0 || count == (long) width * height) {
            throw new PipelineException(path + ": found no part in the " + width + "x" + height
                    + " region (its brightness is uniform); align needs a part that stands out of the background");
        }
        centreX = sx / count;
        centreY = sy / count;
    }

    /** Otsu's threshold: the gray level that maximises the between-class variance of the histogram. */
    private float otsu() {
        long[] histogram = new long[256];
        for (float v : luma) {
            histogram[Math.max(0, Math.min(255, (int) v))]++;
        }
        double total = luma.length;
        double sumAll = 0;
        for (int i = 0; i < 256; i++) {
            sumAll += i * (double) histogram[i];
        }
        double below = 0;
        double sumBelow = 0;
        double best = -1;
        int level = 0;
        for (int i = 0; i < 255; i++) {
            below += histogram[i];
            sumBelow += i * (double) histogram[i];
            double above = total - below;
            if (below == 0 || above == 0) {
                continue;
            }
            double difference = sumBelow / below - (sumAll - sumBelow) / above;
            double between = below * above * difference * difference;
            if (between > best) {
                best = between;
                level = i;
            }
        }
        return level + 0.5f;
    }

    private double orientation(int width, int height) {
        double reach = Math.min(Math.min(centreX, width - centreX), Math.min(centreY, height - centreY));
        double step = Math.max(1, reach / 100);
        Arrays.fill(profile, 0);
        for (double r = INNER_RADIUS * reach; r <= OUTER_RADIUS * reach; r += step) {
            for (int t = 0; t < ANGLES; t++) {
                ring[t] = bilinear(luma, width, height, centreX - 0.5 + r * cos[t], centreY - 0.5 + r * sin[t]);
            }
            addHighPassed();
        }
        double re = 0;
        double im = 0;
        for (int t = 0; t < ANGLES; t++) {
            int k = (int) ((long) symmetry * t % ANGLES);
            re += profile[t] * cos[k];
            im += profile[t] * sin[k];
        }
        return Math.atan2(im, re) / symmetry;
    }

    /** Adds a ring minus its moving average over {@code 2 · HALF_WINDOW + 1} angles to the profile. */
    private void addHighPassed() {
        double sum = 0;
        for (int t = -HALF_WINDOW; t <= HALF_WINDOW; t++) {
            sum += ring[Math.floorMod(t, ANGLES)];
        }
        for (int t = 0; t < ANGLES; t++) {
            profile[t] += ring[t] - sum / (2 * HALF_WINDOW + 1);
            sum += ring[(t + HALF_WINDOW + 1) % ANGLES] - ring[Math.floorMod(t - HALF_WINDOW, ANGLES)];
        }
    }

    /**
     * Each output pixel (u, v) reads the source at the centre plus (u, v) from the middle, turned by
     * the angle. Along a row the source position moves by a constant step, and only rows or pixels
     * near the region's edge need the clamps (a clamp and a call per pixel made alignment of a 720x720
     * region the costliest part of the frame).
     */
    private void resample(byte[] bytes, float[] values, int c, boolean swap, int imageWidth, int left, int top, int width, int height,
            float[] into) {
        double cosA = Math.cos(angle);
        double sinA = Math.sin(angle);
        double dx0 = 0.5 - width / 2.0;
        for (int v = 0; v < height; v++) {
            double dy = v + 0.5 - height / 2.0;
            double x = centreX - 0.5 + cosA * dx0 - sinA * dy;
            double y = centreY - 0.5 + sinA * dx0 + cosA * dy;
            int row = v * width * c;
            for (int u = 0; u < width; u++, x += cosA, y += sinA) {
                if (c == 1 && bytes == null && x >= 0 && y >= 0 && x < width - 1 && y < height - 1) {
                    into[row + u] = planeBilinear(values, imageWidth, left, top, x, y);
                } else {
                    sample(bytes, values, c, swap, imageWidth, left, top, width, height, x, y, into, row + u * c);
                }
            }
        }
    }

    /** Bilinear read of a one-channel float source at a point inside the region (no clamps needed). */
    private static float planeBilinear(float[] values, int imageWidth, int left, int top, double x, double y) {
        int x0 = (int) x;
        int y0 = (int) y;
        float fx = (float) (x - x0);
        float fy = (float) (y - y0);
        int p = (top + y0) * imageWidth + left + x0;
        float a = values[p];
        float b = values[p + 1];
        float d = values[p + imageWidth];
        float e = values[p + imageWidth + 1];
        return (a + (b - a) * fx) * (1 - fy) + (d + (e - d) * fx) * fy;
    }

    private static void sample(byte[] bytes, float[] values, int c, boolean swap, int imageWidth, int left, int top, int width, int height,
            double x, double y, float[] into, int at) {
        double cx = Math.max(0, Math.min(width - 1, x));
        double cy = Math.max(0, Math.min(height - 1, y));
        int x0 = Math.min(width - 2, (int) cx);
        int y0 = Math.min(height - 2, (int) cy);
        float fx = (float) (cx - x0);
        float fy = (float) (cy - y0);
        int p00 = c * ((top + y0) * imageWidth + left + x0);
        int p10 = p00 + c * imageWidth;
        for (int k = 0; k < c; k++) {
            float a = read(bytes, values, p00 + k);
            float b = read(bytes, values, p00 + c + k);
            float d = read(bytes, values, p10 + k);
            float e = read(bytes, values, p10 + c + k);
            into[at + (swap ? 2 - k : k)] = (a + (b - a) * fx) * (1 - fy) + (d + (e - d) * fx) * fy;
        }
    }

    private static float read(byte[] bytes, float[] values, int i) {
        return bytes != null ? bytes[i] & 0xFF : values[i];
    }

    private static double bilinear(float[] plane, int width, int height, double x, double y) {
        double cx = Math.max(0, Math.min(width - 1, x));
        double cy = Math.max(0, Math.min(height - 1, y));
        int x0 = Math.min(width - 2, (int) cx);
        int y0 = Math.min(height - 2, (int) cy);
        double fx = cx - x0;
        double fy = cy - y0;
        int i = y0 * width + x0;
        return (plane[i] * (1 - fx) + plane[i + 1] * fx) * (1 - fy) + (plane[i + width] * (1 - fx) + plane[i + width + 1] * fx) * fy;
    }
}
