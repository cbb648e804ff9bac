package io.fabrica.pipeline.tests.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.fabrica.pipeline.evaluation.Evaluator;
import io.fabrica.pipeline.evaluation.Latency;

/** Per-stage processing time percentiles on samples whose percentiles are known. */
class LatencyTest {

    private static Evaluator evaluator() {
        return new Evaluator("spindle", List.of("normal", "anomaly"), Set.of("normal"), 0.5);
    }

    @Test
    void percentilesOfOneToHundredMicroseconds() {
        List<Long> nanos = new ArrayList<>();
        for (long us = 1; us <= 100; us++) {
            nanos.add(us * 1000);
        }
        Collections.shuffle(nanos, new Random(7));
        Evaluator evaluator = evaluator();
        nanos.forEach(n -> evaluator.latency("features", n));

        Latency latency = evaluator.finish().latencies().get("features");

        assertEquals(100, latency.samples());
        assertEquals(50.0, latency.p50Micros());
        assertEquals(99.0, latency.p99Micros());
        assertEquals(100.0, latency.maxMicros());
    }

    @Test
    void nearestRankOnFewSamples() {
        Evaluator evaluator = evaluator();
        evaluator.latency("model", 3_000);
        evaluator.latency("model", 1_000);
        evaluator.latency("model", 2_000);

        Latency latency = evaluator.finish().latencies().get("model");

        assertEquals(2.0, latency.p50Micros());
        assertEquals(3.0, latency.p99Micros());
    }

    @Test
    void stagesKeepTheirOrderAndManySamplesKeepExactCountAndMax() {
        Evaluator evaluator = evaluator();
        evaluator.latency("source", 500);
        for (int i = 0; i < 150_000; i++) {
            evaluator.latency("model", 10_000);
        }
        evaluator.latency("model", 9_000_000);

        var latencies = evaluator.finish().latencies();

        assertEquals(List.of("source", "model"), List.copyOf(latencies.keySet()));
        Latency model = latencies.get("model");
        assertEquals(150_001, model.samples());
        assertEquals(10.0, model.p50Micros());
        assertEquals(9000.0, model.maxMicros());
        assertEquals(0.5, latencies.get("source").p99Micros());
    }
}
