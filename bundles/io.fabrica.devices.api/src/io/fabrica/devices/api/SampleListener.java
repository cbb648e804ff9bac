package io.fabrica.devices.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives the samples of a {@link SignalSubscription}. Called on the driver's thread: return
 * quickly and never block.
 *
 * @since 0.1
 */
@ConsumerType
@FunctionalInterface
public interface SampleListener {

    /**
     * @param index the position of the address in the list given to {@link DeviceSession#subscribe}
     * @param sample the new value
     */
    void onSample(int index, SampledValue sample);
}
