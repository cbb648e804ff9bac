package io.fabrica.devices.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A running subscription, made by {@link DeviceSession#subscribe}. It lives until closed or until its
 * session closes, and survives reconnects of its session.
 *
 * <p>Implemented by vendors (their session creates it); Fabrica calls it.
 *
 * <p>Threading: thread-safe; any thread may call it. {@link #close()} may wait for the device, at
 * most the session's timeout.
 *
 * @since 1.0
 */
@ConsumerType
public interface SignalSubscription extends AutoCloseable {

    /** @return how many nodes it monitors, the size of the address list it was made from */
    int size();

    /**
     * Stops it; idempotent; never throws, also when the device is gone. A sample already being
     * delivered may still reach the listener.
     */
    @Override
    void close();
}
