package io.fabrica.pipeline.engine;

import java.util.Set;

import io.fabrica.pipeline.Stage;

/**
 * What to compile of a pipeline.
 *
 * @param excluded stages left out together with everything downstream of them (e.g. the model stage
 *        while its model is being trained); empty for the whole pipeline
 * @param measureLatency whether to time every stage (for evaluation reports and benchmarks)
 */
public record CompileOptions(Set<Stage> excluded, boolean measureLatency) {

    /** Copies the set. */
    public CompileOptions {
        excluded = Set.copyOf(excluded);
    }

    /** @return the whole pipeline, latency measured */
    public static CompileOptions full() {
        return new CompileOptions(Set.of(), true);
    }

    /**
     * @param stages stages to leave out with everything downstream
     * @return options compiling the rest
     */
    public static CompileOptions without(Set<Stage> stages) {
        return new CompileOptions(stages, false);
    }
}
