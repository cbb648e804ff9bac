package io.fabrica.devices.opcua.internal;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.net.ConnectException;
import java.nio.channels.UnresolvedAddressException;
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
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.IdentityProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.stack.core.NamespaceTable;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import io.fabrica.devices.api.ConnectionSpec;
import io.fabrica.devices.api.DeviceDriver;
import io.fabrica.devices.api.DeviceException;
import io.fabrica.devices.api.DeviceException.Reason;
import io.fabrica.devices.api.DeviceSession;
import io.fabrica.model.plant.IdentityType;

/**
 * The OPC UA driver on Eclipse Milo's client. This version connects over channels with security
 * policy None, anonymously or with a user name; secured channels (Basic256Sha256, Aes*) with the
 * client certificate and trust list come next and are refused with a clear reason until then.
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
        if (spec.securityPolicy() != io.fabrica.model.plant.SecurityPolicy.NONE) {
            throw new DeviceException(Reason.SECURITY, "cannot connect to " + spec.endpoint() + " with security "
                    + spec.securityPolicy().getLiteral() + "/" + spec.securityMode().getLiteral()
                    + ": this version of the OPC UA driver supports security None only", null);
        }
        AtomicReference<List<EndpointDescription>> offered = new AtomicReference<>(List.of());
        OpcUaClient client;
        try {
            client = OpcUaClient.create(spec.endpoint(), endpoints -> {
                offered.set(endpoints);
                return endpoints.stream().filter(OpcUaDriver::isInsecure).findFirst();
            }, transport -> transport.setConnectTimeout(uint(timeoutMs)), config -> config
                    .setApplicationName(LocalizedText.english("Fabrica"))
                    .setApplicationUri("urn:fabrica:client")
                    .setProductUri("urn:fabrica")
                    .setRequestTimeout(uint(timeoutMs))
                    .setIdentityProvider(identity(spec)));
        } catch (UaException e) {
            if (!offered.get().isEmpty() && offered.get().stream().noneMatch(OpcUaDriver::isInsecure)) {
                throw new DeviceException(Reason.SECURITY, spec.endpoint() + " offers no endpoint with security None; it offers "
                        + offered.get().stream().map(OpcUaDriver::describe).distinct().toList(), e);
            }
            throw classify(e, "connect", spec.endpoint());
        }
        try {
            client.connect();
            NamespaceTable namespaces = client.readNamespaceTable();
            return new OpcUaSession(client, spec.endpoint(), namespaces, executor, timeoutMs);
        } catch (UaException | RuntimeException e) {
            client.disconnectAsync();
            throw classify(e, "connect", spec.endpoint());
        }
    }

    private static IdentityProvider identity(ConnectionSpec spec) {
        if (spec.identityType() == IdentityType.USERNAME && spec.userName() != null) {
            return new UsernameProvider(spec.userName(), spec.secret() == null ? "" : new String(spec.secret()));
        }
        return new AnonymousProvider();
    }

    private static boolean isInsecure(EndpointDescription endpoint) {
        return SecurityPolicy.None.getUri().equals(endpoint.getSecurityPolicyUri())
                && endpoint.getSecurityMode() == MessageSecurityMode.None;
    }

    private static String describe(EndpointDescription endpoint) {
        String uri = endpoint.getSecurityPolicyUri();
        return uri.substring(uri.indexOf('#') + 1) + "/" + endpoint.getSecurityMode();
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

    private static String rootMessage(Throwable t) {
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
}
