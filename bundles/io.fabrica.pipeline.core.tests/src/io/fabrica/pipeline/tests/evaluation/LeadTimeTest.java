package io.fabrica.pipeline.tests.evaluation;

import static io.fabrica.pipeline.tests.evaluation.Decisions.T0;
import static io.fabrica.pipeline.tests.evaluation.Decisions.binary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.fabrica.pipeline.api.Decision;
import io.fabrica.pipeline.evaluation.Evaluator;
import io.fabrica.pipeline.evaluation.LeadTime;

/** Fault episodes and how early they were alarmed, on a timeline built second by second. */
class LeadTimeTest {

    private static final double EPS = 1e-9;

    /**
     * 0-9 s normal with a false alarm at 5 s; 10-20 s an outer-race fault first alarmed at 13 s; 21-25 s
     * normal; 26-30 s an imbalance that is never alarmed.
     */
    private static List<Decision> timeline() {
        List<Decision> decisions = new ArrayList<>();
        for (int s = 0; s <= 30; s++) {
            String truth = s >= 10 && s <= 20 ? "bearing-outer-race" : s >= 26 ? "imbalance" : "normal";
            boolean alarm = s == 5 || s >= 13 && s <= 18;
            decisions.add(binary(s, alarm, alarm ? 0.9 : 0.2, truth));
        }
        return decisions;
    }

    private static List<LeadTime> leadTimes(List<Decision> decisions) {
        Evaluator evaluator = new Evaluator("spindle", List.of("normal", "anomaly"), Set.of("normal"), 0.5);
        decisions.forEach(evaluator::add);
        return evaluator.finish().leadTimes();
    }

    @Test
    void detectedEpisodeHasDelayAndLead() {
        LeadTime outerRace = leadTimes(timeline()).get(0);

        assertEquals("bearing-outer-race", outerRace.label());
        assertEquals(T0 + 10_000, outerRace.onsetMillis());
        assertEquals(T0 + 20_000, outerRace.endMillis());
        assertEquals(T0 + 13_000, outerRace.firstAlarmMillis());
        assertEquals(3.0, outerRace.detectionDelaySeconds(), EPS);
        assertEquals(7.0, outerRace.leadSeconds(), EPS);
        assertFalse(outerRace.missed());
    }

    @Test
    void episodeWithoutAlarmIsMissed() {
        List<LeadTime> leads = leadTimes(timeline());

        assertEquals(2, leads.size());
        LeadTime imbalance = leads.get(1);
        assertEquals("imbalance", imbalance.label());
        assertEquals(T0 + 26_000, imbalance.onsetMillis());
        assertEquals(T0 + 30_000, imbalance.endMillis());
        assertEquals(-1, imbalance.firstAlarmMillis());
        assertTrue(Double.isNaN(imbalance.detectionDelaySeconds()));
        assertTrue(Double.isNaN(imbalance.leadSeconds()));
        assertTrue(imbalance.missed());
    }

    @Test
    void decisionsOutOfOrderGiveTheSameEpisodes() {
        List<Decision> shuffled = timeline();
        Collections.reverse(shuffled);

        assertEquals(leadTimes(timeline()), leadTimes(shuffled));
    }

    @Test
    void unlabelledDecisionsNeitherBreakNorAlarmAnEpisode() {
        List<Decision> decisions = new ArrayList<>();
        decisions.add(binary(0, false, 0.2, "misalignment"));
        decisions.add(binary(1, true, 0.9, "")); // an alarm without ground truth does not detect it
        decisions.add(binary(2, false, 0.2, "misalignment"));
        decisions.add(binary(3, true, 0.9, "misalignment"));

        List<LeadTime> leads = leadTimes(decisions);

        assertEquals(1, leads.size());
        assertEquals(3.0, leads.get(0).detectionDelaySeconds(), EPS);
        assertEquals(0.0, leads.get(0).leadSeconds(), EPS);
    }

    @Test
    void adjacentFaultsWithDifferentLabelsAreSeparateEpisodes() {
        List<Decision> decisions = List.of(binary(0, true, 0.9, "inner-race"), binary(1, false, 0.2, "inner-race"),
                binary(2, false, 0.2, "outer-race"), binary(3, true, 0.9, "outer-race"));

        List<LeadTime> leads = leadTimes(decisions);

        assertEquals(List.of("inner-race", "outer-race"), leads.stream().map(LeadTime::label).toList());
        assertEquals(0.0, leads.get(0).detectionDelaySeconds(), EPS);
        assertEquals(1.0, leads.get(0).leadSeconds(), EPS);
        assertEquals(1.0, leads.get(1).detectionDelaySeconds(), EPS);
    }
}
