package io.fabrica.devices.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The health of a session, as users see it ({@link DeviceSession#state()}).
 *
 * <p>Implemented by Fabrica; vendors use it: drivers create states, Fabrica reads them. Immutable and
 * thread-safe.
 *
 * @param status connected, reconnecting or failed
 * @param reason why, for {@link Status#RECONNECTING} and {@link Status#FAILED}, as a sentence for
 *        people; otherwise empty; never {@code null}
 * @since 1.0
 */
@ProviderType
public record SessionState(Status status, String reason) {

    /**
     * Session health. Implemented by Fabrica; vendors use it.
     *
     * @since 1.0
     */
    @ProviderType
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

    /** @return the status in lower case, with the reason in parentheses if there is one */
    @Override
    public String toString() {
        return reason.isEmpty() ? status.name().toLowerCase() : status.name().toLowerCase() + " (" + reason + ")";
    }
}
