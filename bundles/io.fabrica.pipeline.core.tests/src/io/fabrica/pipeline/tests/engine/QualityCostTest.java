package io.fabrica.pipeline.tests.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.fabrica.pipeline.engine.stages.QualityCost;

/** The scrap probability the recommender minimises, from a regressor's 90 % intervals and the tolerances. */
class QualityCostTest {

    /** Roughness: at most 1.6 µm; diameter deviation: ±20 µm. */
    private final QualityCost cost = new QualityCost(new double[] {Double.NaN, -20}, new double[] {1.6, 20});

    @Test
    void anIntervalEndOnTheLimitLeavesFivePercentOutside() {
        // roughness 1.0 [0.4, 1.6]: the upper 5 % tail starts at the limit; diameter far inside its band
        float[] prediction = {1.0f, 0f, 0.4f, -2f, 1.6f, 2f};
        assertEquals(0.05, cost.outside(prediction, 0), 1e-4);
        assertEquals(0.0, cost.outside(prediction, 1), 1e-9);
        assertEquals(0.05, cost.scrapProbability(prediction), 1e-4);
    }

    @Test
    void anAsymmetricIntervalKeepsItsOwnTails() {
        // a log-scale target: median 1.0, interval [0.8, 1.6]; the upper end is on the limit, so 5 % above it,
        // where a symmetric reading of the width (sd 0.24 around 1.0) would put 0.6 / 0.24 = 2.5 sd, 0.6 %
        float[] prediction = {1.0f, 0f, 0.8f, -2f, 1.6f, 2f};
        assertEquals(0.05, cost.outside(prediction, 0), 1e-4);
    }

    @Test
    void independentTargetsCombine() {
        // both half outside: the part is good only if both are inside, 1 - 0.5 * 0.5
        float[] prediction = {1.6f, 20f, 1.0f, 15f, 2.2f, 25f};
        assertEquals(0.75, cost.scrapProbability(prediction), 1e-6);
        assertTrue(cost.relativeUncertainty(prediction) > 0.7, "the roughness interval is 1.2 / 1.6 of its tolerance");
        assertEquals(1.2 / 1.6, cost.relativeUncertainty(prediction), 1e-6);
    }
}
