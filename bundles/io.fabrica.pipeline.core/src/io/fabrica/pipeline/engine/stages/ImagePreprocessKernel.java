package io.fabrica.pipeline.engine.stages;

import io.fabrica.pipeline.ImagePreprocessStage;
import io.fabrica.pipeline.api.Frame;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.api.StageKernel;

/**
 * Crops an RGB image (values 0..255, interleaved) to the stage's crop rectangle if it has one, resizes
 * it to the stage's size by area averaging, optionally
 * to gray (ITU-R BT.601 luma), scales to 0..1 and normalizes with the stage's mean and deviation. The
 * output is planar (channel, row, column), the layout convolutional models take.
 */
final class ImagePreprocessKernel implements StageKernel {

    private final String path;
    private final int width;
    private final int height;
    private final boolean gray;
    private final float mean;
    private final float deviation;
    private final int cropX;
    private final int cropY;
    private final int cropWidth;
    private final int cropHeight;
    private int[] columnStart = new int[0];
    private int sourceWidth = -1;

    ImagePreprocessKernel(String path, ImagePreprocessStage stage) throws PipelineException {
        this.path = path;
        this.width = stage.getWidth();
        this.height = stage.getHeight();
        if (width < 1 || height < 1) {
            throw new PipelineException(path + ": has size " + width + "x" + height + "; give the model's input size");
        }
        this.gray = stage.isGrayscale();
        this.mean = (float) stage.getMean();
        this.deviation = stage.getDeviation() == 0 ? 1f : (float) stage.getDeviation();
        this.cropX = Math.max(0, stage.getCropX());
        this.cropY = Math.max(0, stage.getCropY());
        this.cropWidth = stage.getCropWidth();
        this.cropHeight = stage.getCropHeight();
    }

    @Override
    public boolean process(Frame[] inputs, Frame[] outputs) throws PipelineException {
        Frame in = inputs[0];
        int w = in.width();
        boolean cropped = cropWidth > 0 && cropHeight > 0;
        int regionWidth = cropped ? cropWidth : w;
        int regionHeight = cropped ? cropHeight : in.height();
        if (cropX + regionWidth > w || cropY + regionHeight > in.height()) {
            throw new PipelineException(path + ": image " + w + "x" + in.height() + " does not contain the crop " + regionWidth + "x"
                    + regionHeight + " at (" + cropX + ", " + cropY + ")");
        }
        if (regionWidth < width || regionHeight < height) {
            throw new PipelineException(path + ": image region " + regionWidth + "x" + regionHeight + " is smaller than the stage's "
                    + width + "x" + height);
        }
        if (w != sourceWidth) {
            columnStart = edges(regionWidth, width, cropped ? cropX : 0);
            sourceWidth = w;
        }
        float[] src = in.values();
        float[] out = outputs[0].values();
        int channels = gray ? 1 : 3;
        int plane = width * height;
        int top = cropped ? cropY : 0;
        for (int y = 0; y < height; y++) {
            int y0 = top + (int) ((long) y * regionHeight / height);
            int y1 = top + (int) ((long) (y + 1) * regionHeight / height);
            for (int x = 0; x < width; x++) {
                average(src, w, y0, y1, columnStart[x], columnStart[x + 1], out, y * width + x, plane);
            }
        }
        outputs[0].image(width, height, channels).stampFrom(in);
        return true;
    }

    private void average(float[] src, int w, int y0, int y1, int x0, int x1, float[] out, int at, int plane) {
        float r = 0;
        float g = 0;
        float b = 0;
        for (int y = y0; y < y1; y++) {
            int row = y * w;
            for (int x = x0; x < x1; x++) {
                int p = 3 * (row + x);
                r += src[p];
                g += src[p + 1];
                b += src[p + 2];
            }
        }
        float scale = 1f / (255f * (y1 - y0) * (x1 - x0));
        if (gray) {
            out[at] = ((0.299f * r + 0.587f * g + 0.114f * b) * scale - mean) / deviation;
        } else {
            out[at] = (r * scale - mean) / deviation;
            out[plane + at] = (g * scale - mean) / deviation;
            out[2 * plane + at] = (b * scale - mean) / deviation;
        }
    }

    private static int[] edges(int source, int target, int offset) {
        int[] e = new int[target + 1];
        for (int i = 0; i <= target; i++) {
            e[i] = offset + (int) ((long) i * source / target);
        }
        return e;
    }
}
