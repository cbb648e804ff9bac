package io.fabrica.devices.api;

import java.time.Duration;

/**
 * How a device should report changes.
 *
 * @param samplingInterval how often the device samples each node
 * @param publishingInterval how often it sends the collected changes
 * @param absoluteDeadband changes smaller than this are not reported (0 = every change)
 * @param queueSize how many samples per node the device keeps between publications (1 = latest only)
 * @since 0.1
 */
public record SubscriptionSettings(Duration samplingInterval, Duration publishingInterval, double absoluteDeadband, int queueSize) {

    /** @throws IllegalArgumentException if an interval is negative, the deadband negative or the queue smaller than 1 */
    public SubscriptionSettings {
        if (samplingInterval.isNegative() || publishingInterval.isNegative() || absoluteDeadband < 0 || queueSize < 1) {
            throw new IllegalArgumentException("invalid subscription settings: sampling " + samplingInterval + ", publishing "
                    + publishingInterval + ", deadband " + absoluteDeadband + ", queue " + queueSize);
        }
    }

    /**
     * @param interval sampling and publishing interval
     * @return settings that report every change, keeping up to 10 samples between publications
     */
    public static SubscriptionSettings every(Duration interval) {
        return new SubscriptionSettings(interval, interval, 0, 10);
    }
}
