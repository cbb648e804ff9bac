package io.fabrica.ui.devices.internal.explorer;

import java.util.concurrent.CompletableFuture;

import io.fabrica.devices.api.ConnectionSpec;
import io.fabrica.devices.api.DeviceDriver;
import io.fabrica.devices.api.DeviceSession;
import io.fabrica.devices.api.SessionState;
import io.fabrica.devices.core.ManagedConnection;

/**
 * The root of one endpoint in the explorer: its spec, the {@link ManagedConnection} that keeps it
 * up, its health and its live values. The state is written from the connection's thread and read on
 * the UI thread, hence volatile.
 */
final class ConnectionNode extends ExplorerNode {

    private final ConnectionSpec spec;
    private final DeviceDriver driver;
    private final ManagedConnection connection;
    private final CompletableFuture<ConnectionNode> connected = new CompletableFuture<>();
    private boolean everConnected;
    private final LiveValues live;
    private volatile SessionState state = new SessionState(SessionState.Status.RECONNECTING, "connecting");
    private volatile String lastError = "";
    private AutoCloseable owned;

    ConnectionNode(ConnectionSpec spec, DeviceDriver driver, ManagedConnection connection) {
        super(null);
        this.spec = spec;
        this.driver = driver;
        this.connection = connection;
        this.live = new LiveValues(connection, spec.endpoint());
    }

    ConnectionSpec spec() {
        return spec;
    }

    String endpoint() {
        return spec.endpoint();
    }

    DeviceDriver driver() {
        return driver;
    }

    /** @return completes with this node once connected; exceptionally when the first connect failed or it was disconnected */
    CompletableFuture<ConnectionNode> connected() {
        return connected;
    }

    /** @return true the first time it is called after the connection came up (UI thread): the view then expands it */
    boolean firstConnected() {
        if (everConnected) {
            return false;
        }
        everConnected = true;
        return true;
    }

    ManagedConnection managed() {
        return connection;
    }

    LiveValues live() {
        return live;
    }

    /** @return the session while connected, else {@code null} */
    DeviceSession session() {
        return connection.session();
    }

    SessionState state() {
        return state;
    }

    /** @return the latest failure reason seen, empty if none */
    String lastError() {
        return lastError;
    }

    void stateChanged(SessionState newState) {
        state = newState;
        if (!newState.reason().isEmpty() && newState.status() != SessionState.Status.CONNECTED && !"connecting".equals(newState.reason())) {
            lastError = newState.reason();
        }
    }

    /** @return what this node owned, now no longer closed with it (handed to a replacing connection) */
    AutoCloseable disown() {
        AutoCloseable resource = owned;
        owned = null;
        return resource;
    }

    /** @param resource something that lives as long as this connection (the demo simulator), closed with it */
    void own(AutoCloseable resource) {
        owned = resource;
    }

    /** Closes the live values, the connection and what it owns; blocks up to the spec's timeout, so never on the UI thread. */
    void close() {
        live.close();
        connection.close();
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                lastError = "could not stop " + owned + ": " + e.getMessage();
            }
        }
    }

    @Override
    ConnectionNode connection() {
        return this;
    }

    @Override
    boolean browsable() {
        return true;
    }
}
