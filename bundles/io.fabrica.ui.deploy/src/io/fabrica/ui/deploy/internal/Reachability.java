package io.fabrica.ui.deploy.internal;

/**
 * Whether a runtime answered its last status poll.
 *
 * @param kind checking (never polled yet), online or unreachable
 * @param reason why it is unreachable, empty otherwise
 * @param untrustedCertificate whether the reason is a server certificate the user has not trusted yet
 *        (the view then offers Trust Certificate…)
 */
public record Reachability(Kind kind, String reason, boolean untrustedCertificate) {

    /** The three states a runtime can be in. */
    public enum Kind {
        /** Not polled yet. */
        CHECKING,
        /** Answered the last poll. */
        ONLINE,
        /** The last poll failed. */
        UNREACHABLE
    }

    /** Not polled yet. */
    public static final Reachability CHECKING = new Reachability(Kind.CHECKING, "", false);
    /** Answered the last poll. */
    public static final Reachability ONLINE = new Reachability(Kind.ONLINE, "", false);

    /** @return an unreachable state with its reason */
    public static Reachability unreachable(String reason, boolean untrustedCertificate) {
        return new Reachability(Kind.UNREACHABLE, reason, untrustedCertificate);
    }

    /** @return "Online", "Checking…" or "Unreachable: reason", as the view shows it */
    public String text() {
        return switch (kind) {
            case CHECKING -> "Checking…";
            case ONLINE -> "Online";
            case UNREACHABLE -> "Unreachable: " + reason;
        };
    }
}
