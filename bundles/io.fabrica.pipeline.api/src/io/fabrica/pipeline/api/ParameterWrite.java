package io.fabrica.pipeline.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A value a pipeline wants to write to a process parameter, and what became of it. A write sink only
 * ever writes values inside the parameter's safe bounds, and only after a person approved it when the
 * parameter requires approval.
 *
 * <p>Implemented by Fabrica; vendors use it: Fabrica's write sink creates it, listeners read it.
 * Immutable and thread-safe.
 *
 * @param parameter the element path of the process parameter
 * @param value the recommended value
 * @param status what happened
 * @param timeMillis the source time of the data behind the recommendation
 * @param detail a sentence for the operator (e.g. why it was refused)
 * @param recommendation why the value was proposed, or {@code null} when the value came without reasons
 *        (e.g. from a model stage wired straight to the sink); since 1.1
 * @since 1.0
 */
@ProviderType
public record ParameterWrite(String parameter, double value, Status status, long timeMillis, String detail, Recommendation recommendation) {

    /**
     * A write without a recommendation's reasons (the form of version 1.0).
     *
     * @param parameter the element path of the process parameter
     * @param value the recommended value
     * @param status what happened
     * @param timeMillis the source time of the data behind the recommendation
     * @param detail a sentence for the operator
     */
    public ParameterWrite(String parameter, double value, Status status, long timeMillis, String detail) {
        this(parameter, value, status, timeMillis, detail, null);
    }

    /**
     * The same proposal with a new outcome (approved and written, rejected, lapsed...).
     *
     * @param newStatus what became of it
     * @param newDetail a sentence for the operator
     * @return a copy with the status and detail replaced
     * @since 1.1
     */
    public ParameterWrite with(Status newStatus, String newDetail) {
        return new ParameterWrite(parameter, value, newStatus, timeMillis, newDetail, recommendation);
    }

    /**
     * What became of a recommended value. Implemented by Fabrica; vendors use it.
     *
     * @since 1.0
     */
    @ProviderType
    public enum Status {
        /** Written to the device (live run with a writer). */
        WRITTEN,
        /** Inside the bounds, waiting for a person to approve it. */
        AWAITING_APPROVAL,
        /** Outside the safe bounds or not a number: never written. */
        REFUSED,
        /** Inside the bounds but the run has no device to write to (replay of a dataset). */
        NOT_CONNECTED,
        /** Recommended and logged in shadow mode: deliberately not written. @since 1.1 */
        SHADOW,
        /** Held for approval and rejected by a person: never written. @since 1.1 */
        REJECTED,
        /** Held for approval and not approved before it expired: never written. @since 1.1 */
        EXPIRED,
        /** Written earlier, then set back to the previous value because quality got worse. @since 1.1 */
        REVERTED
    }
}
