package io.fabrica.pipeline.engine.stages;

import java.util.List;

import io.fabrica.pipeline.api.DecisionListener;

/** A kernel that tells the pipeline's listeners about alarms or parameter writes. */
public interface Announcing {

    /** @param listeners the pipeline's listener list (live: listeners may come and go) */
    void listeners(List<DecisionListener> listeners);
}
