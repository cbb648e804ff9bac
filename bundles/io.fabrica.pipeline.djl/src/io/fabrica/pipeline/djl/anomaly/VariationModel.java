package io.fabrica.pipeline.djl.anomaly;

import java.util.List;
import java.util.Map;

import io.fabrica.pipeline.djl.onnx.OnnxGraphBuilder;

/**
 * The classical variation model (as in machine-vision libraries' "variation model"): for aligned
 * images of good parts, the mean and the deviation of every pixel; a part is scored by how many
 * deviations each of its pixels lies from the mean. Before that, each image is high-passed (minus its
 * local mean over a {@code (2r+1)²} box), so that a brighter or differently lit part is not an anomaly
 * while a scratch, a spot or a dent is. Needs parts at the same place and orientation: use it after an
 * image preprocessing that aligns the part.
 *
 * <p>The exported model is one ONNX graph: image {@code [1, c, n, n]} (values 0..1, channels averaged)
 * in, the map of deviations {@code [1, n, n]} out. The box filter is computed with running sums
 * ({@code CumSum}), a constant number of operations per pixel whatever the box's size.
 */
final class VariationModel {

    /** The feature-extractor name that selects this method on an anomaly stage. */
    static final String NAME = "variation-model";

    /** Half-side of the high-pass box: brightness changes slower than about 40 px are lighting, not defects. */
    static final int RADIUS = 20;

    /** Added to every pixel's deviation (gray levels 0..1): sensor noise of about 3 levels is never an anomaly. */
    static final float DEVIATION_FLOOR = 3f / 255f;

    private final int side;
    private final float[] mean;
    private final float[] inverse;

    private VariationModel(int side, float[] mean, float[] inverse) {
        this.side = side;
        this.mean = mean;
        this.inverse = inverse;
    }

    /**
     * Fits the model.
     *
     * @param images the captured images (square, {@code side × side})
     * @param train the indices of the good images to fit on
     * @return the model
     */
    static VariationModel fit(CapturedImages images, List<Integer> train) {
        int side = images.width;
        int n = side * side;
        double[] sum = new double[n];
        double[] squares = new double[n];
        float[] image = new float[n * images.channels];
        for (int i : train) {
            float[] hp = highPass(gray(images.image(i, image), images.channels, n), side);
            for (int p = 0; p < n; p++) {
                sum[p] += hp[p];
                squares[p] += hp[p] * (double) hp[p];
            }
        }
        float[] mean = new float[n];
        float[] inverse = new float[n];
        for (int p = 0; p < n; p++) {
            double m = sum[p] / train.size();
            double deviation = Math.sqrt(Math.max(0, squares[p] / train.size() - m * m));
            mean[p] = (float) m;
            inverse[p] = (float) (1 / (deviation + DEVIATION_FLOOR));
        }
        return new VariationModel(side, mean, inverse);
    }

    /** @return bytes of the fitted statistics */
    long bytes() {
        return 8L * side * side;
    }

    /**
     * The map Java computes for an image, to check the exported model against.
     *
     * @param image planar 0..1
     * @param channels its channels
     * @return deviations per pixel
     */
    float[] map(float[] image, int channels) {
        float[] hp = highPass(gray(image, channels, side * side), side);
        for (int p = 0; p < hp.length; p++) {
            hp[p] = Math.abs(hp[p] - mean[p]) * inverse[p];
        }
        return hp;
    }

    /**
     * @param channels the image channels
     * @return the ONNX model
     */
    byte[] onnx(int channels) {
        int k = 2 * RADIUS + 1;
        OnnxGraphBuilder g = new OnnxGraphBuilder("fabrica-variation-model").nodePrefix("fabrica/").opset(13);
        g.input(AnomalyGraphs.INPUT, 1, channels, side, side);
        String x = AnomalyGraphs.INPUT;
        if (channels > 1) {
            x = "fabrica/gray";
            g.node("ReduceMean", List.of(AnomalyGraphs.INPUT), List.of(x), Map.of("axes", new long[] {1}, "keepdims", 1));
        }
        g.initializerInt64("fabrica/boxpads", 0, 0, RADIUS, RADIUS, 0, 0, RADIUS, RADIUS);
        g.node("Pad", List.of(x, "fabrica/boxpads"), List.of("fabrica/padded"));
        g.initializerInt64("fabrica/rows", 2).initializerInt64("fabrica/columns", 3);
        g.node("CumSum", List.of("fabrica/padded", "fabrica/rows"), List.of("fabrica/down"));
        g.node("CumSum", List.of("fabrica/down", "fabrica/columns"), List.of("fabrica/integral"));
        g.initializerInt64("fabrica/leadpads", 0, 0, 1, 1, 0, 0, 0, 0);
        g.node("Pad", List.of("fabrica/integral", "fabrica/leadpads"), List.of("fabrica/table"));
        g.initializerInt64("fabrica/axes", 2, 3);
        corner(g, "fabrica/a", k, k);
        corner(g, "fabrica/b", 0, k);
        corner(g, "fabrica/c", k, 0);
        corner(g, "fabrica/d", 0, 0);
        g.node("Sub", List.of("fabrica/a", "fabrica/b"), List.of("fabrica/ab"));
        g.node("Sub", List.of("fabrica/ab", "fabrica/c"), List.of("fabrica/abc"));
        g.node("Add", List.of("fabrica/abc", "fabrica/d"), List.of("fabrica/boxsum"));
        g.initializer("fabrica/invcount", inverseCounts(), 1, 1, side, side);
        g.node("Mul", List.of("fabrica/boxsum", "fabrica/invcount"), List.of("fabrica/local"));
        g.node("Sub", List.of(x, "fabrica/local"), List.of("fabrica/highpass"));
        g.initializer("fabrica/mean", mean, 1, 1, side, side).initializer("fabrica/inverse", inverse, 1, 1, side, side);
        g.node("Sub", List.of("fabrica/highpass", "fabrica/mean"), List.of("fabrica/difference"));
        g.node("Abs", List.of("fabrica/difference"), List.of("fabrica/absolute"));
        g.node("Mul", List.of("fabrica/absolute", "fabrica/inverse"), List.of("fabrica/deviations"));
        g.initializerInt64("fabrica/mapshape", 1, side, side);
        g.node("Reshape", List.of("fabrica/deviations", "fabrica/mapshape"), List.of(AnomalyGraphs.SCORES));
        g.output(AnomalyGraphs.SCORES, 1, side, side);
        return g.toBytes();
    }

    /** The table's {@code side × side} window starting at (row, column), as the tensor {@code name}. */
    private void corner(OnnxGraphBuilder g, String name, int row, int column) {
        g.initializerInt64(name + "/starts", row, column).initializerInt64(name + "/ends", row + side, column + side);
        g.node("Slice", List.of("fabrica/table", name + "/starts", name + "/ends", "fabrica/axes"), List.of(name));
    }

    /** 1 / the number of image pixels inside each pixel's box (the box is cut at the borders). */
    private float[] inverseCounts() {
        float[] inv = new float[side * side];
        for (int y = 0; y < side; y++) {
            int rows = Math.min(side, y + RADIUS + 1) - Math.max(0, y - RADIUS);
            for (int x = 0; x < side; x++) {
                int columns = Math.min(side, x + RADIUS + 1) - Math.max(0, x - RADIUS);
                inv[y * side + x] = 1f / (rows * columns);
            }
        }
        return inv;
    }

    private static float[] gray(float[] planar, int channels, int n) {
        if (channels == 1) {
            return planar;
        }
        float[] gray = new float[n];
        for (int p = 0; p < n; p++) {
            float s = 0;
            for (int c = 0; c < channels; c++) {
                s += planar[c * n + p];
            }
            gray[p] = s / channels;
        }
        return gray;
    }

    /** The image minus its mean over the box around each pixel (cut at the borders), with an integral image. */
    static float[] highPass(float[] image, int side) {
        int w = side + 1;
        double[] integral = new double[w * w];
        for (int y = 0; y < side; y++) {
            double row = 0;
            for (int x = 0; x < side; x++) {
                row += image[y * side + x];
                integral[(y + 1) * w + x + 1] = integral[y * w + x + 1] + row;
            }
        }
        float[] out = new float[side * side];
        for (int y = 0; y < side; y++) {
            int y0 = Math.max(0, y - RADIUS);
            int y1 = Math.min(side, y + RADIUS + 1);
            for (int x = 0; x < side; x++) {
                int x0 = Math.max(0, x - RADIUS);
                int x1 = Math.min(side, x + RADIUS + 1);
                double s = integral[y1 * w + x1] - integral[y0 * w + x1] - integral[y1 * w + x0] + integral[y0 * w + x0];
                out[y * side + x] = (float) (image[y * side + x] - s / ((y1 - y0) * (x1 - x0)));
            }
        }
        return out;
    }
}
