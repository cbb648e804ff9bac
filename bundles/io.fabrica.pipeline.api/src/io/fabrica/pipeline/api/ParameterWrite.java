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
 * @since 1.0
 */
@ProviderType
public record ParameterWrite(String parameter, double value, Status status, long timeMillis, String detail) {

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
        NOT_CONNECTED
    }
}
