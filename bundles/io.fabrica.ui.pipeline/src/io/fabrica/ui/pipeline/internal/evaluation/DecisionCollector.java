package io.fabrica.ui.pipeline.internal.evaluation;

import java.util.ArrayList;
import java.util.List;

import io.fabrica.pipeline.api.Decision;

/**
 * Keeps the decisions of an evaluation for the decision table, bounded in memory: every decision up to
 * a first limit, then only positive ones (those carry reasons, which is what the table is for) up to a
 * hard limit. Not thread-safe: fed by the replay thread, read after it ends.
 */
final class DecisionCollector {

    /** Every decision is kept up to this many: a typical recording of minutes fits whole. */
    static final int KEEP_ALL = 50_000;
    /** Beyond {@link #KEEP_ALL}, positive decisions are kept up to this many in all. */
    static final int KEEP_MAX = 100_000;

    private final List<Decision> kept = new ArrayList<>();
    private long seen;

    void add(Decision d) {
        seen++;
        if (kept.size() < KEEP_ALL || d.positive() && kept.size() < KEEP_MAX) {
            kept.add(d);
        }
    }

    /** @return the decisions kept, in the order they came (time order in a replay) */
    List<Decision> kept() {
        return kept;
    }

    /** @return how many decisions there were in all */
    long seen() {
        return seen;
    }
}
