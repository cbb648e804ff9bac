package io.fabrica.devices.api;

/**
 * The health of a session, as users see it.
 *
 * @param status connected, reconnecting or failed
 * @param reason why, for {@link Status#RECONNECTING} and {@link Status#FAILED}; otherwise empty
 * @since 0.1
 */
public record SessionState(Status status, String reason) {

    /** Session health. */
    public enum Status {
        /** the device answers */
        CONNECTED,
        /** the connection dropped; the driver is trying again and will resume subscriptions */
        RECONNECTING,
        /** given up or closed; the reason says why */
        FAILED
    }

    /** The connected state. */
    public static final SessionState CONNECTED = new SessionState(Status.CONNECTED, "");

    @Override
    public String toString() {
        return reason.isEmpty() ? status.name().toLowerCase() : status.name().toLowerCase() + " (" + reason + ")";
    }
}
