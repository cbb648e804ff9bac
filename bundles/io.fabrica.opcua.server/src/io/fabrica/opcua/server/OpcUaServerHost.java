package io.fabrica.opcua.server;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.BuildInfo;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;

/**
 * An embedded Eclipse Milo OPC UA server with one {@link VariableNamespace} for Fabrica's nodes.
 * The controller runtime and the simulated plant are both built on it.
 *
 * <p>Lifecycle: {@link Builder#start()} binds the port and returns a started host;
 * {@link #close()} shuts the server down and releases the port. A host is not restartable.
 *
 * <p>Security: this version offers the endpoint with security policy None and anonymous
 * identity only; secured endpoints come with the device and deployment work.
 */
public final class OpcUaServerHost implements AutoCloseable {

    /** Default OPC UA port, as registered with IANA. */
    public static final int DEFAULT_PORT = 4840;

    private static final long SHUTDOWN_TIMEOUT_SECONDS = 10;

    private final OpcUaServer server;
    private final VariableNamespace namespace;
    private final String endpointUrl;

    private OpcUaServerHost(OpcUaServer server, VariableNamespace namespace, String endpointUrl) {
        this.server = server;
        this.namespace = namespace;
        this.endpointUrl = endpointUrl;
    }

    /**
     * Starts building a server host.
     *
     * @param applicationName the name clients see, e.g. "Fabrica Runtime"
     * @return a builder with defaults: bind 127.0.0.1, port 4840, path /fabrica
     */
    public static Builder builder(String applicationName) {
        return new Builder(applicationName);
    }

    /** @return the URL clients connect to, e.g. {@code opc.tcp://127.0.0.1:4840/fabrica} */
    public String endpointUrl() {
        return endpointUrl;
    }

    /** @return the namespace in which Fabrica's folders and variables live */
    public VariableNamespace namespace() {
        return namespace;
    }

    /** @return the underlying Milo server, for features this class does not wrap (methods, events) */
    public OpcUaServer milo() {
        return server;
    }

    /**
     * Shuts the server down, waiting up to 10 s. Sessions are closed and the port is released.
     *
     * @throws OpcUaServerException if the shutdown fails or times out
     */
    @Override
    public void close() {
        try {
            server.shutdown().get(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpcUaServerException("Interrupted while stopping the OPC UA server at " + endpointUrl, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new OpcUaServerException("Could not stop the OPC UA server at " + endpointUrl + ": " + e, e);
        }
    }

    /** Configures and starts an {@link OpcUaServerHost}. Not thread-safe. */
    public static final class Builder {
        private final String applicationName;
        private String bindAddress = "127.0.0.1";
        private String hostname;
        private int port = DEFAULT_PORT;
        private String path = "/fabrica";
        private String namespaceUri = "urn:fabrica:nodes";

        private Builder(String applicationName) {
            this.applicationName = Objects.requireNonNull(applicationName, "applicationName");
        }

        /**
         * @param address the local address to listen on, e.g. {@code 0.0.0.0} for all interfaces
         * @return this builder
         */
        public Builder bindAddress(String address) {
            this.bindAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * @param name the host name put into endpoint URLs; defaults to the bind address, or
         *        {@code localhost} when binding to all interfaces
         * @return this builder
         */
        public Builder hostname(String name) {
            this.hostname = name;
            return this;
        }

        /**
         * @param tcpPort 1..65535
         * @return this builder
         * @throws IllegalArgumentException if the port is out of range
         */
        public Builder port(int tcpPort) {
            if (tcpPort < 1 || tcpPort > 65535) {
                throw new IllegalArgumentException("OPC UA port must be between 1 and 65535, got " + tcpPort);
            }
            this.port = tcpPort;
            return this;
        }

        /**
         * @param endpointPath the path part of the endpoint URL, starting with "/"
         * @return this builder
         */
        public Builder path(String endpointPath) {
            this.path = endpointPath.startsWith("/") ? endpointPath : "/" + endpointPath;
            return this;
        }

        /**
         * @param uri the URI of the namespace that holds Fabrica's nodes
         * @return this builder
         */
        public Builder namespaceUri(String uri) {
            this.namespaceUri = Objects.requireNonNull(uri, "uri");
            return this;
        }

        /**
         * Binds the port and starts the server, waiting up to 30 s.
         *
         * @return the running host
         * @throws OpcUaServerException if the port is in use or the server fails to start; the
         *         message names the address and port
         */
        public OpcUaServerHost start() {
            String host = hostname != null ? hostname
                    : "0.0.0.0".equals(bindAddress) ? "localhost" : bindAddress;
            String url = "opc.tcp://" + host + ":" + port + path;
            OpcUaServer server = new OpcUaServer(config(host),
                    profile -> new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder().build()));
            VariableNamespace namespace = new VariableNamespace(server, namespaceUri);
            namespace.startup();
            try {
                server.startup().get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OpcUaServerException("Interrupted while starting the OPC UA server on " + url, e);
            } catch (ExecutionException | TimeoutException e) {
                shutdownQuietly(server);
                throw new OpcUaServerException("Could not start the OPC UA server on " + bindAddress + ":" + port
                        + " (is the port already in use?): " + rootCause(e), e);
            }
            return new OpcUaServerHost(server, namespace, url);
        }

        private OpcUaServerConfig config(String host) {
            EndpointConfig endpoint = EndpointConfig.newBuilder()
                    .setBindAddress(bindAddress)
                    .setBindPort(port)
                    .setHostname(host)
                    .setPath(path)
                    .setSecurityPolicy(SecurityPolicy.None)
                    .setSecurityMode(MessageSecurityMode.None)
                    .addTokenPolicy(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS)
                    .build();
            String appUri = "urn:fabrica:" + applicationName.toLowerCase().replaceAll("[^a-z0-9]+", "-");
            return OpcUaServerConfig.builder()
                    .setApplicationName(LocalizedText.english(applicationName))
                    .setApplicationUri(appUri)
                    .setProductUri("urn:fabrica")
                    .setBuildInfo(new BuildInfo("urn:fabrica", "Fabrica", applicationName, "0.1", "", DateTime.now()))
                    .setIdentityValidator(AnonymousIdentityValidator.INSTANCE)
                    .setEndpoints(Set.of(endpoint))
                    .build();
        }

        private static void shutdownQuietly(OpcUaServer server) {
            CompletableFuture<OpcUaServer> stop = server.shutdown();
            try {
                stop.get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException ignored) {
                // the start already failed; that error is the one the caller needs
            }
        }

        private static String rootCause(Throwable t) {
            Throwable root = t;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return root.toString();
        }
    }
}
