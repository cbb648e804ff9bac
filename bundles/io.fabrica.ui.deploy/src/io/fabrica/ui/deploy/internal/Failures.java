package io.fabrica.ui.deploy.internal;

import io.fabrica.devices.api.DeviceException;

/**
 * Turns what a deployment target threw into text a user reads: the runtime's own reason without the
 * endpoint prefix and protocol words, and whether it was a refusal (the runtime answered "no") or a
 * failure to talk to it.
 */
final class Failures {

    private static final String REFUSED = "refused: ";

    private Failures() {
    }

    /**
     * @param runtime the runtime that was called
     * @param failure what the call threw
     * @return the reason, e.g. "the package is not signed …" (never empty)
     */
    static String reason(RuntimeEntry runtime, Throwable failure) {
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        String prefix = runtime.endpoint() + ": ";
        if (message.startsWith(prefix)) {
            message = message.substring(prefix.length());
        }
        if (message.startsWith(REFUSED)) {
            message = message.substring(REFUSED.length());
        }
        return message.isBlank() ? "no reason given" : message;
    }

    /** @return whether the runtime answered with a refusal (as opposed to not answering) */
    static boolean isRefusal(RuntimeEntry runtime, Throwable failure) {
        String message = failure.getMessage();
        return message != null && message.startsWith(runtime.endpoint() + ": " + REFUSED);
    }

    /** @return whether the refusal is the cycle budget, which the user may override with Force */
    static boolean isCycleBudget(String reason) {
        return reason.contains("cycle budget");
    }

    /** @return whether the connection failed because the runtime's certificate is not trusted yet */
    static boolean isUntrustedCertificate(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DeviceException d && d.reason() == DeviceException.Reason.UNTRUSTED_CERTIFICATE) {
                return true;
            }
        }
        return false;
    }
}
