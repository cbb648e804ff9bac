package io.fabrica.opcua.server;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.CompositeValidator;
import org.eclipse.milo.opcua.sdk.server.identity.IdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.UsernameIdentityValidator;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.UserTokenType;
import org.eclipse.milo.opcua.stack.core.types.structured.BuildInfo;
import org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy;

/**
 * What an {@link OpcUaServerHost} offers: its endpoints (None only without security; otherwise the
 * secured policies and modes, with None or a discovery endpoint), the identity tokens and their
 * validators, and the names its certificate is issued for.
 */
final class ServerEndpoints {
    private final String applicationName;
    private final String bindAddress;
    private final int port;
    private final String path;
    private final OpcUaServerHost.Security security;

    ServerEndpoints(String applicationName, String bindAddress, int port, String path, OpcUaServerHost.Security security) {
        this.applicationName = applicationName;
        this.bindAddress = bindAddress;
        this.port = port;
        this.path = path;
        this.security = security;
    }

    /**
     * @param pki the server's key and trust list, {@code null} for security None and anonymous identity only
     * @return the configuration: the endpoints for every policy and mode with their identity tokens
     */
    OpcUaServerConfig config(String host, String appUri, ServerPki pki) {
        EndpointConfig.Builder base = EndpointConfig.newBuilder()
                .setBindAddress(bindAddress)
                .setBindPort(port)
                .setHostname(host)
                .setPath(path);
        var builder = OpcUaServerConfig.builder()
                .setApplicationName(LocalizedText.english(applicationName))
                .setApplicationUri(appUri)
                .setProductUri("urn:fabrica")
                .setBuildInfo(new BuildInfo("urn:fabrica", "Fabrica", applicationName, "0.1", "", DateTime.now()));
        if (pki == null) {
            builder.setIdentityValidator(AnonymousIdentityValidator.INSTANCE).setEndpoints(Set.of(base.copy()
                    .setSecurityPolicy(SecurityPolicy.None)
                    .setSecurityMode(MessageSecurityMode.None)
                    .addTokenPolicy(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS)
                    .build()));
        } else {
            base.setCertificate(pki.certificate());
            builder.setIdentityValidator(identityValidator(security)).setEndpoints(securedEndpoints(base))
                    .setCertificateManager(pki.certificateManager());
        }
        return builder.build();
    }

    /** Every secured policy and mode, and None (with encrypted passwords) or a discovery endpoint. */
    private Set<EndpointConfig> securedEndpoints(EndpointConfig.Builder base) {
        Set<EndpointConfig> endpoints = new LinkedHashSet<>();
        boolean users = !security.users().isEmpty();
        if (security.offerNone()) {
            // passwords are encrypted with the server certificate even without channel security
            endpoints.add(withTokens(base.copy(), SecurityPolicy.Basic256Sha256, users)
                    .setSecurityPolicy(SecurityPolicy.None)
                    .setSecurityMode(MessageSecurityMode.None)
                    .build());
        } else {
            // clients ask for the endpoints over an unsecured channel (OPC UA Part 6, 7.1)
            endpoints.add(base.copy().setPath(path + "/discovery")
                    .setSecurityPolicy(SecurityPolicy.None)
                    .setSecurityMode(MessageSecurityMode.None)
                    .build());
        }
        for (SecurityPolicy policy : List.of(SecurityPolicy.Basic256Sha256, SecurityPolicy.Aes128_Sha256_RsaOaep,
                SecurityPolicy.Aes256_Sha256_RsaPss)) {
            for (MessageSecurityMode mode : List.of(MessageSecurityMode.Sign, MessageSecurityMode.SignAndEncrypt)) {
                endpoints.add(withTokens(base.copy(), policy, users)
                        .setSecurityPolicy(policy)
                        .setSecurityMode(mode)
                        .build());
            }
        }
        return endpoints;
    }

    private EndpointConfig.Builder withTokens(EndpointConfig.Builder endpoint, SecurityPolicy passwordPolicy, boolean users) {
        if (security.allowAnonymous()) {
            endpoint.addTokenPolicy(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS);
        }
        if (users) {
            endpoint.addTokenPolicy(new UserTokenPolicy("username_" + passwordPolicy.name().toLowerCase(),
                    UserTokenType.UserName, null, null, passwordPolicy.getUri()));
        }
        return endpoint;
    }

    private static IdentityValidator identityValidator(OpcUaServerHost.Security security) {
        List<IdentityValidator> validators = new ArrayList<>();
        if (security.allowAnonymous()) {
            validators.add(AnonymousIdentityValidator.INSTANCE);
        }
        if (!security.users().isEmpty()) {
            Map<String, String> users = security.users();
            validators.add(new UsernameIdentityValidator(challenge -> {
                String expected = users.get(challenge.getUsername());
                byte[] given = challenge.getPassword() == null ? new byte[0]
                        : challenge.getPassword().getBytes(StandardCharsets.UTF_8);
                // MessageDigest.isEqual does not stop at the first difference; an unknown user is checked like a wrong password
                byte[] wanted = (expected == null ? "\u0000unknown" : expected).getBytes(StandardCharsets.UTF_8);
                return MessageDigest.isEqual(wanted, given) && expected != null;
            }));
        }
        return validators.size() == 1 ? validators.get(0) : new CompositeValidator(validators);
    }

    /** The names and addresses the server's certificate is issued for (looked up only when one is created). */
    Set<String> hostnames(String host) {
        Set<String> names = new LinkedHashSet<>();
        names.add(host);
        names.add("localhost");
        names.add("127.0.0.1");
        if (!"0.0.0.0".equals(bindAddress) && !"::".equals(bindAddress)) {
            names.add(bindAddress);
        } else {
            try {
                for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                        String literal = address.getHostAddress();
                        names.add(address instanceof Inet6Address && literal.contains("%")
                                ? literal.substring(0, literal.indexOf('%')) : literal);
                    }
                }
            } catch (SocketException e) {
                // the certificate then names the configured host and loopback only
            }
        }
        try {
            names.add(InetAddress.getLocalHost().getHostName());
        } catch (IOException e) {
            // no resolvable local host name; the other names remain
        }
        return names;
    }
}
