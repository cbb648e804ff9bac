package io.fabrica.devices.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Receives the samples of a {@link SignalSubscription}.
 *
 * <p>Implemented by Fabrica; vendors use it: Fabrica passes it to {@link DeviceSession#subscribe} and
 * the driver calls it.
 *
 * <p>Threading: called on the driver's thread, so implementations return quickly, never block and
 * do not throw.
 *
 * @since 1.0
 */
@ProviderType
@FunctionalInterface
public interface SampleListener {

    /**
     * A new value of one monitored node: first its initial value, then every change.
     *
     * @param index the position of the address in the list given to {@link DeviceSession#subscribe}
     * @param sample the new value with its quality
     */
    void onSample(int index, SampledValue sample);
}
