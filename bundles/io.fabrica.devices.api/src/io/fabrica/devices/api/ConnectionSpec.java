package io.fabrica.devices.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

import io.fabrica.model.plant.DeviceConnection;
import io.fabrica.model.plant.IdentityType;
import io.fabrica.model.plant.SecurityMode;
import io.fabrica.model.plant.SecurityPolicy;

/**
 * Everything a driver needs to open a session: the endpoint, channel security, identity and
 * secret, where the client keeps its certificates, and how long to wait for the device.
 *
 * <p>Implemented by Fabrica; vendors use it: Fabrica creates specs, drivers read them. Immutable
 * except for the {@code secret} array, which the driver reads but neither keeps nor modifies; a
 * spec can be shared between threads.
 *
 * @param endpoint the device's address, e.g. {@code opc.tcp://plc:4840/path}
 * @param securityPolicy channel security policy
 * @param securityMode channel security mode
 * @param identityType how the user is identified
 * @param userName user name for {@link IdentityType#USERNAME}, else {@code null}
 * @param secret the password for {@link IdentityType#USERNAME}, else {@code null}; never stored in models
 * @param pkiDirectory the folder with the client's certificate and trust list (created on first
 *        use); {@code null} for {@link #defaultPkiDirectory()}
 * @param timeout the longest any single wait for the device may take
 * @param trustServer whether the server's certificate is to be added to the trust list of the PKI
 *        folder if it is not there yet (after the user confirmed it, see
 *        {@link DeviceException.Reason#UNTRUSTED_CERTIFICATE})
 * @since 1.0
 */
@ProviderType
public record ConnectionSpec(String endpoint, SecurityPolicy securityPolicy, SecurityMode securityMode,
        IdentityType identityType, String userName, char[] secret, Path pkiDirectory, Duration timeout, boolean trustServer) {

    /** The default bound on a single wait for a device. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Checks the spec.
     *
     * @throws NullPointerException if endpoint, policy, mode, identity type or timeout is null
     */
    public ConnectionSpec {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(securityPolicy, "securityPolicy");
        Objects.requireNonNull(securityMode, "securityMode");
        Objects.requireNonNull(identityType, "identityType");
        Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * A spec that does not trust unknown server certificates.
     *
     * @param endpoint the device's address
     * @param securityPolicy channel security policy
     * @param securityMode channel security mode
     * @param identityType how the user is identified
     * @param userName user name, or {@code null}
     * @param secret password, or {@code null}
     * @param pkiDirectory the client's PKI folder, or {@code null} for the default
     * @param timeout the longest single wait
     * @throws NullPointerException if endpoint, policy, mode, identity type or timeout is null
     */
    public ConnectionSpec(String endpoint, SecurityPolicy securityPolicy, SecurityMode securityMode, IdentityType identityType,
            String userName, char[] secret, Path pkiDirectory, Duration timeout) {
        this(endpoint, securityPolicy, securityMode, identityType, userName, secret, pkiDirectory, timeout, false);
    }

    /**
     * The default PKI folder.
     *
     * @return {@code ~/.fabrica/pki}, the client's PKI folder when a spec names none
     */
    public static Path defaultPkiDirectory() {
        return Path.of(System.getProperty("user.home"), ".fabrica", "pki");
    }

    /**
     * The PKI folder to use.
     *
     * @return the PKI folder of this spec, or {@link #defaultPkiDirectory()} when it names none
     */
    public Path pkiDirectoryOrDefault() {
        return pkiDirectory != null ? pkiDirectory : defaultPkiDirectory();
    }

    /**
     * A spec for an anonymous, unsecured connection.
     *
     * @param endpoint the endpoint URL
     * @return an anonymous spec without channel security, default timeout, no PKI folder
     * @throws NullPointerException if the endpoint is {@code null}
     */
    public static ConnectionSpec anonymous(String endpoint) {
        return new ConnectionSpec(endpoint, SecurityPolicy.NONE, SecurityMode.NONE, IdentityType.ANONYMOUS, null, null, null,
                DEFAULT_TIMEOUT, false);
    }

    /**
     * A spec from a plant model's device connection.
     *
     * @param connection a device connection of a plant model
     * @param pkiDirectory the client's PKI folder, or {@code null} for the default
     * @return a spec with the connection's endpoint, security and identity type; secrets are
     *         resolved by the caller from {@code credentialRef} and added with {@link #withCredentials}
     * @throws NullPointerException if the connection or its endpoint is {@code null}
     */
    public static ConnectionSpec of(DeviceConnection connection, Path pkiDirectory) {
        return new ConnectionSpec(connection.getEndpoint(), connection.getSecurityPolicy(), connection.getSecurityMode(),
                connection.getIdentityType(), null, null, pkiDirectory, DEFAULT_TIMEOUT, false);
    }

    /**
     * A copy with another timeout.
     *
     * @param newTimeout the longest single wait
     * @return a copy with this timeout
     * @throws NullPointerException if the timeout is {@code null}
     */
    public ConnectionSpec withTimeout(Duration newTimeout) {
        return new ConnectionSpec(endpoint, securityPolicy, securityMode, identityType, userName, secret, pkiDirectory, newTimeout, trustServer);
    }

    /**
     * A copy that identifies by user name and password.
     *
     * @param user the user name
     * @param password the password; the spec refers to the array, it does not copy it
     * @return a copy with user name identity and these credentials
     */
    public ConnectionSpec withCredentials(String user, char[] password) {
        return new ConnectionSpec(endpoint, securityPolicy, securityMode, IdentityType.USERNAME, user, password, pkiDirectory, timeout, trustServer);
    }

    /**
     * A copy with other channel security.
     *
     * @param policy channel security policy
     * @param mode channel security mode
     * @return a copy with this channel security
     * @throws NullPointerException if the policy or mode is {@code null}
     */
    public ConnectionSpec withSecurity(SecurityPolicy policy, SecurityMode mode) {
        return new ConnectionSpec(endpoint, policy, mode, identityType, userName, secret, pkiDirectory, timeout, trustServer);
    }

    /**
     * A copy with another PKI folder.
     *
     * @param folder the client's PKI folder, or {@code null} for the default
     * @return a copy that keeps its certificates in this folder
     */
    public ConnectionSpec withPki(Path folder) {
        return new ConnectionSpec(endpoint, securityPolicy, securityMode, identityType, userName, secret, folder, timeout, trustServer);
    }

    /**
     * A copy that does or does not trust an unknown server certificate.
     *
     * @param trust whether to add the server's certificate to the trust list when it is not there
     * @return a copy with this choice
     */
    public ConnectionSpec withTrustServer(boolean trust) {
        return new ConnectionSpec(endpoint, securityPolicy, securityMode, identityType, userName, secret, pkiDirectory, timeout, trust);
    }

    /**
     * A text for logs and messages; the secret is never printed.
     *
     * @return endpoint, security, identity type and user name
     */
    @Override
    public String toString() {
        return "ConnectionSpec[" + endpoint + ", " + securityPolicy.getLiteral() + "/" + securityMode.getLiteral() + ", "
                + identityType.getLiteral() + (userName != null ? " " + userName : "") + (trustServer ? ", trusting the server" : "") + "]";
    }
}
