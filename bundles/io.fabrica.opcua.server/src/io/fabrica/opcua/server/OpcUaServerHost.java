package io.fabrica.opcua.server;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;

/**
 * An embedded Eclipse Milo OPC UA server with one {@link VariableNamespace} for Fabrica's nodes.
 * The controller runtime and the simulated plant are both built on it.
 *
 * <p>Lifecycle: {@link Builder#start()} binds the port and returns a started host;
 * {@link #close()} shuts the server down and releases the port. A host is not restartable.
 *
 * <p>Security: by default the server offers one endpoint with security policy None and anonymous
 * identity. {@link Builder#security(Security)} adds signed and encrypted endpoints
 * (Basic256Sha256, Aes128_Sha256_RsaOaep, Aes256_Sha256_RsaPss, each with Sign and
 * SignAndEncrypt), user name identities, and client certificate checks against a trust list; see
 * {@link Security} for the PKI folder's layout.
 */
public final class OpcUaServerHost implements AutoCloseable {

    /** Default OPC UA port, as registered with IANA. */
    public static final int DEFAULT_PORT = 4840;

    private static final long SHUTDOWN_TIMEOUT_SECONDS = 10;

    private final OpcUaServer server;
    private final VariableNamespace namespace;
    private final String endpointUrl;
    private final ServerPki pki;

    private OpcUaServerHost(OpcUaServer server, VariableNamespace namespace, String endpointUrl, ServerPki pki) {
        this.server = server;
        this.namespace = namespace;
        this.endpointUrl = endpointUrl;
        this.pki = pki;
    }

    /**
     * Starts building a server host.
     *
     * @param applicationName the name clients see, e.g. "Fabrica Runtime"
     * @return a builder with defaults: bind 127.0.0.1, port 4840, path /fabrica, security None
     *         with anonymous identity only
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
     * @return the server's application instance certificate when it was started with
     *         {@link Builder#security(Security)}, else empty
     */
    public Optional<X509Certificate> certificate() {
        return pki == null ? Optional.empty() : Optional.of(pki.certificate());
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
        } finally {
            if (pki != null) {
                pki.close();
            }
        }
    }

    /**
     * The security of a server: where its certificates live, who may log in, and which clients
     * it trusts. Starts from {@link #pki(Path)}; the {@code with...} methods return changed copies.
     *
     * <p>Layout of the PKI folder (created on first use):
     * <ul>
     * <li>{@code own/<application>.p12} the server's RSA 2048 key and self-signed certificate,
     * created on the first start and reused afterwards (replaced only once it has expired);
     * {@code own/<application>.der} the same certificate, to hand to clients</li>
     * <li>{@code trusted/certs}, {@code trusted/crl} the client certificates (DER or PEM) the
     * server trusts, and revocation lists; {@code issuer/certs}, {@code issuer/crl} CA
     * certificates of trusted clients. Changes are picked up while the server runs.</li>
     * <li>{@code rejected} client certificates that were refused, named by their SHA-1
     * thumbprint; move one to {@code trusted/certs} to trust that client</li>
     * </ul>
     *
     * @param pkiDirectory the PKI folder
     * @param users user names and their passwords; empty for no user name logins
     * @param allowAnonymous whether anonymous sessions are accepted
     * @param offerNone whether the endpoint without security (policy None) is offered
     * @param trustAllClients whether every client certificate is accepted without the trust list
     *        (for simulators and tests only)
     */
    public record Security(Path pkiDirectory, Map<String, String> users, boolean allowAnonymous, boolean offerNone,
            boolean trustAllClients) {

        /**
         * @throws NullPointerException if the folder or the users map is null
         * @throws IllegalArgumentException if neither anonymous nor user name logins are possible
         */
        public Security {
            Objects.requireNonNull(pkiDirectory, "pkiDirectory");
            users = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(users, "users")));
            users.forEach((name, password) -> {
                if (name == null || name.isEmpty() || password == null) {
                    throw new IllegalArgumentException("user names must not be empty and passwords not null");
                }
            });
            if (!allowAnonymous && users.isEmpty()) {
                throw new IllegalArgumentException("a server without anonymous access needs at least one user");
            }
        }

        /**
         * @param pkiDirectory the PKI folder
         * @return security with this folder, the endpoint without security kept, anonymous
         *         access, no users, client certificates checked against the trust list
         */
        public static Security pki(Path pkiDirectory) {
            return new Security(pkiDirectory, Map.of(), true, true, false);
        }

        /** @return a copy with these users (name to password) */
        public Security withUsers(Map<String, String> newUsers) {
            return new Security(pkiDirectory, newUsers, allowAnonymous, offerNone, trustAllClients);
        }

        /** @return a copy that accepts or refuses anonymous sessions */
        public Security withAnonymous(boolean allowed) {
            return new Security(pkiDirectory, users, allowed, offerNone, trustAllClients);
        }

        /** @return a copy that offers or drops the endpoint with security policy None */
        public Security withNone(boolean offered) {
            return new Security(pkiDirectory, users, allowAnonymous, offered, trustAllClients);
        }

        /** @return a copy that trusts every client certificate (true) or checks the trust list (false) */
        public Security withTrustAllClients(boolean trustAll) {
            return new Security(pkiDirectory, users, allowAnonymous, offerNone, trustAll);
        }

        /** Passwords are never printed. */
        @Override
        public String toString() {
            return "Security[" + pkiDirectory + ", users " + users.keySet() + (allowAnonymous ? ", anonymous" : "")
                    + (offerNone ? ", None offered" : "") + (trustAllClients ? ", trusts all clients" : "") + "]";
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
        private Security security;

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
         * Offers secured endpoints and user name identities.
         *
         * @param settings the PKI folder, users and client trust; {@code null} for the default
         *        (security None and anonymous identity only)
         * @return this builder
         */
        public Builder security(Security settings) {
            this.security = settings;
            return this;
        }

        /**
         * Binds the port and starts the server, waiting up to 30 s. With {@link #security}, the
         * server's certificate is created in the PKI folder first if it is not there yet.
         *
         * @return the running host
         * @throws OpcUaServerException if the port is in use, the PKI folder cannot be prepared,
         *         or the server fails to start; the message names the address and port or folder
         */
        public OpcUaServerHost start() {
            String host = hostname != null ? hostname
                    : "0.0.0.0".equals(bindAddress) ? "localhost" : bindAddress;
            String url = "opc.tcp://" + host + ":" + port + path;
            String appUri = "urn:fabrica:" + slug(applicationName);
            ServerEndpoints endpoints = new ServerEndpoints(applicationName, bindAddress, port, path, security);
            ServerPki pki = null;
            if (security != null) {
                try {
                    pki = ServerPki.open(security, slug(applicationName), applicationName, appUri, () -> endpoints.hostnames(host));
                } catch (Exception e) {
                    throw new OpcUaServerException("Could not prepare the PKI folder " + security.pkiDirectory()
                            + " of the OPC UA server on " + url + ": " + rootCause(e), e);
                }
            }
            OpcUaServer server;
            try {
                server = new OpcUaServer(endpoints.config(host, appUri, pki),
                        profile -> new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder().build()));
            } catch (RuntimeException e) {
                if (pki != null) {
                    pki.close();
                }
                throw e;
            }
            VariableNamespace namespace = new VariableNamespace(server, namespaceUri);
            namespace.startup();
            try {
                server.startup().get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                shutdownQuietly(server, pki);
                throw new OpcUaServerException("Interrupted while starting the OPC UA server on " + url, e);
            } catch (ExecutionException | TimeoutException e) {
                shutdownQuietly(server, pki);
                throw new OpcUaServerException("Could not start the OPC UA server on " + bindAddress + ":" + port
                        + " (is the port already in use?): " + rootCause(e), e);
            }
            return new OpcUaServerHost(server, namespace, url, pki);
        }

        private static String slug(String name) {
            String slug = name.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
            return slug.isEmpty() ? "server" : slug;
        }

        private static void shutdownQuietly(OpcUaServer server, ServerPki pki) {
            CompletableFuture<OpcUaServer> stop = server.shutdown();
            try {
                stop.get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException ignored) {
                // the start already failed; that error is the one the caller needs
            } finally {
                if (pki != null) {
                    pki.close();
                }
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
