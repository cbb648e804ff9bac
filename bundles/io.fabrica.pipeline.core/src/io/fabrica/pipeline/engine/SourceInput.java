package io.fabrica.pipeline.engine;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

import io.fabrica.model.plant.Signal;
import io.fabrica.pipeline.SignalSource;
import io.fabrica.pipeline.Stage;
import io.fabrica.pipeline.api.Frame;
import io.fabrica.pipeline.api.PipelineException;

/**
 * Where values enter a compiled pipeline: one per source stage. Each push overwrites the source's frame
 * and runs everything downstream before it returns. Not thread-safe (see {@link CompiledPipeline}).
 */
public final class SourceInput {

    private final CompiledPipeline graph;
    private final Node node;
    private final Node[] downstream;
    private final Frame frame;
    private int[] argb = new int[0];
    private byte[] rgb = new byte[0];

    SourceInput(CompiledPipeline graph, Node node, Node[] downstream) {
        this.graph = graph;
        this.node = node;
        this.downstream = downstream;
        this.frame = node.outputs[0];
    }

    /** @return the source stage */
    public Stage stage() {
        return node.stage;
    }

    /** @return the plant signal the source reads, {@code null} for a dataset source */
    public Signal signal() {
        return node.stage instanceof SignalSource s ? s.getSignal() : null;
    }

    /** @return the most values one push may carry */
    public int capacity() {
        return frame.capacity();
    }

    /**
     * Pushes one number.
     *
     * @param value the value
     * @param timeMillis its source time
     * @param label ground truth when replaying a labelled dataset, else empty
     * @throws PipelineException if a stage fails
     */
    public void pushScalar(double value, long timeMillis, String label) throws PipelineException {
        frame.values()[0] = (float) value;
        frame.length(1).stamp(timeMillis, label);
        graph.propagate(node, downstream);
    }

    /**
     * Pushes an array of samples (one window of an array signal).
     *
     * @param samples the samples
     * @param length how many of them are valid
     * @param timeMillis the source time
     * @param label ground truth, or empty
     * @throws PipelineException if the array is longer than the source's capacity (the signal's array
     *         length) or a stage fails
     */
    public void pushSamples(double[] samples, int length, long timeMillis, String label) throws PipelineException {
        if (length > frame.capacity()) {
            throw new PipelineException(node.path + ": received " + length + " samples but the signal carries at most "
                    + frame.capacity() + " (its array length)");
        }
        float[] values = frame.values();
        for (int i = 0; i < length; i++) {
            values[i] = (float) samples[i];
        }
        frame.length(length).stamp(timeMillis, label);
        graph.propagate(node, downstream);
    }

    /**
     * Pushes a tensor that is already floats (e.g. a model's input made elsewhere): one copy into the
     * source's frame, no conversion.
     *
     * @param values the values
     * @param length how many of them are valid
     * @param timeMillis the source time
     * @param label ground truth, or empty
     * @throws PipelineException if there are more values than the source's capacity or a stage fails
     */
    public void pushValues(float[] values, int length, long timeMillis, String label) throws PipelineException {
        if (length > frame.capacity()) {
            throw new PipelineException(node.path + ": received " + length + " values but the source carries at most " + frame.capacity());
        }
        System.arraycopy(values, 0, frame.values(), 0, length);
        frame.length(length).stamp(timeMillis, label);
        graph.propagate(node, downstream);
    }

    /**
     * Pushes an image. 8-bit BGR and gray images are handed to the stages without copying (do not
     * change the image until the push returns); others are converted to RGB bytes once.
     *
     * @param image the image
     * @param timeMillis the source time
     * @param label ground truth (e.g. the part's defect), or empty
     * @throws PipelineException if the image is larger than the source's capacity or a stage fails
     */
    public void pushImage(BufferedImage image, long timeMillis, String label) throws PipelineException {
        int w = image.getWidth();
        int h = image.getHeight();
        if ((long) w * h * 3 > frame.capacity()) {
            throw new PipelineException(node.path + ": image " + w + "x" + h + " is larger than the signal's images (at most "
                    + frame.capacity() / 3 + " pixels)");
        }
        if ((image.getType() == BufferedImage.TYPE_3BYTE_BGR || image.getType() == BufferedImage.TYPE_BYTE_GRAY)
                && image.getRaster().getDataBuffer() instanceof DataBufferByte bytes && bytes.getNumBanks() == 1
                && image.getRaster().getParent() == null && bytes.getData().length == w * h * (image.getType() == BufferedImage.TYPE_BYTE_GRAY ? 1 : 3)) {
            // the raster's own bytes, not copied: a 1080p frame goes to the stages as it came from the decoder
            boolean gray = image.getType() == BufferedImage.TYPE_BYTE_GRAY;
            frame.imageBytes(bytes.getData(), w, h, gray ? 1 : 3, !gray).stamp(timeMillis, label);
        } else {
            if (argb.length < w * h) {
                argb = new int[w * h];
                rgb = new byte[w * h * 3];
            }
            image.getRGB(0, 0, w, h, argb, 0, w);
            for (int p = 0, n = w * h; p < n; p++) {
                int c = argb[p];
                rgb[3 * p] = (byte) (c >> 16);
                rgb[3 * p + 1] = (byte) (c >> 8);
                rgb[3 * p + 2] = (byte) c;
            }
            frame.imageBytes(rgb, w, h, 3, false).stamp(timeMillis, label);
        }
        graph.propagate(node, downstream);
    }
}
