package io.fabrica.pipeline.engine.stages;

import java.util.Locale;

import io.fabrica.pipeline.api.Recommendation;

/**
 * The check every write of one process parameter passes at the moment it would reach the device, whoever
 * asked for it (the pipeline, a person approving, an auto-approve band, a revert): a finite number, inside
 * the safe bounds, no larger a change than the parameter's maximum step, and not sooner after the last
 * write than the minimum interval. Remembers the last value written, which is the reference of the step
 * when a proposal does not say what the parameter was. Not thread-safe: the write sink holds its lock.
 */
final class WriteGuard {

    private final String parameter;
    private final double minimum;
    private final double maximum;
    private final double maxStep;
    private long minIntervalMillis;
    private boolean wrote;
    private double lastValue = Double.NaN;
    private long lastTime;

    /**
     * @param maxStep the largest change one write may make, {@code null} for any step inside the bounds
     */
    WriteGuard(String parameter, double minimum, double maximum, Double maxStep, long minIntervalMillis) {
        this.parameter = parameter;
        this.minimum = minimum;
        this.maximum = maximum;
        this.maxStep = maxStep == null ? Double.NaN : maxStep;
        this.minIntervalMillis = minIntervalMillis;
    }

    void minInterval(long millis) {
        this.minIntervalMillis = millis;
    }

    /**
     * The checks that do not depend on when the value is written: number, bounds, step.
     *
     * @param value the proposed value
     * @param proposedAt the source time of the proposal
     * @param why the recommendation behind it, or {@code null}
     * @return why it must not be written, or {@code null} if it may
     */
    String refusal(double value, long proposedAt, Recommendation why) {
        if (!Double.isFinite(value)) {
            return String.format(Locale.ROOT, "%s is not a finite number for %s; not written", value, parameter);
        }
        if (value < minimum || value > maximum) {
            return String.format(Locale.ROOT, "%s is outside the safe bounds [%s, %s] of %s; not written", value, minimum, maximum, parameter);
        }
        double reference = reference(proposedAt, why);
        if (Double.isFinite(maxStep) && Double.isFinite(reference) && Math.abs(value - reference) > maxStep) {
            return String.format(Locale.ROOT, "the change of %s from %s to %s (%s) is larger than its maximum step %s; not written", parameter,
                    reference, value, Math.abs(value - reference), maxStep);
        }
        return null;
    }

    /**
     * All checks, including the rate limit.
     *
     * @param writeAt the source time at which the write would happen
     * @return why it must not be written now, or {@code null} if it may
     */
    String refusalNow(double value, long proposedAt, long writeAt, Recommendation why) {
        String refused = refusal(value, proposedAt, why);
        if (refused == null && wrote && writeAt - lastTime < minIntervalMillis) {
            refused = String.format(Locale.ROOT, "%s was written %d ms earlier (source time), less than the minimum interval of %d ms between"
                    + " writes; %s not written", parameter, writeAt - lastTime, minIntervalMillis, value);
        }
        return refused;
    }

    /**
     * What the step is measured from: the value this sink wrote if it wrote it after the proposal was made
     * (the proposal's own "current" is stale then), else the proposal's current value, else the last value
     * written; unknown (only the bounds count) before the first write of a proposal without reasons.
     */
    private double reference(long proposedAt, Recommendation why) {
        if (wrote && (why == null || !Double.isFinite(why.current()) || lastTime >= proposedAt)) {
            return lastValue;
        }
        return why != null ? why.current() : Double.NaN;
    }

    void written(double value, long at) {
        wrote = true;
        lastValue = value;
        lastTime = at;
    }

    /** @return the last value written, NaN before the first write */
    double lastValue() {
        return lastValue;
    }
}
