package io.fabrica.devices.opcua.internal;

import java.net.ConnectException;
import java.nio.channels.UnresolvedAddressException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import io.fabrica.devices.api.ConnectionSpec;
import io.fabrica.devices.api.DeviceException;
import io.fabrica.devices.api.DeviceException.Reason;
import io.fabrica.model.plant.IdentityType;

/**
 * Turns the failures of the OPC UA client into one-sentence {@link DeviceException}s with a
 * {@link Reason} a caller can act on (unreachable, timeout, authentication, security, an untrusted
 * certificate with its details), and describes certificates for those messages.
 */
final class UaFailures {

    private UaFailures() {
    }

    /** Names why a connect failed once the endpoint was chosen: trust, identity, or the channel. */
    static DeviceException connectFailure(Exception failure, ConnectionSpec spec, TrustListValidator validator, ClientPki pki) {
        String endpoint = spec.endpoint();
        X509Certificate untrusted = validator == null ? null : validator.rejected();
        if (untrusted != null) {
            DeviceException.Certificate info = describe(untrusted);
            return new DeviceException(Reason.UNTRUSTED_CERTIFICATE, "server certificate of " + endpoint + " is not trusted: "
                    + info.subject() + ", SHA-1 " + info.thumbprint() + ", valid " + info.validFrom() + " to " + info.validTo()
                    + "; trust it with --trust or in the workbench", failure, info);
        }
        Optional<StatusCode> status = UaException.extractStatusCode(failure);
        long code = status.map(s -> s.getValue() & 0xFFFF0000L).orElse(0L);
        String name = status.map(UaConversions::statusName).orElse("");
        if (code == StatusCodes.Bad_UserAccessDenied || code == StatusCodes.Bad_IdentityTokenRejected
                || code == StatusCodes.Bad_IdentityTokenInvalid) {
            return new DeviceException(Reason.AUTHENTICATION, spec.identityType() == IdentityType.USERNAME
                    ? endpoint + " refused user '" + spec.userName() + "' (" + name + "); check the user name and password"
                    : endpoint + " refused the anonymous session (" + name + "); connect with a user name", failure);
        }
        UaException invalid = validator == null ? null : validator.failure();
        if (invalid != null) {
            X509Certificate server = validator.checked();
            return new DeviceException(Reason.SECURITY, "server certificate of " + endpoint + " was refused ("
                    + UaConversions.statusName(invalid.getStatusCode()) + ")"
                    + (server == null ? "" : ": " + describe(server).subject() + ", valid " + describe(server).validFrom() + " to "
                            + describe(server).validTo()), failure);
        }
        if (pki != null && (code == StatusCodes.Bad_SecurityChecksFailed || code == StatusCodes.Bad_CertificateUntrusted
                || code == StatusCodes.Bad_CertificateInvalid || code == StatusCodes.Bad_CertificateUriInvalid)) {
            DeviceException.Certificate own = describe(pki.certificate());
            return new DeviceException(Reason.SECURITY, "the secure channel to " + endpoint + " failed (" + name
                    + "); if the server does not trust this client yet, trust Fabrica's client certificate " + own.subject()
                    + ", SHA-1 " + own.thumbprint() + " (" + pki.certificateFile() + ") on the server", failure);
        }
        return classify(failure, "connect", endpoint);
    }

    /** @return subject, SHA-1 thumbprint and validity of a certificate, for messages and the trust dialog */
    static DeviceException.Certificate describe(X509Certificate certificate) {
        return new DeviceException.Certificate(certificate.getSubjectX500Principal().getName(), thumbprint(certificate),
                certificate.getNotBefore().toInstant().toString(), certificate.getNotAfter().toInstant().toString());
    }

    static String thumbprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot compute the thumbprint of " + certificate.getSubjectX500Principal(), e);
        }
    }

    /**
     * Turns any failure of an OPC UA operation into a one-sentence DeviceException.
     *
     * @param failure what went wrong (possibly wrapped)
     * @param what the operation, e.g. "connect" or "read on opc.tcp://..."
     * @param endpoint the endpoint
     * @return the classified exception
     */
    static DeviceException classify(Throwable failure, String what, String endpoint) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof DeviceException device) {
            return device;
        }
        if (t instanceof TimeoutException) {
            return new DeviceException(Reason.TIMEOUT, what + (what.contains(endpoint) ? "" : " to " + endpoint) + ": no answer in time", t);
        }
        if (hasCause(t, ConnectException.class) || hasCause(t, UnresolvedAddressException.class)
                || hasCause(t, java.net.UnknownHostException.class)) {
            return new DeviceException(Reason.UNREACHABLE, "cannot reach " + endpoint + ": " + rootMessage(t), t);
        }
        Optional<StatusCode> status = UaException.extractStatusCode(t);
        if (status.isPresent()) {
            long code = status.get().getValue() & 0xFFFF0000L;
            if (code == StatusCodes.Bad_Timeout || code == StatusCodes.Bad_CommunicationError || code == StatusCodes.Bad_ConnectionRejected
                    || code == StatusCodes.Bad_ConnectionClosed || code == StatusCodes.Bad_ServerNotConnected) {
                return new DeviceException(Reason.UNREACHABLE, "cannot reach " + endpoint + ": " + UaConversions.statusName(status.get()), t);
            }
            if (code == StatusCodes.Bad_IdentityTokenRejected || code == StatusCodes.Bad_IdentityTokenInvalid
                    || code == StatusCodes.Bad_UserAccessDenied) {
                return new DeviceException(Reason.AUTHENTICATION, endpoint + " refused the user identity ("
                        + UaConversions.statusName(status.get()) + "); check user name and password", t);
            }
            if (code == StatusCodes.Bad_CertificateUntrusted || code == StatusCodes.Bad_SecurityChecksFailed
                    || code == StatusCodes.Bad_SecurityPolicyRejected) {
                return new DeviceException(Reason.SECURITY, "the secure channel to " + endpoint + " failed ("
                        + UaConversions.statusName(status.get()) + ")", t);
            }
            return new DeviceException(Reason.DEVICE_ERROR, what + " on " + endpoint + " failed: " + UaConversions.statusName(status.get()), t);
        }
        return new DeviceException(Reason.DEVICE_ERROR, what + " on " + endpoint + " failed: " + rootMessage(t), t);
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }
}
