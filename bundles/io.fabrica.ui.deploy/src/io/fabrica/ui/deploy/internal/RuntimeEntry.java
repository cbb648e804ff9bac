package io.fabrica.ui.deploy.internal;

import java.util.List;
import java.util.Optional;

import io.fabrica.deploy.api.DeploymentStatus;

/**
 * One runtime in the Deployment view: its endpoint and user, the password for this session, and what
 * the last poll saw (reachability and deployments).
 *
 * <p>Threading: status fields are written by poll and operation jobs and read by the UI thread; each is a
 * volatile reference to an immutable value, so readers always see a consistent snapshot. The password
 * array is never handed out: callers get a copy.
 */
public final class RuntimeEntry {

    private final String endpoint;
    private volatile String user;
    private volatile char[] password;
    private volatile boolean remember;
    private volatile boolean trustServer;
    private volatile Reachability reachability = Reachability.CHECKING;
    private volatile List<DeploymentStatus> deployments = List.of();
    private volatile java.time.Instant polledAt;

    /**
     * @param endpoint the runtime's OPC UA endpoint URL
     * @param user the engineer's user name (empty for anonymous)
     * @param password the password, or {@code null} when not known in this session
     * @param remember whether the password is also kept in secure storage
     */
    public RuntimeEntry(String endpoint, String user, char[] password, boolean remember) {
        this.endpoint = endpoint;
        this.user = user == null ? "" : user;
        this.password = password == null ? null : password.clone();
        this.remember = remember;
    }

    /** @return the endpoint URL, which identifies the runtime in the view */
    public String endpoint() {
        return endpoint;
    }

    /** @return the user name, empty for anonymous */
    public String user() {
        return user;
    }

    /** @return a copy of the password, or {@code null} when none is known in this session */
    public char[] password() {
        char[] p = password;
        return p == null ? null : p.clone();
    }

    /** @return whether the password is kept in secure storage */
    public boolean remember() {
        return remember;
    }

    /** Replaces the credentials (Edit Credentials…). */
    public void setCredentials(String newUser, char[] newPassword, boolean newRemember) {
        this.user = newUser == null ? "" : newUser;
        this.password = newPassword == null ? null : newPassword.clone();
        this.remember = newRemember;
    }

    /** @return whether the next connection adds the server's certificate to the trust list */
    public boolean trustServer() {
        return trustServer;
    }

    /** @param trust whether the next connection trusts the server's certificate (set after the user confirmed it) */
    public void setTrustServer(boolean trust) {
        this.trustServer = trust;
    }

    /** @return what the last poll saw */
    public Reachability reachability() {
        return reachability;
    }

    /** @return the deployments of the last successful poll */
    public List<DeploymentStatus> deployments() {
        return deployments;
    }

    /** @return the status of one deployment as last polled */
    public Optional<DeploymentStatus> status(String id) {
        return deployments.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /** Records a successful poll. */
    void online(List<DeploymentStatus> now) {
        this.deployments = List.copyOf(now);
        this.reachability = Reachability.ONLINE;
        this.polledAt = java.time.Instant.now();
    }

    /** @return when the runtime last answered a poll, or {@code null} before the first answer */
    public java.time.Instant polledAt() {
        return polledAt;
    }

    /** Records a failed poll; the last known deployments stay visible but the runtime is marked unreachable. */
    void unreachable(Reachability why) {
        this.reachability = why;
    }

    @Override
    public String toString() {
        return endpoint + (user.isEmpty() ? "" : " (" + user + ")");
    }
}
