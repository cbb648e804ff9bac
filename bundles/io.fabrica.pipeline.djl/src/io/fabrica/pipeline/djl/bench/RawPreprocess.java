package io.fabrica.pipeline.djl.bench;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/**
 * The baseline's image preprocessing, written as a plain loop over the camera's bytes: crop,
 * block-average down to the model's size, BT.601 luma, scale to 0..1, then (x - mean) / deviation.
 * It computes what the pipeline's image stage computes for a crop that is a whole multiple of the
 * output size, so both runs feed the model the same tensor.
 */
final class RawPreprocess {

    private final int cropX;
    private final int cropY;
    private final int block;
    private final int size;
    private final float mean;
    private final float deviation;

    RawPreprocess(int cropX, int cropY, int crop, int size, double mean, double deviation) {
        if (crop % size != 0) {
            throw new IllegalArgumentException("crop " + crop + " is not a multiple of " + size);
        }
        this.cropX = cropX;
        this.cropY = cropY;
        this.block = crop / size;
        this.size = size;
        this.mean = (float) mean;
        this.deviation = (float) deviation;
    }

    /** Writes {@code size * size} values to {@code out}; the image must be TYPE_3BYTE_BGR. */
    void run(BufferedImage image, float[] out) {
        byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        int stride = image.getWidth() * 3;
        float scale = 1f / (255f * block * block);
        for (int y = 0; y < size; y++) {
            int rowStart = (cropY + y * block) * stride;
            for (int x = 0; x < size; x++) {
                out[y * size + x] = (blockLuma(bgr, rowStart + (cropX + x * block) * 3, stride) * scale - mean) / deviation;
            }
        }
    }

    /** Sum of the luma of one block, channels summed exactly as integers first. */
    private float blockLuma(byte[] bgr, int start, int stride) {
        int r = 0;
        int g = 0;
        int b = 0;
        for (int dy = 0; dy < block; dy++) {
            int p = start + dy * stride;
            for (int dx = 0; dx < block; dx++, p += 3) {
                b += bgr[p] & 0xff;
                g += bgr[p + 1] & 0xff;
                r += bgr[p + 2] & 0xff;
            }
        }
        return 0.299f * r + 0.587f * g + 0.114f * b;
    }
}
