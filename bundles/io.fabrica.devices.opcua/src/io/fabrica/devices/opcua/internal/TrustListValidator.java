package io.fabrica.devices.opcua.internal;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.eclipse.milo.opcua.sdk.client.DiscoveryClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClientConfig;
import org.eclipse.milo.opcua.sdk.client.OpcUaClientConfigBuilder;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.IdentityProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.stack.core.NamespaceTable;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.CertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultClientCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.MemoryTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.UserTokenType;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.eclipse.milo.opcua.stack.core.util.validation.ValidationCheck;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import io.fabrica.devices.api.ConnectionSpec;
import io.fabrica.devices.api.DeviceDriver;
import io.fabrica.devices.api.DeviceException;
import io.fabrica.devices.api.DeviceException.Reason;
import io.fabrica.devices.api.DeviceSession;
import io.fabrica.model.plant.IdentityType;

/**
 * Checks server certificates against the PKI folder's trust list, read afresh on every check so
 * that certificates trusted meanwhile count. Remembers a refused certificate for the message.
 */
final class TrustListValidator implements CertificateValidator {
    private static final Set<ValidationCheck> CHECKS = Set.of(ValidationCheck.APPLICATION_URI, ValidationCheck.VALIDITY);

    private final ClientPki pki;
    private final boolean trustServer;
    private final AtomicReference<X509Certificate> rejected = new AtomicReference<>();
    private final AtomicReference<X509Certificate> checked = new AtomicReference<>();
    private final AtomicReference<UaException> failure = new AtomicReference<>();

    TrustListValidator(ClientPki pki, boolean trustServer) {
        this.pki = pki;
        this.trustServer = trustServer;
    }

    @Override
    public void validateCertificateChain(List<X509Certificate> chain, String applicationUri, String[] validHostNames) throws UaException {
        MemoryTrustListManager trust = new MemoryTrustListManager();
        trust.setTrustedCertificates(pki.certificates("trusted/certs"));
        trust.setIssuerCertificates(pki.certificates("issuer/certs"));
        trust.setTrustedCrls(pki.crls("trusted/crl"));
        trust.setIssuerCrls(pki.crls("issuer/crl"));
        X509Certificate server = chain.isEmpty() ? null : chain.get(0);
        checked.set(server);
        if (trustServer && server != null && !trust.getTrustedCertificates().contains(server)) {
            try {
                pki.trust(server);
            } catch (IOException | CertificateEncodingException e) {
                throw new UaException(StatusCodes.Bad_CertificateUntrusted, "cannot add the server certificate to the trust list: " + e, e);
            }
            trust.addTrustedCertificate(server);
        }
        CertificateQuarantine quarantine = new CertificateQuarantine() {
            @Override
            public List<X509Certificate> getRejectedCertificates() {
                return Stream.ofNullable(rejected.get()).toList();
            }

            @Override
            public void addRejectedCertificate(X509Certificate certificate) {
                if (certificate.equals(server)) {
                    rejected.set(certificate);
                    pki.reject(certificate);
                }
            }

            @Override
            public void removeRejectedCertificate(X509Certificate certificate) {
                rejected.compareAndSet(certificate, null);
            }
        };
        try {
            new DefaultClientCertificateValidator(trust, CHECKS, quarantine).validateCertificateChain(chain, applicationUri, validHostNames);
            failure.set(null);
        } catch (UaException e) {
            failure.set(e);
            throw e;
        }
    }

    /** @return the server certificate refused as untrusted, or {@code null} */
    X509Certificate rejected() {
        return rejected.get();
    }

    /** @return the last server certificate checked, or {@code null} */
    X509Certificate checked() {
        return checked.get();
    }

    /** @return why the last check failed, or {@code null} */
    UaException failure() {
        return failure.get();
    }
}
