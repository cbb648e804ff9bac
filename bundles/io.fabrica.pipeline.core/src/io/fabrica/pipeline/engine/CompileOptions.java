package io.fabrica.pipeline.engine;

import java.util.Set;

import io.fabrica.pipeline.Stage;

/**
 * What to compile of a pipeline, and how its write sinks behave.
 *
 * @param excluded stages left out together with everything downstream of them (e.g. the model stage
 *        while its model is being trained); empty for the whole pipeline
 * @param measureLatency whether to time every stage (for evaluation reports and benchmarks)
 * @param writes the rate limit and shadow mode of the process-parameter write sinks
 */
public record CompileOptions(Set<Stage> excluded, boolean measureLatency, WriteSettings writes) {

    /** Copies the set. */
    public CompileOptions {
        excluded = Set.copyOf(excluded);
        writes = writes == null ? WriteSettings.DEFAULTS : writes;
    }

    /**
     * With the default write settings.
     *
     * @param excluded stages left out with everything downstream
     * @param measureLatency whether to time every stage
     */
    public CompileOptions(Set<Stage> excluded, boolean measureLatency) {
        this(excluded, measureLatency, WriteSettings.DEFAULTS);
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

    /**
     * @param settings how the write sinks behave
     * @return these options with them
     */
    public CompileOptions withWrites(WriteSettings settings) {
        return new CompileOptions(excluded, measureLatency, settings);
    }
}
