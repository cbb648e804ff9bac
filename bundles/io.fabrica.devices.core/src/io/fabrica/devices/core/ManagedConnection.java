package io.fabrica.devices.core;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.fabrica.devices.api.ConnectionSpec;
import io.fabrica.devices.api.DeviceDriver;
import io.fabrica.devices.api.DeviceException;
import io.fabrica.devices.api.DeviceSession;
import io.fabrica.devices.api.SampleListener;
import io.fabrica.devices.api.SessionState;
import io.fabrica.devices.api.SignalSubscription;
import io.fabrica.devices.api.SubscriptionSettings;
import io.fabrica.model.plant.Address;

/**
 * A connection that stays up by itself, for any driver: it connects in the background, retries
 * with exponential back-off (1 s doubling to 30 s) while the device is unreachable, opens a new
 * session when the current one fails, and re-creates every subscription made through it on each
 * new session. Failures that retrying cannot fix (security, untrusted certificate,
 * authentication) stop it in state {@link SessionState.Status#FAILED} with the reason.
 *
 * <p>The state is always visible ({@link #state()}, {@link #onStateChange}). Thread-safe; one
 * background thread per connection.
 */
public final class ManagedConnection implements AutoCloseable {

    private static final long FIRST_RETRY_MS = 1000;
    private static final long MAX_RETRY_MS = 30_000;

    private final DeviceDriver driver;
    private final ConnectionSpec spec;
    private final ScheduledExecutorService scheduler;
    private final List<Consumer<SessionState>> listeners = new CopyOnWriteArrayList<>();
    private final List<Wanted> subscriptions = new CopyOnWriteArrayList<>();
    private volatile SessionState state = new SessionState(SessionState.Status.RECONNECTING, "connecting");
    private volatile DeviceSession session;
    private volatile boolean closed;
    private long retryMs = FIRST_RETRY_MS;

    /** A subscription as asked for, and the one serving it on the current session. */
    private static final class Wanted {
        final List<Address> addresses;
        final SubscriptionSettings settings;
        final SampleListener listener;
        volatile SignalSubscription current;

        Wanted(List<Address> addresses, SubscriptionSettings settings, SampleListener listener) {
            this.addresses = addresses;
            this.settings = settings;
            this.listener = listener;
        }
    }

    /**
     * Starts connecting in the background at once.
     *
     * @param driver the driver for the endpoint
     * @param spec where and how to connect
     */
    public ManagedConnection(DeviceDriver driver, ConnectionSpec spec) {
        this.driver = driver;
        this.spec = spec;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "fabrica-connection " + spec.endpoint());
            thread.setDaemon(true);
            return thread;
        });
        scheduler.execute(this::connect);
    }

    /** @return the current state: connected, reconnecting (with the reason) or failed (with the reason) */
    public SessionState state() {
        return state;
    }

    /** @param listener called on every state change, on the connection's thread */
    public void onStateChange(Consumer<SessionState> listener) {
        listeners.add(listener);
    }

    /**
     * Subscribes now if connected, and again on every new session.
     *
     * @param addresses the nodes to monitor
     * @param settings sampling, publishing, deadband and queue
     * @param listener receives the samples (index into {@code addresses})
     * @return closes this subscription for good
     */
    public AutoCloseable subscribe(List<Address> addresses, SubscriptionSettings settings, SampleListener listener) {
        Wanted wanted = new Wanted(List.copyOf(addresses), settings, listener);
        subscriptions.add(wanted);
        scheduler.execute(() -> {
            if (session != null && state.status() == SessionState.Status.CONNECTED) {
                create(session, wanted);
            }
        });
        return () -> {
            subscriptions.remove(wanted);
            SignalSubscription current = wanted.current;
            if (current != null) {
                current.close();
            }
        };
    }

    /** @return the current session, or {@code null} while not connected */
    public DeviceSession session() {
        return state.status() == SessionState.Status.CONNECTED ? session : null;
    }

    private void connect() {
        if (closed) {
            return;
        }
        try {
            DeviceSession opened = driver.connect(spec).get(spec.timeout().toMillis() * 3, TimeUnit.MILLISECONDS);
            session = opened;
            retryMs = FIRST_RETRY_MS;
            opened.onStateChange(s -> scheduler.execute(() -> sessionChanged(opened, s)));
            for (Wanted wanted : subscriptions) {
                create(opened, wanted);
            }
            change(SessionState.CONNECTED);
        } catch (Exception e) {
            DeviceException failure = DeviceException.of(e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e,
                    "connect to " + spec.endpoint());
            if (permanent(failure)) {
                change(new SessionState(SessionState.Status.FAILED, failure.getMessage()));
                return;
            }
            change(new SessionState(SessionState.Status.RECONNECTING, failure.getMessage() + "; retrying in " + retryMs / 1000 + " s"));
            scheduler.schedule(this::connect, retryMs, TimeUnit.MILLISECONDS);
            retryMs = Math.min(MAX_RETRY_MS, retryMs * 2);
        }
    }

    /** Mirrors the session's own state; a failed session is replaced by a new one. */
    private void sessionChanged(DeviceSession which, SessionState newState) {
        if (closed || which != session) {
            return;
        }
        if (newState.status() == SessionState.Status.FAILED) {
            change(new SessionState(SessionState.Status.RECONNECTING, "the session failed (" + newState.reason() + "); opening a new one"));
            which.close();
            session = null;
            scheduler.schedule(this::connect, retryMs, TimeUnit.MILLISECONDS);
        } else {
            change(newState);
        }
    }

    private void create(DeviceSession on, Wanted wanted) {
        try {
            wanted.current = on.subscribe(wanted.addresses, wanted.settings, wanted.listener).get(spec.timeout().toMillis() * 2,
                    TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            change(new SessionState(SessionState.Status.FAILED, "a subscription could not be created: "
                    + DeviceException.of(e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e, "subscribe").getMessage()));
        }
    }

    private static boolean permanent(DeviceException e) {
        return switch (e.reason()) {
            case SECURITY, UNTRUSTED_CERTIFICATE, AUTHENTICATION -> true;
            default -> false;
        };
    }

    private void change(SessionState newState) {
        state = newState;
        listeners.forEach(l -> l.accept(newState));
    }

    /** Stops retrying, closes the session and every subscription; waits at most the spec's timeout. */
    @Override
    public void close() {
        closed = true;
        scheduler.execute(() -> {
            DeviceSession current = session;
            if (current != null) {
                current.close();
            }
            change(new SessionState(SessionState.Status.FAILED, "closed"));
        });
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(spec.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return the back-off that the next retry would wait (for tests and status displays) */
    Duration nextRetry() {
        return Duration.ofMillis(retryMs);
    }
}
