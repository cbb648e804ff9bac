package io.fabrica.pipeline.evaluation;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import io.fabrica.pipeline.ImagePreprocessStage;
import io.fabrica.pipeline.PartAlignment;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.engine.stages.PartAligner;

/**
 * An image as the anomaly stage's preprocessing sees it before resizing: the crop, and the part
 * aligned (centred, turned) where the stage aligns it. A defect's mask is brought into the same frame
 * with the same transform, so that pixel metrics and heatmaps compare the map with the right pixels.
 */
final class StageView {

    private final float[] gray;
    private final int width;
    private final int height;
    private final int left;
    private final int top;
    private final PartAligner aligner;

    private StageView(float[] gray, int width, int height, int left, int top, PartAligner aligner) {
        this.gray = gray;
        this.width = width;
        this.height = height;
        this.left = left;
        this.top = top;
        this.aligner = aligner;
    }

    /**
     * @param imageFile the original image
     * @param preprocess the preprocessing before the anomaly stage, or {@code null}
     * @return the view, or {@code null} if the file is not a readable image
     * @throws IOException if the file cannot be read, or the part cannot be located in it
     */
    static StageView of(Path imageFile, ImagePreprocessStage preprocess) throws IOException {
        BufferedImage image = ImageIO.read(imageFile.toFile());
        if (image == null) {
            return null;
        }
        int left = 0;
        int top = 0;
        int w = image.getWidth();
        int h = image.getHeight();
        if (preprocess != null && preprocess.getCropWidth() > 0 && preprocess.getCropHeight() > 0) {
            left = Math.min(preprocess.getCropX(), w - 1);
            top = Math.min(preprocess.getCropY(), h - 1);
            w = Math.min(preprocess.getCropWidth(), image.getWidth() - left);
            h = Math.min(preprocess.getCropHeight(), image.getHeight() - top);
        }
        float[] gray = luma(image, left, top, w, h);
        if (preprocess == null || preprocess.getAlignment() == PartAlignment.NONE) {
            return new StageView(gray, w, h, left, top, null);
        }
        try {
            PartAligner aligner = new PartAligner(imageFile.getFileName().toString(), preprocess.getAlignment(), preprocess.getSymmetry());
            float[] aligned = aligner.align(null, gray, 1, false, w, 0, 0, w, h).clone();
            return new StageView(aligned, w, h, left, top, aligner);
        } catch (PipelineException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** @return the gray value 0..255 at a point of the map's frame ({@code w × h} over the region) */
    int grayAt(int x, int y, int w, int h) {
        int sx = Math.min(width - 1, (int) ((x + 0.5) * width / w));
        int sy = Math.min(height - 1, (int) ((y + 0.5) * height / h));
        return Math.max(0, Math.min(255, Math.round(gray[sy * width + sx])));
    }

    /**
     * @param maskImage the defect mask of the original image (white is defect)
     * @param w the map's width
     * @param h the map's height
     * @return the mask in the map's frame: cropped, aligned like the image, nearest-neighbour resized
     */
    boolean[] mask(BufferedImage maskImage, int w, int h) {
        float[] region = new float[width * height];
        for (int y = 0; y < height; y++) {
            int sy = Math.min(maskImage.getHeight() - 1, top + y);
            for (int x = 0; x < width; x++) {
                int sx = Math.min(maskImage.getWidth() - 1, left + x);
                region[y * width + x] = maskImage.getRGB(sx, sy) & 0xFF;
            }
        }
        float[] seen = aligner == null ? region : aligner.resampleLike(region, 1, width, height);
        boolean[] mask = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            int sy = Math.min(height - 1, (int) ((y + 0.5) * height / h));
            for (int x = 0; x < w; x++) {
                int sx = Math.min(width - 1, (int) ((x + 0.5) * width / w));
                mask[y * w + x] = seen[sy * width + sx] > 127;
            }
        }
        return mask;
    }

    private static float[] luma(BufferedImage image, int left, int top, int w, int h) {
        float[] gray = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(left + x, top + y);
                gray[y * w + x] = (((rgb >> 16) & 0xFF) * 299 + ((rgb >> 8) & 0xFF) * 587 + (rgb & 0xFF) * 114) / 1000f;
            }
        }
        return gray;
    }
}
