package io.fabrica.pipeline.evaluation;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import javax.imageio.ImageIO;

import io.fabrica.pipeline.ImagePreprocessStage;
import io.fabrica.pipeline.api.Frame;
import io.fabrica.pipeline.data.DatasetException;
import io.fabrica.pipeline.data.ImageIndex;

/**
 * What inspection is judged by beyond the image-level figures of {@link Evaluator}: the pixel-level
 * ROC AUC of the anomaly maps against the defects' masks (good images contribute all-negative
 * pixels), the defect recall at 1 % and 0.1 % false rejects of good parts, and the images worth
 * looking at — the defects scored lowest (the worst misses) and the good parts scored highest —
 * with their heatmaps. Maps arrive in replay order, so the k-th map belongs to the k-th image of the
 * dataset; masks are brought to the map's frame by the crop and resize of the image preprocessing
 * stage that fed the anomaly stage.
 *
 * <p>Pixels are counted in a histogram of {@link #BINS} bins up to four times the decision threshold,
 * so memory does not grow with the data; the AUC's error is below one bin's share. The rejected images'
 * heatmaps are kept, scaled down and bounded in number, for a person to click through (the Evaluation
 * view).
 */
public final class InspectionMetrics {

    /** Histogram bins of pixel scores. */
    static final int BINS = 4096;

    /** Images kept for the report per group (misses, false rejects). */
    static final int SHOWN = 6;

    /** Heatmaps of rejected images kept for browsing, at most; the highest-scored stay. */
    static final int KEPT_REJECTS = 200;

    /** The longer side of a kept heatmap, in pixels. */
    static final int KEPT_SIZE = 256;

    /**
     * The figures.
     *
     * @param pixelAuroc pixel-level ROC AUC over images with masks and good images; NaN without both kinds of pixels
     * @param pro the normalised area under the per-region overlap curve up to 30 % false-positive pixels
     *        ({@link RegionOverlap}); NaN without masked defects
     * @param regions the connected defect regions the PRO averages over
     * @param maskedImages defective images with a mask
     * @param recallAtOnePercent defect recall where at most 1 % of good images are rejected
     * @param recallAtTenthPercent defect recall where at most 0.1 % of good images are rejected
     * @param goodImages good images scored
     * @param defectImages defective images scored
     * @param shown the images for the report: worst misses first, then the good parts scored highest
     * @param rejected the rejected images (score above the threshold) with their heatmaps, at most {@link
     *        #KEPT_REJECTS}, by the time of their decision
     */
    public record Result(double pixelAuroc, double pro, int regions, int maskedImages, double recallAtOnePercent, double recallAtTenthPercent,
            int goodImages, int defectImages, List<Shown> shown, Map<Long, Shown> rejected) {

        /**
         * @param timeMillis the time of a decision
         * @return the image decided then with its heatmap, if it was kept (a shown or a rejected image), else null
         */
        public Shown heatmapAt(long timeMillis) {
            Shown kept = rejected.get(timeMillis);
            return kept != null ? kept : shown.stream().filter(s -> s.timeMillis() == timeMillis).findFirst().orElse(null);
        }
    }

    /**
     * An image for the report with its anomaly map.
     *
     * @param timeMillis the image's time, which is its decision's
     * @param file the image
     * @param label its ground truth: {@code ok} for a good part, else the defect's kind
     * @param score its image score
     * @param heatmap the image with its anomaly map and mask outline
     */
    public record Shown(long timeMillis, Path file, String label, double score, BufferedImage heatmap) {
    }

    private final List<ImageIndex.Entry> entries;
    private final ImagePreprocessStage preprocess;
    private final double top;
    private final double threshold;
    private final RegionOverlap regions;
    private final TreeMap<Double, Shown> rejects = new TreeMap<>();
    private final long[] positives = new long[BINS];
    private final long[] negatives = new long[BINS];
    private final List<double[]> scores = new ArrayList<>();
    private final List<Shown> candidates = new ArrayList<>();
    private int next;
    private int masked;

    /**
     * @param entries the dataset's images, in replay order
     * @param preprocess the preprocessing before the anomaly stage, {@code null} if the stage sees the images as they are
     * @param threshold the decision's threshold (the histogram reaches four times it)
     */
    public InspectionMetrics(List<ImageIndex.Entry> entries, ImagePreprocessStage preprocess, double threshold) {
        this.entries = entries;
        this.preprocess = preprocess;
        this.top = threshold > 0 ? 4 * threshold : 1;
        this.threshold = threshold;
        this.regions = new RegionOverlap(top);
    }

    /**
     * Adds the next image's anomaly map.
     *
     * @param map the anomaly stage's map output (one channel)
     * @param score the image score
     * @throws IOException if the image's mask cannot be read
     */
    public void add(Frame map, double score) throws IOException {
        if (next >= entries.size()) {
            return;
        }
        ImageIndex.Entry entry = entries.get(next++);
        boolean defect = !isGood(entry);
        scores.add(new double[] {score, defect ? 1 : 0});
        int w = map.width();
        int h = map.height();
        boolean[] mask = defect ? mask(entry, w, h) : null;
        if (defect && mask == null) {
            return;
        }
        float[] v = map.values();
        if (defect) {
            masked++;
            regions.add(v, mask, w, h);
        }
        for (int i = 0; i < w * h; i++) {
            int bin = (int) Math.min(BINS - 1, Math.max(0, v[i] / top * BINS));
            if (mask != null && mask[i]) {
                positives[bin]++;
            } else {
                negatives[bin]++;
            }
        }
        // tinted from half the threshold (where good patches lie) to full strength a little above it
        BufferedImage heatmap = Heatmaps.overlay(entry.file(), preprocess, v, w, h, mask, top / 8, top / 3.2);
        Shown shown = new Shown(entry.timeMillis(), entry.file(), defect ? truth(entry) : "ok", score, heatmap);
        candidates.add(shown);
        trimCandidates();
        if (score > threshold) {
            keepRejected(shown);
        }
    }

    /** Keeps a small copy of a rejected image's heatmap; beyond the bound the lowest-scored go. */
    private void keepRejected(Shown shown) {
        rejects.put(shown.score() + 1e-12 * rejects.size(), new Shown(shown.timeMillis(), shown.file(), shown.label(), shown.score(),
                Heatmaps.scaledDown(shown.heatmap(), KEPT_SIZE)));
        if (rejects.size() > KEPT_REJECTS) {
            rejects.pollFirstEntry();
        }
    }

    private static boolean isGood(ImageIndex.Entry entry) {
        String truth = truth(entry);
        return truth.equals("ok") || truth.equals("normal") || truth.equals("good");
    }

    /** The part's ground truth: its defect where the dataset names one (a recording's label is the machine's state). */
    private static String truth(ImageIndex.Entry entry) {
        return entry.defect() != null && !entry.defect().isEmpty() ? entry.defect() : entry.label();
    }

    /** Keeps the lowest-scored defects and the highest-scored good parts, so memory stays small. */
    private void trimCandidates() {
        List<Shown> misses = candidates.stream().filter(s -> !s.label().equals("ok")).sorted(Comparator.comparingDouble(Shown::score))
                .limit(SHOWN).toList();
        List<Shown> rejects = candidates.stream().filter(s -> s.label().equals("ok"))
                .sorted(Comparator.comparingDouble(Shown::score).reversed()).limit(SHOWN).toList();
        candidates.clear();
        candidates.addAll(misses);
        candidates.addAll(rejects);
    }

    /** The mask in the map's frame: the preprocessing's crop and alignment, then nearest-neighbour resize. */
    private boolean[] mask(ImageIndex.Entry entry, int w, int h) throws IOException {
        if (entry.mask() == null || !Files.isRegularFile(entry.mask())) {
            return null;
        }
        BufferedImage image = ImageIO.read(entry.mask().toFile());
        if (image == null) {
            throw new DatasetException(entry.mask().getFileName().toString(), 0, "is not a readable mask image");
        }
        StageView view = StageView.of(entry.file(), preprocess);
        if (view == null) {
            throw new DatasetException(entry.file().getFileName().toString(), 0, "is not a readable image");
        }
        return view.mask(image, w, h);
    }

    /** @return the figures of everything added */
    public Result finish() {
        Map<Long, Shown> byTime = new HashMap<>();
        rejects.values().forEach(s -> byTime.put(s.timeMillis(), s));
        return new Result(pixelAuroc(), regions.area(negatives), regions.regions(), masked, recallAt(0.01), recallAt(0.001),
                (int) scores.stream().filter(s -> s[1] == 0).count(), (int) scores.stream().filter(s -> s[1] == 1).count(),
                List.copyOf(candidates), Map.copyOf(byTime));
    }

    /** AUC from the two histograms: P(positive pixel scores above a negative one), ties counted half. */
    private double pixelAuroc() {
        long p = 0;
        long n = 0;
        for (int i = 0; i < BINS; i++) {
            p += positives[i];
            n += negatives[i];
        }
        if (p == 0 || n == 0) {
            return Double.NaN;
        }
        double area = 0;
        long negativesBelow = 0;
        for (int i = 0; i < BINS; i++) {
            area += positives[i] * (negativesBelow + negatives[i] / 2.0);
            negativesBelow += negatives[i];
        }
        return area / ((double) p * n);
    }

    /** Defect recall at the lowest threshold that rejects at most {@code rate} of the good images. */
    private double recallAt(double rate) {
        double[] good = scores.stream().filter(s -> s[1] == 0).mapToDouble(s -> s[0]).sorted().toArray();
        double[] bad = scores.stream().filter(s -> s[1] == 1).mapToDouble(s -> s[0]).toArray();
        if (good.length == 0 || bad.length == 0) {
            return Double.NaN;
        }
        int allowed = (int) Math.floor(rate * good.length);
        double threshold = good[good.length - 1 - allowed];
        long caught = java.util.Arrays.stream(bad).filter(s -> s > threshold).count();
        return caught / (double) bad.length;
    }

    /**
     * @param r the figures
     * @return them as lines for the terminal
     */
    public static String summary(Result r) {
        return String.format(Locale.ROOT,
                "inspection: %d good and %d defective images; defect recall %.3f at <=1%% false rejects, %.3f at <=0.1%%; pixel ROC AUC %s, PRO %s over %d masked defects (%d regions)",
                r.goodImages(), r.defectImages(), r.recallAtOnePercent(), r.recallAtTenthPercent(), figure(r.pixelAuroc()), figure(r.pro()),
                r.maskedImages(), r.regions());
    }

    private static String figure(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.3f", value);
    }
}
