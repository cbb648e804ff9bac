package io.fabrica.devices.opcua.internal;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.milo.opcua.sdk.client.DiscoveryClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClientConfig;
import org.eclipse.milo.opcua.sdk.client.OpcUaClientConfigBuilder;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.IdentityProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.UserTokenType;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;
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
                throw new CompletionException(UaFailures.classify(failure, "connect", spec.endpoint()));
            }
            return session;
        });
    }

    private DeviceSession open(ConnectionSpec spec, long timeoutMs) throws DeviceException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        boolean username = checkIdentity(spec);
        EndpointDescription endpoint = chooseEndpoint(spec, username, deadline);
        boolean secured = policyOf(spec.securityPolicy()) != SecurityPolicy.None;
        ClientPki pki = null;
        TrustListValidator validator = null;
        if (secured || passwordEncrypted(endpoint, username)) {
            pki = ClientPki.open(spec.pkiDirectoryOrDefault(), secured);
            validator = new TrustListValidator(pki, spec.trustServer());
        }
        OpcUaClient client = client(config(spec, endpoint, secured ? pki : null, validator, timeoutMs), deadline, spec.endpoint());
        try {
            client.connectAsync().get(remaining(deadline, spec.endpoint()), TimeUnit.MILLISECONDS);
            return new OpcUaSession(client, spec.endpoint(), client.readNamespaceTable(), executor, timeoutMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            client.disconnectAsync();
            throw new DeviceException(Reason.TIMEOUT, "connect to " + spec.endpoint() + " was interrupted", e);
        } catch (ExecutionException | TimeoutException | UaException | RuntimeException e) {
            client.disconnectAsync();
            throw UaFailures.connectFailure(e, spec, validator, secured ? pki : null);
        }
    }

    /** The offered endpoint with the spec's policy, mode and identity token; refuses with what the server offers instead. */
    private static EndpointDescription chooseEndpoint(ConnectionSpec spec, boolean username, long deadline) throws DeviceException {
        String endpointUrl = spec.endpoint();
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
        return matching.stream().filter(e -> tokenPolicy(e, tokenType).isPresent()).findFirst()
                .orElseThrow(() -> new DeviceException(Reason.AUTHENTICATION, endpointUrl + " does not accept "
                        + (username ? "user names" : "anonymous sessions") + " with security " + wanted + "; it accepts "
                        + tokenTypes(matching.get(0)), null));
    }

    /** Whether a user name's password is encrypted with the server certificate (so the PKI is needed without channel security). */
    private static boolean passwordEncrypted(EndpointDescription endpoint, boolean username) {
        return username && tokenPolicy(endpoint, UserTokenType.UserName).map(token -> passwordPolicy(token, endpoint))
                .filter(uri -> !SecurityPolicy.None.getUri().equals(uri)).isPresent();
    }

    /** @param pki the client certificate for a secured channel, {@code null} without one */
    private static OpcUaClientConfig config(ConnectionSpec spec, EndpointDescription endpoint, ClientPki pki, TrustListValidator validator,
            long timeoutMs) {
        String endpointUrl = spec.endpoint();
        EndpointDescription target = EndpointUtil.updateUrl(endpoint, EndpointUtil.getHost(endpointUrl), EndpointUtil.getPort(endpointUrl));
        OpcUaClientConfigBuilder config = OpcUaClientConfig.builder()
                .setApplicationName(LocalizedText.english("Fabrica"))
                .setApplicationUri(pki != null ? pki.applicationUri() : "urn:fabrica:client")
                .setProductUri("urn:fabrica")
                .setEndpoint(target)
                .setRequestTimeout(uint(timeoutMs))
                .setIdentityProvider(identity(spec, validator));
        if (pki != null) {
            config.setKeyPair(pki.keyPair()).setCertificate(pki.certificate()).setCertificateChain(pki.chain());
        }
        if (validator != null) {
            config.setCertificateValidator(validator);
        }
        return config.build();
    }

    private static OpcUaClient client(OpcUaClientConfig config, long deadline, String endpointUrl) throws DeviceException {
        try {
            long connectMs = remaining(deadline, endpointUrl);
            return OpcUaClient.create(config, transport -> transport.setConnectTimeout(uint(connectMs)));
        } catch (UaException e) {
            throw UaFailures.classify(e, "connect", endpointUrl);
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
            throw UaFailures.classify(e, "connect", url);
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

    /** Stops the driver's threads when the bundle stops. */
    @Deactivate
    void deactivate() {
        executor.shutdownNow();
    }

}
