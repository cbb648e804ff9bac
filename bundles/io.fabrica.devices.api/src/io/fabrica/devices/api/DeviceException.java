package io.fabrica.devices.api;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A device operation failed. The message is one sentence naming the endpoint or node and the
 * cause; {@link #reason()} classifies it so that tools can react (e.g. offer to trust a
 * certificate, or not retry a refused password).
 *
 * <p>Implemented by Fabrica; vendors use it: drivers create and report it, Fabrica reads it. Drivers
 * do not subclass it.
 *
 * @since 1.0
 */
@ProviderType
public class DeviceException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Why an operation failed. Implemented by Fabrica; vendors use it.
     *
     * @since 1.0
     */
    @ProviderType
    public enum Reason {
        /** nothing answers at the endpoint, or the connection dropped */
        UNREACHABLE,
        /** the endpoint offers no matching security policy/mode, or the secure channel failed */
        SECURITY,
        /** the server's certificate is not in the trust list; see {@link DeviceException#certificate()} */
        UNTRUSTED_CERTIFICATE,
        /** the user or password (or user certificate) was refused */
        AUTHENTICATION,
        /** the node or address does not exist */
        NO_SUCH_NODE,
        /** the node may not be written */
        NOT_WRITABLE,
        /** the value has the wrong type, is out of bounds, or was refused */
        BAD_VALUE,
        /** no answer within the allowed time */
        TIMEOUT,
        /** the session is closed */
        CLOSED,
        /** anything else the device reported */
        DEVICE_ERROR
    }

    /**
     * An untrusted server certificate, to show to the user before trusting it.
     *
     * <p>Implemented by Fabrica; vendors use it: drivers create it, Fabrica shows it. Not serialized
     * with its exception.
     *
     * @param subject the certificate's subject
     * @param thumbprint its SHA-1 thumbprint, hex
     * @param validFrom start of validity, ISO-8601
     * @param validTo end of validity, ISO-8601
     * @since 1.0
     */
    @ProviderType
    public record Certificate(String subject, String thumbprint, String validFrom, String validTo) {
    }

    /** Why it failed. */
    private final Reason reason;
    private final transient Certificate certificate;

    /**
     * A failure without a certificate.
     *
     * @param reason the classification
     * @param message one sentence naming the endpoint or node and the cause
     * @param cause the underlying error, or {@code null}
     */
    public DeviceException(Reason reason, String message, Throwable cause) {
        this(reason, message, cause, null);
    }

    /**
     * A failure, with the certificate the user may trust.
     *
     * @param reason the classification
     * @param message one sentence naming the endpoint or node and the cause
     * @param cause the underlying error, or {@code null}
     * @param certificate the untrusted certificate for {@link Reason#UNTRUSTED_CERTIFICATE}, else {@code null}
     */
    public DeviceException(Reason reason, String message, Throwable cause, Certificate certificate) {
        super(message, cause);
        this.reason = reason;
        this.certificate = certificate;
    }

    /** @return why it failed */
    public Reason reason() {
        return reason;
    }

    /** @return the untrusted certificate, or {@code null} */
    public Certificate certificate() {
        return certificate;
    }

    /**
     * Unwraps a future's failure into a DeviceException: looks through {@code CompletionException}
     * and {@code ExecutionException} wrappers; a cancellation becomes {@link Reason#TIMEOUT}.
     *
     * @param failure what a future completed with
     * @param what the operation, e.g. "read on opc.tcp://plc:4840"
     * @return the DeviceException inside, or a new one of reason {@link Reason#DEVICE_ERROR}
     */
    public static DeviceException of(Throwable failure, String what) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof DeviceException device) {
            return device;
        }
        if (t instanceof CancellationException) {
            return new DeviceException(Reason.TIMEOUT, what + " was cancelled", t);
        }
        return new DeviceException(Reason.DEVICE_ERROR, what + " failed: " + t, t);
    }
}
