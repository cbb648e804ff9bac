package io.fabrica.pipeline.tests.evaluation;

import java.util.List;

import io.fabrica.pipeline.api.Decision;

/** Builds decisions for the evaluation tests. */
final class Decisions {

    static final String STAGE = "Line 1/Spindle/decide";
    static final long T0 = 1_772_352_000_000L; // 2026-03-01T08:00:00Z

    private Decisions() {
    }

    /** A binary anomaly decision at {@code T0 + seconds}. */
    static Decision binary(double seconds, boolean alarm, double score, String truth) {
        return new Decision(T0 + Math.round(seconds * 1000), STAGE, alarm ? "anomaly" : "normal", alarm, score, Double.NaN,
                List.of(), truth);
    }

    /** A multi-class decision: positive unless the outcome is {@code ok}. */
    static Decision classified(String outcome, String truth) {
        return new Decision(T0, STAGE, outcome, !outcome.equals("ok"), outcome.equals("ok") ? 0.1 : 0.9, Double.NaN, List.of(),
                truth);
    }
}
