package io.fabrica.pipeline.tests.evaluation;

import static io.fabrica.pipeline.tests.evaluation.Decisions.binary;
import static io.fabrica.pipeline.tests.evaluation.Decisions.classified;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.fabrica.pipeline.evaluation.EvaluationReport;
import io.fabrica.pipeline.evaluation.Evaluator;
import io.fabrica.pipeline.evaluation.Timeline;

/** Binary metrics, the confusion matrix, the timeline and the handling of empty and odd input. */
class EvaluatorTest {

    private static final double EPS = 1e-12;

    private static Evaluator anomaly() {
        return new Evaluator("spindle", List.of("normal", "anomaly"), Set.of("normal"), 0.5);
    }

    /** Adds {@code count} decisions with the given truth and prediction. */
    private static void add(Evaluator evaluator, int count, boolean alarm, String truth) {
        for (int i = 0; i < count; i++) {
            evaluator.add(binary(i, alarm, alarm ? 0.9 : 0.1, truth));
        }
    }

    @Test
    void knownConfusionCountsGiveExactMetrics() {
        Evaluator evaluator = anomaly();
        add(evaluator, 6, true, "bearing-outer-race"); // true positives
        add(evaluator, 2, true, "normal"); // false positives
        add(evaluator, 3, false, "imbalance"); // false negatives
        add(evaluator, 9, false, "normal"); // true negatives
        add(evaluator, 4, true, ""); // unlabelled: counted as decisions only

        EvaluationReport r = evaluator.finish();

        assertEquals(24, r.decisions());
        assertEquals(20, r.labelled());
        assertEquals(6.0 / 8, r.precision(), EPS);
        assertEquals(6.0 / 9, r.recall(), EPS);
        assertEquals(2 * 0.75 * (6.0 / 9) / (0.75 + 6.0 / 9), r.f1(), EPS);
        assertEquals(15.0 / 20, r.accuracy(), EPS);
        assertEquals(List.of("normal", "anomaly"), r.confusionLabels());
        assertArrayEquals(new long[] {9, 2}, r.confusion()[0]);
        assertArrayEquals(new long[] {3, 6}, r.confusion()[1]);
        assertEquals(0.5, r.threshold());
    }

    @Test
    void undefinedRatiosAreNaN() {
        Evaluator evaluator = anomaly();
        add(evaluator, 5, false, "normal");

        EvaluationReport r = evaluator.finish();

        assertTrue(Double.isNaN(r.precision()), "no predicted positives");
        assertTrue(Double.isNaN(r.recall()), "no truth positives");
        assertTrue(Double.isNaN(r.f1()));
        assertTrue(Double.isNaN(r.rocAuc()), "one class only");
        assertTrue(r.rocCurve().isEmpty());
        assertEquals(1.0, r.accuracy());
    }

    @Test
    void emptyInputGivesAnEmptyReport() {
        EvaluationReport r = anomaly().finish();

        assertEquals(0, r.decisions());
        assertEquals(0, r.labelled());
        assertTrue(Double.isNaN(r.precision()) && Double.isNaN(r.recall()) && Double.isNaN(r.f1()));
        assertTrue(Double.isNaN(r.accuracy()) && Double.isNaN(r.rocAuc()));
        assertArrayEquals(new long[] {0, 0}, r.confusion()[1]);
        assertTrue(r.leadTimes().isEmpty());
        assertTrue(r.latencies().isEmpty());
        assertEquals(0, r.timeline().size());
    }

    @Test
    void multiClassConfusionComparesClassesWhileMetricsStayBinary() {
        Evaluator evaluator = new Evaluator("surface", List.of("ok", "scratch", "spot", "dent"), Set.of("ok", "normal"), Double.NaN);
        for (int i = 0; i < 3; i++) {
            evaluator.add(classified("ok", "ok"));
        }
        evaluator.add(classified("scratch", "ok"));
        evaluator.add(classified("scratch", "scratch"));
        evaluator.add(classified("scratch", "scratch"));
        evaluator.add(classified("spot", "scratch")); // wrong class, but a defect found: a binary true positive
        evaluator.add(classified("ok", "dent"));
        evaluator.add(classified("ok", "normal")); // a negative label that is not a class: the first class
        evaluator.add(classified("dent", "crack")); // a defect that is not a class: "other"

        EvaluationReport r = evaluator.finish();

        assertEquals(List.of("ok", "scratch", "spot", "dent", "other"), r.confusionLabels());
        long[][] expected = {
            {4, 1, 0, 0, 0},
            {0, 2, 1, 0, 0},
            {0, 0, 0, 0, 0},
            {1, 0, 0, 0, 0},
            {0, 0, 0, 1, 0}};
        assertArrayEquals(expected, r.confusion());
        assertEquals(2, r.count("scratch", "scratch"));
        // binary: TP = 4 (scratch, scratch, spot-for-scratch, dent-for-crack), FP = 1, FN = 1, TN = 4
        assertEquals(4.0 / 5, r.precision(), EPS);
        assertEquals(4.0 / 5, r.recall(), EPS);
        assertEquals(8.0 / 10, r.accuracy(), EPS);
    }

    @Test
    void multiClassWithoutStrayLabelsHasNoOtherRow() {
        Evaluator evaluator = new Evaluator("surface", List.of("ok", "scratch", "spot"), Set.of("ok"), Double.NaN);
        evaluator.add(classified("spot", "spot"));

        EvaluationReport r = evaluator.finish();

        assertEquals(List.of("ok", "scratch", "spot"), r.confusionLabels());
        assertEquals(1, r.confusion()[2][2]);
    }

    @Test
    void timelineIsDownsampledKeepingPeaksAlarmsAndFaults() {
        Evaluator evaluator = anomaly();
        for (int i = 0; i < 10_000; i++) {
            double score = i == 5003 ? 9.0 : 0.1;
            evaluator.add(binary(i, i == 7777, score, i == 1234 ? "bearing-outer-race" : "normal"));
        }

        Timeline timeline = evaluator.finish().timeline();

        assertTrue(timeline.size() <= 2000 && timeline.size() >= 1000, "size " + timeline.size());
        assertEquals(1, count(timeline.alarms()));
        assertEquals(1, count(timeline.truthPositive()));
        assertEquals(9.0, max(timeline.scores()));
        for (int i = 1; i < timeline.size(); i++) {
            assertTrue(timeline.timesMillis()[i - 1] <= timeline.timesMillis()[i], "ascending times");
        }
    }

    @Test
    void shortTimelineKeepsEveryDecisionInTimeOrder() {
        Evaluator evaluator = anomaly();
        evaluator.add(binary(2, true, 0.7, "normal"));
        evaluator.add(binary(0, false, 0.1, ""));
        evaluator.add(binary(1, false, Double.NaN, "imbalance"));

        Timeline timeline = evaluator.finish().timeline();

        assertArrayEquals(new long[] {Decisions.T0, Decisions.T0 + 1000, Decisions.T0 + 2000}, timeline.timesMillis());
        assertArrayEquals(new double[] {0.1, Double.NaN, 0.7}, timeline.scores());
        assertArrayEquals(new boolean[] {false, true, false}, timeline.truthPositive());
        assertArrayEquals(new boolean[] {false, false, true}, timeline.alarms());
    }

    @Test
    void finishCanBeCalledAgainWithMoreDecisions() {
        Evaluator evaluator = anomaly();
        add(evaluator, 2, true, "fault");
        assertEquals(2, evaluator.finish().labelled());
        add(evaluator, 3, false, "normal");
        assertEquals(5, evaluator.finish().labelled());
    }

    @Test
    void rejectsInvalidArguments() {
        assertThrows(IllegalArgumentException.class, () -> new Evaluator("x", List.of("normal"), Set.of("normal"), 0));
        assertThrows(IllegalArgumentException.class,
                () -> new Evaluator("x", List.of("ok", "dent", "ok"), Set.of("ok"), 0));
        assertThrows(NullPointerException.class, () -> anomaly().add(null));
        assertThrows(IllegalArgumentException.class, () -> anomaly().latency("stage", -1));
    }

    private static int count(boolean[] flags) {
        int count = 0;
        for (boolean flag : flags) {
            count += flag ? 1 : 0;
        }
        return count;
    }

    private static double max(double[] values) {
        double max = Double.NEGATIVE_INFINITY;
        for (double value : values) {
            max = Math.max(max, value);
        }
        return max;
    }
}
