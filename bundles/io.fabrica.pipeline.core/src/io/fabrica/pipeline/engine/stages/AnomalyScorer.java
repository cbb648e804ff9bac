package io.fabrica.pipeline.engine.stages;

import java.util.Arrays;

import io.fabrica.pipeline.api.InferenceSession;
import io.fabrica.pipeline.api.PipelineException;

/**
 * Scores an image with an anomaly model at native resolution: cuts it into square tiles of the
 * model's input size with some overlap, runs the model on each (one distance to the memory bank of
 * good patches per grid cell), merges the tiles' grids into one grid over the whole image (the
 * highest distance where tiles overlap), smooths it with a Gaussian and reads the image score as its
 * maximum. The anomaly map is the merged grid resized to the image (bilinear), on demand.
 *
 * <p>A model may also give two planes, {@code [2, g, g]}: the first is the anomaly map, the second the
 * grid the image score is read from (a model whose fine layers localise defects best while its
 * deeper layers separate good from defective images best, see {@code GaussianTraining}). Both are
 * merged and smoothed alike.
 *
 * <p>The same code scores held-out images during training and every frame in a pipeline, so the
 * threshold fitted in training applies to what the pipeline computes. Allocates once per image size;
 * not thread-safe.
 */
public final class AnomalyScorer {

    private final String path;
    private final InferenceSession session;
    private final int channels;
    private final int tile;
    private final int overlap;
    private final int gridSide;
    private final int stride;
    private final float[] kernel;
    private final float[] tileInput;
    private final float[] tileGrid;
    private final int planes;
    private int width = -1;
    private int height = -1;
    private int gridWidth;
    private int gridHeight;
    private float[] grid = new float[0];
    private float[] scoreGrid = new float[0];
    private float[] scratch = new float[0];
    private int[] lefts = new int[0];
    private int[] tops = new int[0];
    private int[] mapX0 = new int[0];
    private int[] mapX1 = new int[0];
    private float[] mapFx = new float[0];

    /**
     * @param path the stage's path, for messages
     * @param session the anomaly model: input {@code [channels, tile, tile]} values 0..1, output a
     *        {@code [g, g]} grid of distances (one per {@code tile / g} pixels), or {@code [2, g, g]}: the
     *        map's grid and the score's grid
     * @param tileOverlap overlap of neighbouring tiles in pixels
     * @param smoothing the Gaussian's standard deviation in pixels
     * @throws PipelineException if the model's signature is not that of an anomaly model
     */
    public AnomalyScorer(String path, InferenceSession session, int tileOverlap, double smoothing) throws PipelineException {
        this.path = path;
        this.session = session;
        int[] in = session.signature().inputShape();
        int[] out = session.signature().outputShape();
        if (in.length != 3 || in[1] != in[2] || out.length < 2 || out.length > 3 || out.length == 3 && out[0] != 1 && out[0] != 2
                || out[out.length - 1] != out[out.length - 2] || in[1] % out[out.length - 1] != 0) {
            throw new PipelineException(path + ": the model " + session.signature()
                    + " is not an anomaly model (a [channels, tile, tile] input, a square grid of distances out, or two)");
        }
        this.channels = in[0];
        this.tile = in[1];
        this.gridSide = out[out.length - 1];
        this.stride = tile / gridSide;
        this.overlap = Math.max(0, Math.min(tileOverlap, tile / 2));
        this.kernel = gaussian(smoothing / stride);
        this.tileInput = new float[channels * tile * tile];
        this.planes = out.length == 3 ? out[0] : 1;
        this.tileGrid = new float[planes * gridSide * gridSide];
    }

    /** @return the side of the square tiles in pixels */
    public int tileSize() {
        return tile;
    }

    /** @return the image channels the model takes */
    public int channels() {
        return channels;
    }

    /** @return pixels per grid cell */
    public int stride() {
        return stride;
    }

    /**
     * Scores one image.
     *
     * @param planar the image, planar (channel, row, column), values 0..1
     * @param w width
     * @param h height
     * @param c channels of the image
     * @return the image score, the highest smoothed patch distance
     * @throws PipelineException if the image does not fit the model (channels, smaller than a tile, a
     *         side not a multiple of the grid's stride) or the model fails
     */
    public float score(float[] planar, int w, int h, int c) throws PipelineException {
        check(w, h, c);
        Arrays.fill(grid, 0, gridWidth * gridHeight, 0f);
        Arrays.fill(scoreGrid, 0, scoreGrid.length, 0f);
        for (int top : tops) {
            for (int left : lefts) {
                copyTile(planar, w, h, c, left, top, tile, tileInput);
                session.run(tileInput, tileGrid);
                mergeTile(left / stride, top / stride);
            }
        }
        smooth(grid);
        float[] scored = grid;
        if (planes == 2) {
            smooth(scoreGrid);
            scored = scoreGrid;
        }
        float max = 0;
        for (int i = 0; i < gridWidth * gridHeight; i++) {
            max = Math.max(max, scored[i]);
        }
        return max;
    }

    /**
     * The anomaly map of the last scored image at its full resolution.
     *
     * @param map receives {@code width × height} values, row-major
     */
    public void map(float[] map) {
        if (stride == 1) {
            // one cell per pixel: bilinear resampling would copy the grid
            System.arraycopy(grid, 0, map, 0, width * height);
            return;
        }
        for (int y = 0; y < height; y++) {
            float gy = Math.max(0, Math.min(gridHeight - 1, (y + 0.5f) / stride - 0.5f));
            int y0 = (int) gy;
            int y1 = Math.min(gridHeight - 1, y0 + 1);
            float fy = gy - y0;
            int row0 = y0 * gridWidth;
            int row1 = y1 * gridWidth;
            int at = y * width;
            for (int x = 0; x < width; x++) {
                int x0 = mapX0[x];
                int x1 = mapX1[x];
                float fx = mapFx[x];
                float top = grid[row0 + x0] * (1 - fx) + grid[row0 + x1] * fx;
                float bottom = grid[row1 + x0] * (1 - fx) + grid[row1 + x1] * fx;
                map[at + x] = top * (1 - fy) + bottom * fy;
            }
        }
    }

    /**
     * The grid columns and weight of every map column, made once per image width: computed per pixel
     * (a division and two clamps each), the map of a 960x960 image took 3.3 ms instead of 0.9 ms
     * (same values).
     */
    private void mapColumns() {
        mapX0 = new int[width];
        mapX1 = new int[width];
        mapFx = new float[width];
        for (int x = 0; x < width; x++) {
            float gx = Math.max(0, Math.min(gridWidth - 1, (x + 0.5f) / stride - 0.5f));
            mapX0[x] = (int) gx;
            mapX1[x] = Math.min(gridWidth - 1, mapX0[x] + 1);
            mapFx[x] = gx - mapX0[x];
        }
    }

    /** @return the smoothed grid of the last image, {@code gridWidth × gridHeight}, row-major (a view) */
    public float[] grid() {
        return grid;
    }

    private void check(int w, int h, int c) throws PipelineException {
        if (c != channels) {
            throw new PipelineException(path + ": received an image with " + c + " channel(s); the anomaly model takes " + channels);
        }
        if (w < tile || h < tile) {
            throw new PipelineException(path + ": image " + w + "x" + h + " is smaller than a tile (" + tile + "x" + tile + ")");
        }
        if (w % stride != 0 || h % stride != 0) {
            throw new PipelineException(path + ": image " + w + "x" + h + " is not a multiple of the model's patch stride " + stride
                    + " in both directions; crop or resize it to one");
        }
        if (w != width || h != height) {
            width = w;
            height = h;
            gridWidth = w / stride;
            gridHeight = h / stride;
            grid = new float[gridWidth * gridHeight];
            scoreGrid = new float[planes == 2 ? gridWidth * gridHeight : 0];
            scratch = new float[gridWidth * gridHeight];
            lefts = tileOrigins(w, tile, overlap, stride);
            tops = tileOrigins(h, tile, overlap, stride);
            mapColumns();
        }
    }

    /**
     * Tile origins along one side of an image: evenly spread on the grid of the patch stride, the
     * first at 0 and the last at the far edge, neighbours overlapping by at least {@code overlap}.
     *
     * @param length the side's length in pixels, at least {@code tile}
     * @param tile the tile side
     * @param overlap the overlap in pixels
     * @param stride pixels per grid cell; {@code length} and {@code tile} are multiples of it
     * @return the origins, ascending
     */
    public static int[] tileOrigins(int length, int tile, int overlap, int stride) {
        if (length <= tile) {
            return new int[] {0};
        }
        int step = Math.max(stride, tile - Math.max(0, Math.min(overlap, tile / 2)));
        int count = (int) Math.ceil((length - tile) / (double) step) + 1;
        int[] at = new int[count];
        int cells = (length - tile) / stride;
        for (int i = 0; i < count; i++) {
            at[i] = (int) Math.round((double) i * cells / (count - 1)) * stride;
        }
        return at;
    }

    /**
     * Copies one square tile out of a planar image.
     *
     * @param planar the image (channel, row, column)
     * @param w its width
     * @param h its height
     * @param c its channels
     * @param left the tile's left edge
     * @param top its top edge
     * @param tile its side
     * @param into receives {@code c × tile × tile} values, planar
     */
    public static void copyTile(float[] planar, int w, int h, int c, int left, int top, int tile, float[] into) {
        int plane = w * h;
        int tilePlane = tile * tile;
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < tile; y++) {
                System.arraycopy(planar, ch * plane + (top + y) * w + left, into, ch * tilePlane + y * tile, tile);
            }
        }
    }

    private void mergeTile(int cellX, int cellY) {
        mergePlane(grid, 0, cellX, cellY);
        if (planes == 2) {
            mergePlane(scoreGrid, gridSide * gridSide, cellX, cellY);
        }
    }

    private void mergePlane(float[] into, int from, int cellX, int cellY) {
        for (int y = 0; y < gridSide; y++) {
            int row = (cellY + y) * gridWidth + cellX;
            for (int x = 0; x < gridSide; x++) {
                float d = tileGrid[from + y * gridSide + x];
                if (d > into[row + x]) {
                    into[row + x] = d;
                }
            }
        }
    }

    /**
     * Separable Gaussian on the grid, borders clamped. The clamps are only taken near the borders and
     * the vertical pass runs along rows, so that the JIT vectorizes both: a full-resolution grid
     * (the variation model's, 720x720) took 4x longer with a clamp per tap. Same sums in the same order.
     */
    private void smooth(float[] grid) {
        if (kernel.length == 1) {
            return;
        }
        int r = kernel.length / 2;
        for (int y = 0; y < gridHeight; y++) {
            smoothRow(grid, y * gridWidth, r);
        }
        for (int y = 0; y < gridHeight; y++) {
            int at = y * gridWidth;
            Arrays.fill(grid, at, at + gridWidth, 0f);
            for (int k = -r; k <= r; k++) {
                float weight = kernel[k + r];
                int from = Math.max(0, Math.min(gridHeight - 1, y + k)) * gridWidth;
                for (int x = 0; x < gridWidth; x++) {
                    grid[at + x] += weight * scratch[from + x];
                }
            }
        }
    }

    private void smoothRow(float[] grid, int row, int r) {
        for (int x = 0; x < gridWidth; x++) {
            if (x == r && gridWidth > 2 * r) {
                x = interior(grid, row, r);
            }
            float s = 0;
            for (int k = -r; k <= r; k++) {
                s += kernel[k + r] * grid[row + Math.max(0, Math.min(gridWidth - 1, x + k))];
            }
            scratch[row + x] = s;
        }
    }

    /** The columns whose taps all lie inside the row; returns the first column after them. */
    private int interior(float[] grid, int row, int r) {
        int end = gridWidth - r;
        for (int x = r; x < end; x++) {
            float s = 0;
            int base = row + x - r;
            for (int k = 0; k < kernel.length; k++) {
                s += kernel[k] * grid[base + k];
            }
            scratch[row + x] = s;
        }
        return end;
    }

    private static float[] gaussian(double sigma) {
        if (sigma < 0.1) {
            return new float[] {1f};
        }
        int r = (int) Math.ceil(3 * sigma);
        float[] k = new float[2 * r + 1];
        float sum = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = (float) Math.exp(-i * i / (2 * sigma * sigma));
            sum += k[i + r];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        return k;
    }

    /** @return the width of the last scored image */
    public int width() {
        return width;
    }

    /** @return the height of the last scored image */
    public int height() {
        return height;
    }
}
