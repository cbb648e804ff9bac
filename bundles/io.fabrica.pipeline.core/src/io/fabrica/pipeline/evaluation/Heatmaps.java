package io.fabrica.pipeline.evaluation;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import io.fabrica.pipeline.ImagePreprocessStage;

/**
 * Heatmap overlays for people: the image as the anomaly stage saw it (after the preprocessing's crop,
 * alignment and resize), tinted from transparent through red to yellow where the anomaly map is high, and the
 * defect's mask outlined in cyan where one is known.
 */
public final class Heatmaps {

    private static final int CYAN = 0x00FFFF;

    private Heatmaps() {
    }

    /**
     * @param imageFile the original image
     * @param preprocess the preprocessing before the anomaly stage, or {@code null}
     * @param map the anomaly map, {@code w × h}
     * @param w its width
     * @param h its height
     * @param mask the defect mask in the map's frame, or {@code null}
     * @param low the map value below which nothing is tinted (normal patches are never at zero distance)
     * @param full the map value shown at full strength (e.g. a little above the threshold)
     * @return the overlay, {@code w × h} RGB
     * @throws IOException if the image cannot be read
     */
    public static BufferedImage overlay(Path imageFile, ImagePreprocessStage preprocess, float[] map, int w, int h, boolean[] mask, double low,
            double full)
            throws IOException {
        StageView view = StageView.of(imageFile, preprocess);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int gray = view == null ? 128 : view.grayAt(x, y, w, h);
                out.setRGB(x, y, tint(gray, (map[y * w + x] - low) / (full - low)));
            }
        }
        outline(out, mask, w, h);
        return out;
    }

    /**
     * @param image an overlay
     * @param longest the longest side wanted
     * @return the image itself if it is small enough, else a smoothly scaled copy
     */
    public static BufferedImage scaledDown(BufferedImage image, int longest) {
        int side = Math.max(image.getWidth(), image.getHeight());
        if (side <= longest) {
            return image;
        }
        int w = Math.max(1, image.getWidth() * longest / side);
        int h = Math.max(1, image.getHeight() * longest / side);
        BufferedImage small = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = small.createGraphics();
        try {
            g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return small;
    }

    /** Blends a heat colour (red rising to yellow) over gray with the strength of the map value. */
    private static int tint(int gray, double strength) {
        double a = Math.max(0, Math.min(1, strength));
        int r = (int) (gray * (1 - a) + 255 * a);
        int g = (int) (gray * (1 - a) + 255 * Math.max(0, 2 * a - 1) * a);
        int b = (int) (gray * (1 - a));
        return (r << 16) | (g << 8) | b;
    }

    private static void outline(BufferedImage out, boolean[] mask, int w, int h) {
        if (mask == null) {
            return;
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (mask[y * w + x] && (x == 0 || y == 0 || x == w - 1 || y == h - 1 || !mask[y * w + x - 1] || !mask[y * w + x + 1]
                        || !mask[(y - 1) * w + x] || !mask[(y + 1) * w + x])) {
                    out.setRGB(x, y, CYAN);
                }
            }
        }
    }
}
