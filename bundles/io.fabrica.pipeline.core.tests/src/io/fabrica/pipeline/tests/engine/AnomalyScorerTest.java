package io.fabrica.pipeline.tests.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.fabrica.pipeline.api.InferenceSession;
import io.fabrica.pipeline.api.ModelSignature;
import io.fabrica.pipeline.engine.stages.AnomalyScorer;

/**
 * The anomaly map a user sees over the image: the merged grid of patch distances resized to the image
 * bilinearly (cell centres keep their value, edges are clamped), for every image size the scorer is
 * given in turn. The model here is a fixed grid of distances, so the expected values can be written down.
 */
class AnomalyScorerTest {

    /** A 16x16 gray tile in, a 2x2 grid out (8 pixels per cell): cell values 0, 1 / 2, 3. */
    private static final class FixedGrid implements InferenceSession {
        @Override
        public ModelSignature signature() {
            return new ModelSignature("image", new int[] {1, 16, 16}, "scores", new int[] {2, 2});
        }

        @Override
        public void run(float[] input, float[] output) {
            for (int i = 0; i < 4; i++) {
                output[i] = i;
            }
        }

        @Override
        public void close() {
            // nothing held
        }
    }

    @Test
    void mapIsTheGridResizedBilinearlyToEachImageSize() throws Exception {
        AnomalyScorer scorer = new AnomalyScorer("Inspection/Anomaly", new FixedGrid(), 0, 0);
        assertEquals(3f, scorer.score(new float[16 * 16], 16, 16, 1), "the image score is the highest distance");
        float[] map = new float[16 * 16];
        scorer.map(map);
        assertEquals(0f, map[0], "a corner keeps its cell's value");
        assertEquals(1f, map[15]);
        assertEquals(3f, map[16 * 16 - 1]);
        assertEquals(2f, map[15 * 16]);
        // pixel x = 8 lies 0.5625 of the way from the first cell's centre (x = 3.5) to the second's (x = 11.5)
        assertEquals(0.5625f, map[8], 1e-6f);
        assertEquals(0.5625f * 2, map[8 * 16], 1e-6f);

        // a wider image: two tiles side by side (origins 0 and 16), so the grid is 4x2 cells
        assertEquals(3f, scorer.score(new float[32 * 16], 32, 16, 1));
        float[] wide = new float[32 * 16];
        scorer.map(wide);
        assertEquals(0f, wide[0]);
        assertEquals(1f, wide[31], "the right edge is the second tile's right column");
        assertEquals(0.4375f, wide[16], 1e-6f, "between the first tile's right column (1) and the second's left one (0)");
        assertEquals(3f, wide[32 * 16 - 1]);
    }

    /** Two planes out: the map's grid 0, 1 / 2, 3 and the score's grid 5, 0 / 0, 0. */
    private static final class TwoPlanes implements InferenceSession {
        @Override
        public ModelSignature signature() {
            return new ModelSignature("image", new int[] {1, 16, 16}, "scores", new int[] {2, 2, 2});
        }

        @Override
        public void run(float[] input, float[] output) {
            for (int i = 0; i < 4; i++) {
                output[i] = i;
                output[4 + i] = i == 0 ? 5 : 0;
            }
        }

        @Override
        public void close() {
            // nothing held
        }
    }

    @Test
    void aTwoPlaneModelScoresFromItsSecondPlaneAndMapsItsFirst() throws Exception {
        AnomalyScorer scorer = new AnomalyScorer("Inspection/Anomaly", new TwoPlanes(), 0, 0);
        assertEquals(5f, scorer.score(new float[16 * 16], 16, 16, 1), "the image score is the score plane's highest distance");
        float[] map = new float[16 * 16];
        scorer.map(map);
        assertEquals(0f, map[0], "the map is the first plane");
        assertEquals(3f, map[16 * 16 - 1]);
        assertEquals(5f, scorer.score(new float[32 * 16], 32, 16, 1), "tiles merge the score plane too");
        float[] wide = new float[32 * 16];
        scorer.map(wide);
        assertEquals(1f, wide[31]);
    }
}
