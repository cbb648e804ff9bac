package io.fabrica.pipeline.api;

/**
 * A value a pipeline wants to write to a process parameter, and what became of it. A write sink only
 * ever writes values inside the parameter's safe bounds, and only after a person approved it when the
 * parameter requires approval.
 *
 * @param parameter the element path of the process parameter
 * @param value the recommended value
 * @param status what happened
 * @param timeMillis the source time of the data behind the recommendation
 * @param detail a sentence for the operator (e.g. why it was refused)
 */
public record ParameterWrite(String parameter, double value, Status status, long timeMillis, String detail) {

    /** What became of a recommended value. */
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
