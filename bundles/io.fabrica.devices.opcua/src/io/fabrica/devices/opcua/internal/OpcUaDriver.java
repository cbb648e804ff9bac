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
 * The OPC UA driver on Eclipse Milo's client. It connects with the security policy and mode the
 * spec asks for (None, Basic256Sha256, Aes128_Sha256_RsaOaep, Aes256_Sha256_RsaPss; Sign or
 * SignAndEncrypt), anonymously or with a user name.
 *
 * <p>Certificates live in the spec's PKI folder ({@code ~/.fabrica/pki} by default):
 * <ul>
 * <li>{@code own/fabrica-client.p12} the client's RSA 2048 key and self-signed application
 * certificate, created on the first secured connect and reused afterwards (replaced only once it
 * has expired); {@code own/fabrica-client.der} the same certificate, for the server's trust list</li>
 * <li>{@code trusted/certs} (and {@code trusted/crl}, {@code issuer/certs}, {@code issuer/crl})
 * the server certificates the client trusts</li>
 * <li>{@code rejected} server certificates that were not trusted, named by their SHA-1
 * thumbprint</li>
 * </ul>
 * An untrusted server certificate fails the connect with {@link Reason#UNTRUSTED_CERTIFICATE} and
 * the certificate's details; {@link ConnectionSpec#withTrustServer(boolean)} trusts it.
 */
@Component(service = DeviceDriver.class)
public final class OpcUaDriver implements DeviceDriver {

    /** The driver id plant models use. */
    public static final String ID = "opcua";

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ExecutorService executor = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "fabrica-opcua-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String label() {
        return "OPC UA (Eclipse Milo)";
    }

    @Override
    public CompletableFuture<DeviceSession> connect(ConnectionSpec spec) {
        long timeoutMs = spec.timeout().toMillis();
        return CompletableFuture.supplyAsync(() -> {
            try {
                return open(spec, timeoutMs);
            } catch (DeviceException e) {
                throw new CompletionException(e);
            }
        }, executor).orTimeout(timeoutMs * 2, TimeUnit.MILLISECONDS).handle((session, failure) -> {
            if (failure != null) {
                throw new CompletionException(classify(failure, "connect", spec.endpoint()));
            }
            return session;
        });
    }

    private DeviceSession open(ConnectionSpec spec, long timeoutMs) throws DeviceException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        String endpointUrl = spec.endpoint();
        boolean username = checkIdentity(spec);
        SecurityPolicy policy = policyOf(spec.securityPolicy());
        MessageSecurityMode mode = modeOf(spec.securityMode());
        String wanted = spec.securityPolicy().getLiteral() + "/" + spec.securityMode().getLiteral();
        if ((policy == SecurityPolicy.None) != (mode == MessageSecurityMode.None)) {
            throw new DeviceException(Reason.SECURITY, "cannot connect to " + endpointUrl + " with security " + wanted
                    + ": policy None goes with mode None only, and the other policies with Sign or SignAndEncrypt", null);
        }

        List<EndpointDescription> offered = discover(endpointUrl, deadline);
        List<EndpointDescription> matching = offered.stream()
                .filter(e -> e.getEndpointUrl() != null && e.getEndpointUrl().startsWith("opc.tcp:"))
                .filter(e -> policy.getUri().equals(e.getSecurityPolicyUri()) && e.getSecurityMode() == mode)
                .toList();
        if (matching.isEmpty()) {
            throw new DeviceException(Reason.SECURITY, endpointUrl + " does not offer security " + wanted + "; it offers "
                    + offered.stream().map(OpcUaDriver::describe).distinct().toList(), null);
        }
        UserTokenType tokenType = username ? UserTokenType.UserName : UserTokenType.Anonymous;
        EndpointDescription endpoint = matching.stream().filter(e -> tokenPolicy(e, tokenType).isPresent()).findFirst()
                .orElseThrow(() -> new DeviceException(Reason.AUTHENTICATION, endpointUrl + " does not accept "
                        + (username ? "user names" : "anonymous sessions") + " with security " + wanted + "; it accepts "
                        + tokenTypes(matching.get(0)), null));

        boolean secured = policy != SecurityPolicy.None;
        boolean passwordEncrypted = username && tokenPolicy(endpoint, tokenType).map(token -> passwordPolicy(token, endpoint))
                .filter(uri -> !SecurityPolicy.None.getUri().equals(uri)).isPresent();
        ClientPki pki = null;
        TrustListValidator validator = null;
        if (secured || passwordEncrypted) {
            pki = ClientPki.open(spec.pkiDirectoryOrDefault(), secured);
            validator = new TrustListValidator(pki, spec.trustServer());
        }
        EndpointDescription target = EndpointUtil.updateUrl(endpoint, EndpointUtil.getHost(endpointUrl), EndpointUtil.getPort(endpointUrl));
        OpcUaClientConfigBuilder config = OpcUaClientConfig.builder()
                .setApplicationName(LocalizedText.english("Fabrica"))
                .setApplicationUri(secured ? pki.applicationUri() : "urn:fabrica:client")
                .setProductUri("urn:fabrica")
                .setEndpoint(target)
                .setRequestTimeout(uint(timeoutMs))
                .setIdentityProvider(identity(spec, validator));
        if (secured) {
            config.setKeyPair(pki.keyPair()).setCertificate(pki.certificate()).setCertificateChain(pki.chain());
        }
        if (validator != null) {
            config.setCertificateValidator(validator);
        }

        OpcUaClient client;
        try {
            long connectMs = remaining(deadline, endpointUrl);
            client = OpcUaClient.create(config.build(), transport -> transport.setConnectTimeout(uint(connectMs)));
        } catch (UaException e) {
            throw classify(e, "connect", endpointUrl);
        }
        try {
            client.connectAsync().get(remaining(deadline, endpointUrl), TimeUnit.MILLISECONDS);
            NamespaceTable namespaces = client.readNamespaceTable();
            return new OpcUaSession(client, endpointUrl, namespaces, executor, timeoutMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            client.disconnectAsync();
            throw new DeviceException(Reason.TIMEOUT, "connect to " + endpointUrl + " was interrupted", e);
        } catch (ExecutionException | TimeoutException | UaException | RuntimeException e) {
            client.disconnectAsync();
            throw connectFailure(e, spec, validator, secured ? pki : null);
        }
    }

    /** @return whether the spec asks for a user name identity; refuses what this driver cannot do */
    private static boolean checkIdentity(ConnectionSpec spec) throws DeviceException {
        if (spec.identityType() == IdentityType.CERTIFICATE) {
            throw new DeviceException(Reason.AUTHENTICATION, "cannot connect to " + spec.endpoint()
                    + " with a user certificate: this version of the OPC UA driver supports anonymous and user name identities", null);
        }
        if (spec.identityType() == IdentityType.USERNAME && (spec.userName() == null || spec.userName().isEmpty())) {
            throw new DeviceException(Reason.AUTHENTICATION, "cannot connect to " + spec.endpoint()
                    + " with identity type Username: no user name was given", null);
        }
        return spec.identityType() == IdentityType.USERNAME;
    }

    private static List<EndpointDescription> discover(String url, long deadline) throws DeviceException {
        try {
            return endpoints(url, url, deadline);
        } catch (DeviceException first) {
            if (first.reason() == Reason.UNREACHABLE || first.reason() == Reason.TIMEOUT) {
                throw first;
            }
            // servers whose endpoints all need security answer GetEndpoints at <url>/discovery (OPC UA Part 6)
            try {
                return endpoints(url + (url.endsWith("/") ? "" : "/") + "discovery", url, deadline);
            } catch (DeviceException second) {
                throw first;
            }
        }
    }

    private static List<EndpointDescription> endpoints(String discoveryUrl, String url, long deadline) throws DeviceException {
        long ms = remaining(deadline, url);
        try {
            return DiscoveryClient.getEndpoints(discoveryUrl, transport -> transport.setConnectTimeout(uint(ms))).get(ms, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeviceException(Reason.TIMEOUT, "connect to " + url + " was interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw classify(e, "connect", url);
        }
    }

    private static long remaining(long deadline, String url) throws DeviceException {
        long ms = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (ms <= 0) {
            throw new DeviceException(Reason.TIMEOUT, "connect to " + url + ": no answer in time", null);
        }
        return ms;
    }

    private static IdentityProvider identity(ConnectionSpec spec, CertificateValidator validator) {
        if (spec.identityType() == IdentityType.USERNAME) {
            char[] secret = spec.secret() == null ? new char[0] : spec.secret();
            return new UsernameProvider(spec.userName(), () -> utf8(secret),
                    validator != null ? validator : new CertificateValidator.InsecureCertificateValidator());
        }
        return new AnonymousProvider();
    }

    /** The password's bytes for the token; Milo clears them after use. */
    private static byte[] utf8(char[] secret) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(secret));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        return bytes;
    }

    private static Optional<UserTokenPolicy> tokenPolicy(EndpointDescription endpoint, UserTokenType type) {
        UserTokenPolicy[] tokens = endpoint.getUserIdentityTokens();
        return tokens == null ? Optional.empty() : Arrays.stream(tokens).filter(t -> t.getTokenType() == type).findFirst();
    }

    private static List<String> tokenTypes(EndpointDescription endpoint) {
        UserTokenPolicy[] tokens = endpoint.getUserIdentityTokens();
        return tokens == null ? List.of() : Arrays.stream(tokens).map(t -> switch (t.getTokenType()) {
            case Anonymous -> "anonymous";
            case UserName -> "user name";
            case Certificate -> "user certificate";
            case IssuedToken -> "issued token";
        }).distinct().toList();
    }

    /** The policy a password is encrypted with: the token's own, else the channel's. */
    private static String passwordPolicy(UserTokenPolicy token, EndpointDescription endpoint) {
        String uri = token.getSecurityPolicyUri();
        return uri == null || uri.isEmpty() ? endpoint.getSecurityPolicyUri() : uri;
    }

    private static SecurityPolicy policyOf(io.fabrica.model.plant.SecurityPolicy policy) {
        return switch (policy) {
            case NONE -> SecurityPolicy.None;
            case BASIC256_SHA256 -> SecurityPolicy.Basic256Sha256;
            case AES128_SHA256_RSA_OAEP -> SecurityPolicy.Aes128_Sha256_RsaOaep;
            case AES256_SHA256_RSA_PSS -> SecurityPolicy.Aes256_Sha256_RsaPss;
        };
    }

    private static MessageSecurityMode modeOf(io.fabrica.model.plant.SecurityMode mode) {
        return switch (mode) {
            case NONE -> MessageSecurityMode.None;
            case SIGN -> MessageSecurityMode.Sign;
            case SIGN_AND_ENCRYPT -> MessageSecurityMode.SignAndEncrypt;
        };
    }

    private static String describe(EndpointDescription endpoint) {
        String uri = endpoint.getSecurityPolicyUri();
        return uri.substring(uri.indexOf('#') + 1) + "/" + endpoint.getSecurityMode();
    }

    /** Names why a connect failed once the endpoint was chosen: trust, identity, or the channel. */
    private static DeviceException connectFailure(Exception failure, ConnectionSpec spec, TrustListValidator validator, ClientPki pki) {
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

    /** Stops the driver's threads when the bundle stops. */
    @Deactivate
    void deactivate() {
        executor.shutdownNow();
    }

    /** The client's PKI folder: its own key and certificate, the trust list, and the rejected certificates. */
}
