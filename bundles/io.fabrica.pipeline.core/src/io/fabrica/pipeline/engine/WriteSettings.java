package io.fabrica.pipeline.engine;

import java.time.Duration;

/**
 * How the write sinks of a compiled pipeline treat the values they are given.
 *
 * @param minInterval the least source time between two writes of one parameter (a rate limit: a process
 *        that is changed too often cannot settle, and the quality it then shows says nothing about the change)
 * @param shadow recommend and report, but never write nor hold a value for approval: a new model is watched
 *        before it acts ({@link io.fabrica.pipeline.api.ParameterWrite.Status#SHADOW})
 */
public record WriteSettings(Duration minInterval, boolean shadow) {

    /** The default: at most one write per parameter every 5 s of source time, not in shadow mode. */
    public static final WriteSettings DEFAULTS = new WriteSettings(Duration.ofSeconds(5), false);

    /** Refuses a negative interval. */
    public WriteSettings {
        if (minInterval == null || minInterval.isNegative()) {
            throw new IllegalArgumentException("the minimum interval between writes must be 0 or more, got " + minInterval);
        }
    }

    /**
     * @param interval another minimum interval between writes of one parameter
     * @return these settings with it
     */
    public WriteSettings withMinInterval(Duration interval) {
        return new WriteSettings(interval, shadow);
    }

    /**
     * @param on whether to run in shadow mode
     * @return these settings with it
     */
    public WriteSettings withShadow(boolean on) {
        return new WriteSettings(minInterval, on);
    }
}
