package io.fabrica.pipeline.evaluation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-region overlap (PRO) of anomaly maps with the defects' masks, as the MVTec AD benchmark
 * reports it: every connected defect region counts the same whatever its size — a hair-line crack as
 * much as a large blowhole, which the pixel ROC AUC would let the large regions dominate. At each
 * threshold, the PRO is the mean over regions of the share of the region's pixels above it; the figure
 * is the area under PRO against the false-positive rate of defect-free pixels, up to a false-positive
 * rate of 30 %, divided by 0.3 (1 is perfect, a random map gives about 0.15).
 *
 * <p>Scores are counted in {@link #BINS} bins on the same scale as the pixel histogram of {@link
 * InspectionMetrics}, so memory grows with the number of regions, not with their pixels.
 */
final class RegionOverlap {

    /** Bins per region; coarser than the pixel histogram, since a region holds far fewer pixels. */
    static final int BINS = 256;

    /** The false-positive rate the area is integrated to. */
    static final double MAX_FALSE_POSITIVE_RATE = 0.3;

    private final double top;
    private final List<long[]> regions = new ArrayList<>();

    /** @param top the score at the top of the scale (scores above count in the last bin) */
    RegionOverlap(double top) {
        this.top = top;
    }

    /**
     * Adds the regions of one defect image.
     *
     * @param map its anomaly map, {@code w × h}
     * @param mask its defect mask in the map's frame
     * @param w width
     * @param h height
     */
    void add(float[] map, boolean[] mask, int w, int h) {
        boolean[] seen = new boolean[w * h];
        for (int start = 0; start < w * h; start++) {
            if (mask[start] && !seen[start]) {
                regions.add(histogramOfRegion(map, mask, seen, start, w, h));
            }
        }
    }

    /** Flood-fills the 8-connected region from {@code start}, counting its scores. */
    private long[] histogramOfRegion(float[] map, boolean[] mask, boolean[] seen, int start, int w, int h) {
        long[] histogram = new long[BINS];
        ArrayDeque<Integer> open = new ArrayDeque<>();
        open.add(start);
        seen[start] = true;
        while (!open.isEmpty()) {
            int i = open.poll();
            histogram[bin(map[i])]++;
            int x = i % w;
            int y = i / w;
            for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    int nx = x + dx;
                    int ny = y + dy;
                    if (nx >= 0 && ny >= 0 && nx < w && ny < h && mask[ny * w + nx] && !seen[ny * w + nx]) {
                        seen[ny * w + nx] = true;
                        open.add(ny * w + nx);
                    }
                }
            }
        }
        return histogram;
    }

    private int bin(float value) {
        return (int) Math.min(BINS - 1, Math.max(0, value / top * BINS));
    }

    /** @return how many defect regions were added */
    int regions() {
        return regions.size();
    }

    /**
     * @param negatives the histogram of defect-free pixels on the pixel scale ({@code negatives.length}
     *        a multiple of {@link #BINS})
     * @return the normalised area under the PRO curve up to 30 % false positives; NaN without regions or
     *         defect-free pixels
     */
    double area(long[] negatives) {
        long totalNegatives = 0;
        for (long n : negatives) {
            totalNegatives += n;
        }
        if (regions.isEmpty() || totalNegatives == 0) {
            return Double.NaN;
        }
        int fold = negatives.length / BINS;
        long[] above = new long[regions.size()];
        long[] sizes = regions.stream().mapToLong(RegionOverlap::sum).toArray();
        long negativesAbove = 0;
        double lastFpr = 0;
        double lastPro = 0;
        double area = 0;
        // lower the threshold one bin at a time: more of each region, and more false positives
        for (int b = BINS - 1; b >= 0 && lastFpr < MAX_FALSE_POSITIVE_RATE; b--) {
            for (int k = 0; k < fold; k++) {
                negativesAbove += negatives[b * fold + k];
            }
            double pro = 0;
            for (int r = 0; r < above.length; r++) {
                above[r] += regions.get(r)[b];
                pro += above[r] / (double) sizes[r];
            }
            pro /= above.length;
            double fpr = negativesAbove / (double) totalNegatives;
            if (fpr > MAX_FALSE_POSITIVE_RATE) {
                // the last step ends exactly at 30 %: interpolate PRO there
                double t = (MAX_FALSE_POSITIVE_RATE - lastFpr) / (fpr - lastFpr);
                pro = lastPro + t * (pro - lastPro);
                fpr = MAX_FALSE_POSITIVE_RATE;
            }
            area += (fpr - lastFpr) * (pro + lastPro) / 2;
            lastFpr = fpr;
            lastPro = pro;
        }
        return area / MAX_FALSE_POSITIVE_RATE;
    }

    private static long sum(long[] histogram) {
        long s = 0;
        for (long v : histogram) {
            s += v;
        }
        return s;
    }
}
