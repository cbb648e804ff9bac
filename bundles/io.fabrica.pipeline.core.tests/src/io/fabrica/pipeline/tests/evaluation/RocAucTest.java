package io.fabrica.pipeline.tests.evaluation;

import static io.fabrica.pipeline.tests.evaluation.Decisions.binary;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.fabrica.pipeline.evaluation.EvaluationReport;
import io.fabrica.pipeline.evaluation.Evaluator;
import io.fabrica.pipeline.evaluation.OperatingPoint;
import io.fabrica.pipeline.evaluation.ReportWriter;

/** The area under the ROC curve and the curve itself, on scores whose answer is known by hand. */
class RocAucTest {

    private static final double EPS = 1e-12;

    /** Evaluates decisions with the given scores; the alarm flag does not matter for the AUC. */
    private static EvaluationReport evaluate(double[] faultScores, double[] normalScores) {
        Evaluator evaluator = new Evaluator("roc", List.of("normal", "anomaly"), Set.of("normal"), 0.5);
        int t = 0;
        for (double score : faultScores) {
            evaluator.add(binary(t++, score > 0.5, score, "fault"));
        }
        for (double score : normalScores) {
            evaluator.add(binary(t++, score > 0.5, score, "normal"));
        }
        return evaluator.finish();
    }

    @Test
    void perfectlySeparatedScoresGiveOne() {
        assertEquals(1.0, evaluate(new double[] {0.7, 0.8, 0.9}, new double[] {0.1, 0.2, 0.3}).rocAuc(), EPS);
    }

    @Test
    void reversedScoresGiveZero() {
        assertEquals(0.0, evaluate(new double[] {0.1, 0.2}, new double[] {0.8, 0.9, 0.95}).rocAuc(), EPS);
    }

    @Test
    void mixedScoresGiveTheShareOfCorrectlyOrderedPairs() {
        // pairs (fault, normal): 0.8>0.6, 0.8>0.2, 0.4<0.6, 0.4>0.2: 3 of 4
        assertEquals(0.75, evaluate(new double[] {0.8, 0.4}, new double[] {0.6, 0.2}).rocAuc(), EPS);
    }

    @Test
    void tiesCountOneHalf() {
        assertEquals(0.5, evaluate(new double[] {0.5, 0.5}, new double[] {0.5, 0.5, 0.5}).rocAuc(), EPS);
        // pairs: 0.5=0.5 (one half), 0.5>0.1, 0.9>0.5, 0.9>0.1: 3.5 of 4
        assertEquals(0.875, evaluate(new double[] {0.5, 0.9}, new double[] {0.5, 0.1}).rocAuc(), EPS);
    }

    @Test
    void decisionsWithoutScoreOrLabelAreLeftOut() {
        Evaluator evaluator = new Evaluator("roc", List.of("normal", "anomaly"), Set.of("normal"), 0.5);
        evaluator.add(binary(0, true, 0.9, "fault"));
        evaluator.add(binary(1, false, 0.1, "normal"));
        evaluator.add(binary(2, false, Double.NaN, "fault"));
        evaluator.add(binary(3, true, 0.95, ""));
        evaluator.add(binary(4, true, 0.99, " "));

        assertEquals(1.0, evaluator.finish().rocAuc(), EPS);
    }

    @Test
    void oneClassOnlyHasNoAuc() {
        EvaluationReport r = evaluate(new double[] {0.3, 0.9}, new double[0]);

        assertTrue(Double.isNaN(r.rocAuc()));
        assertTrue(r.rocCurve().isEmpty());
    }

    @Test
    void curveRunsFromOriginToOneOneThroughTheOperatingPoints() {
        List<double[]> curve = evaluate(new double[] {0.8, 0.4}, new double[] {0.6, 0.2}).rocCurve();

        // thresholds 0.8, 0.6, 0.4, 0.2 in turn admit a fault, a normal, a fault, a normal
        assertEquals(5, curve.size());
        assertArrayEquals(new double[] {0, 0}, curve.get(0));
        assertArrayEquals(new double[] {0, 0.5}, curve.get(1));
        assertArrayEquals(new double[] {0.5, 0.5}, curve.get(2));
        assertArrayEquals(new double[] {0.5, 1}, curve.get(3));
        assertArrayEquals(new double[] {1, 1}, curve.get(4));
    }

    @Test
    void longCurveIsThinnedButKeepsItsEnds() {
        double[] faults = new double[20_000];
        double[] normals = new double[20_000];
        for (int i = 0; i < faults.length; i++) {
            faults[i] = 0.3 + i * 1e-5;
            normals[i] = i * 2e-5;
        }
        EvaluationReport r = evaluate(faults, normals);
        List<double[]> curve = r.rocCurve();

        assertTrue(curve.size() <= 1100, "points " + curve.size());
        assertArrayEquals(new double[] {0, 0}, curve.get(0));
        assertArrayEquals(new double[] {1, 1}, curve.get(curve.size() - 1));
        for (int i = 1; i < curve.size(); i++) {
            assertTrue(curve.get(i)[0] >= curve.get(i - 1)[0] && curve.get(i)[1] >= curve.get(i - 1)[1], "monotone");
        }
        // faults in [0.3, 0.5), normals in [0, 0.4): half the faults and a quarter of the normals share
        // [0.3, 0.4), where either is higher half of the time
        assertEquals(1 - 0.5 * 0.25 * 0.5, r.rocAuc(), 1e-3);
    }

    @Test
    void recallAtOnePercentFalseAlarmsAllowsTheFloorOfOnePercentOfTheNormalDecisions() {
        double[] normal = new double[250];
        for (int i = 0; i < normal.length; i++) {
            normal[i] = i; // 0..249: 1 % of 250 is 2.5, so at most 2 normal decisions (248, 249) may score above the threshold
        }
        EvaluationReport r = evaluate(new double[] {247.5, 248, 248.5, 300, 10}, normal);
        OperatingPoint p = r.lowFalseAlarms();
        assertEquals(0.01, p.maxFalseAlarmRate(), EPS);
        assertEquals(247, p.threshold(), EPS);
        assertEquals(2 / 250.0, p.falseAlarmRate(), EPS);
        assertEquals(4 / 5.0, p.recall(), EPS, "all faults above 247 count");
        assertTrue(ReportWriter.summary(r).contains("recall at <=1% false alarms 0.800"), ReportWriter.summary(r));
    }

    @Test
    void recallAtLowFalseAlarmsIsUndefinedWithoutNormalDecisionsAndTiesDoNotAlarm() {
        assertTrue(Double.isNaN(evaluate(new double[] {0.9}, new double[0]).lowFalseAlarms().recall()));
        OperatingPoint tied = evaluate(new double[] {0.5, 0.6}, new double[] {0.5, 0.5, 0.5}).lowFalseAlarms();
        assertEquals(0.5, tied.threshold(), EPS);
        assertEquals(0, tied.falseAlarmRate(), EPS);
        assertEquals(0.5, tied.recall(), EPS);
    }
}
