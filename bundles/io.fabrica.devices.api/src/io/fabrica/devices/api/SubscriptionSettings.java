package io.fabrica.devices.api;

import java.time.Duration;

import org.osgi.annotation.versioning.ProviderType;

/**
 * How a device should report changes ({@link DeviceSession#subscribe}). A driver applies them as far
 * as its protocol allows (the device may revise the intervals).
 *
 * <p>Implemented by Fabrica; vendors use it: Fabrica creates settings, drivers read them. Immutable
 * and thread-safe.
 *
 * @param samplingInterval how often the device samples each node
 * @param publishingInterval how often it sends the collected changes
 * @param absoluteDeadband changes smaller than this are not reported (0 = every change)
 * @param queueSize how many samples per node the device keeps between publications (1 = latest only)
 * @since 1.0
 */
@ProviderType
public record SubscriptionSettings(Duration samplingInterval, Duration publishingInterval, double absoluteDeadband, int queueSize) {

    /**
     * Checks the settings.
     *
     * @throws IllegalArgumentException if an interval is negative, the deadband negative or the queue smaller than 1
     * @throws NullPointerException if an interval is {@code null}
     */
    public SubscriptionSettings {
        if (samplingInterval.isNegative() || publishingInterval.isNegative() || absoluteDeadband < 0 || queueSize < 1) {
            throw new IllegalArgumentException("invalid subscription settings: sampling " + samplingInterval + ", publishing "
                    + publishingInterval + ", deadband " + absoluteDeadband + ", queue " + queueSize);
        }
    }

    /**
     * @param interval sampling and publishing interval
     * @return settings that report every change, keeping up to 10 samples between publications
     * @throws IllegalArgumentException if the interval is negative
     */
    public static SubscriptionSettings every(Duration interval) {
        return new SubscriptionSettings(interval, interval, 0, 10);
    }
}
