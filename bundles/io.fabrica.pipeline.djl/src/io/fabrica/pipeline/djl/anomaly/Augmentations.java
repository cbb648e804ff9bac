package io.fabrica.pipeline.djl.anomaly;

import java.util.ArrayList;
import java.util.List;

/**
 * The augmentations a supervised image classifier trains on, so that a few hundred labelled parts
 * teach it what a defect looks like rather than where it happened to lie: mirror images, small turns
 * and brightness changes. Images are planar (channel, row, column), square, values 0..1.
 */
final class Augmentations {

    /** Turns, in degrees, either way: a part on a fixture or after alignment does not lie at any angle. */
    static final double TURN_DEGREES = 8;

    /** Brightness factors: a lamp ages, a camera's exposure drifts by a few per cent. */
    static final float[] BRIGHTNESS = {0.9f, 1.1f};

    /** Images per original: itself and six variants. */
    static final int VARIANTS = 7;

    private Augmentations() {
    }

    /**
     * @param image one image
     * @param channels its channels
     * @param side its side
     * @return the image itself followed by six variants: mirrored left-right, mirrored top-bottom,
     *         turned by ±{@value #TURN_DEGREES}°, darker and brighter
     */
    static List<float[]> of(float[] image, int channels, int side) {
        List<float[]> all = new ArrayList<>();
        all.add(image);
        all.add(mirror(image, channels, side, true));
        all.add(mirror(image, channels, side, false));
        all.add(turn(image, channels, side, Math.toRadians(TURN_DEGREES)));
        all.add(turn(image, channels, side, -Math.toRadians(TURN_DEGREES)));
        for (float factor : BRIGHTNESS) {
            float[] scaled = new float[image.length];
            for (int i = 0; i < image.length; i++) {
                scaled[i] = Math.min(1f, image[i] * factor);
            }
            all.add(scaled);
        }
        return all;
    }

    private static float[] mirror(float[] image, int channels, int side, boolean leftRight) {
        float[] out = new float[image.length];
        int plane = side * side;
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    int from = leftRight ? y * side + side - 1 - x : (side - 1 - y) * side + x;
                    out[c * plane + y * side + x] = image[c * plane + from];
                }
            }
        }
        return out;
    }

    /** Turned about the centre, bilinear, edge pixels repeated outside. */
    private static float[] turn(float[] image, int channels, int side, double angle) {
        float[] out = new float[image.length];
        int plane = side * side;
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double mid = (side - 1) / 2.0;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                double sx = Math.max(0, Math.min(side - 1, mid + cos * (x - mid) - sin * (y - mid)));
                double sy = Math.max(0, Math.min(side - 1, mid + sin * (x - mid) + cos * (y - mid)));
                int x0 = Math.min(side - 2, (int) sx);
                int y0 = Math.min(side - 2, (int) sy);
                float fx = (float) (sx - x0);
                float fy = (float) (sy - y0);
                for (int c = 0; c < channels; c++) {
                    int p = c * plane + y0 * side + x0;
                    float top = image[p] + (image[p + 1] - image[p]) * fx;
                    float bottom = image[p + side] + (image[p + side + 1] - image[p + side]) * fx;
                    out[c * plane + y * side + x] = top + (bottom - top) * fy;
                }
            }
        }
        return out;
    }
}
