package io.fabrica.pipeline.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The per-region overlap: each defect region counts the same, whatever its size; a map that marks
 * exactly the defects scores 1, a random map about 0.15 (PRO grows like the false-positive rate).
 */
class RegionOverlapTest {

    private static final int W = 64;
    private static final int H = 64;

    /** A large square (20×20) and a small one (2×2), apart. */
    private static boolean[] twoRegions() {
        boolean[] mask = new boolean[W * H];
        fill(mask, 5, 5, 20);
        fill(mask, 50, 50, 2);
        return mask;
    }

    private static void fill(boolean[] mask, int left, int top, int side) {
        for (int y = top; y < top + side; y++) {
            for (int x = left; x < left + side; x++) {
                mask[y * W + x] = true;
            }
        }
    }

    /** The negatives' histogram on the pixel scale (InspectionMetrics' bins) of a map's defect-free pixels. */
    private static long[] negatives(float[] map, boolean[] mask, double top) {
        long[] histogram = new long[InspectionMetrics.BINS];
        for (int i = 0; i < map.length; i++) {
            if (!mask[i]) {
                histogram[(int) Math.min(InspectionMetrics.BINS - 1, Math.max(0, map[i] / top * InspectionMetrics.BINS))]++;
            }
        }
        return histogram;
    }

    @Test
    void aMapThatMarksExactlyTheDefectsScoresOne() {
        boolean[] mask = twoRegions();
        float[] map = new float[W * H];
        for (int i = 0; i < map.length; i++) {
            map[i] = mask[i] ? 0.9f : 0.1f;
        }
        RegionOverlap pro = new RegionOverlap(1);
        pro.add(map, mask, W, H);
        assertEquals(2, pro.regions(), "two connected regions");
        assertEquals(1.0, pro.area(negatives(map, mask, 1)), 0.01);
    }

    @Test
    void aMissedSmallRegionCostsHalfWhateverItsSize() {
        boolean[] mask = twoRegions();
        float[] map = new float[W * H];
        for (int y = 5; y < 25; y++) {
            for (int x = 5; x < 25; x++) {
                map[y * W + x] = 0.9f; // only the large region is found
            }
        }
        RegionOverlap pro = new RegionOverlap(1);
        pro.add(map, mask, W, H);
        double area = pro.area(negatives(map, mask, 1));
        // the 4 missed pixels are 1 % of the defect pixels, yet half of the regions
        assertTrue(area > 0.45 && area < 0.7, "PRO " + area);
    }

    @Test
    void aRandomMapScoresAboutFifteenPercent() {
        boolean[] mask = twoRegions();
        float[] map = new float[W * H];
        Random random = new Random(3);
        for (int i = 0; i < map.length; i++) {
            map[i] = random.nextFloat();
        }
        RegionOverlap pro = new RegionOverlap(1);
        pro.add(map, mask, W, H);
        double area = pro.area(negatives(map, mask, 1));
        assertTrue(area > 0.08 && area < 0.25, "PRO " + area);
    }

    @Test
    void withoutRegionsThereIsNoFigure() {
        assertTrue(Double.isNaN(new RegionOverlap(1).area(new long[InspectionMetrics.BINS])));
    }
}
