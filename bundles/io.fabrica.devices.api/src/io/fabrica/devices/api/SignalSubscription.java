package io.fabrica.devices.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A running subscription. It lives until closed or until its session closes.
 *
 * @since 0.1
 */
@ConsumerType
public interface SignalSubscription extends AutoCloseable {

    /** @return how many nodes it monitors */
    int size();

    /** Stops it; idempotent; never throws. */
    @Override
    void close();
}
