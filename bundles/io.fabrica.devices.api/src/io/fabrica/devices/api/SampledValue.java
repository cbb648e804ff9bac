package io.fabrica.devices.api;

import java.time.Instant;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A value read from or reported by a device, with its quality and timestamps.
 *
 * <p>Implemented by Fabrica; vendors use it: drivers create samples, Fabrica reads them. Immutable
 * except for an array value, which nobody modifies once the sample is made, so it can be shared
 * between threads.
 *
 * @param value the value: Boolean, a Number, String, byte[] (images, ByteStrings), an array of
 *        numbers, or {@code null} when the quality is bad
 * @param quality how far the value can be trusted
 * @param status the device's status text (e.g. {@code Bad_NodeIdUnknown}), empty when good; never {@code null}
 * @param sourceTime when the device sampled it, or {@code null}
 * @param serverTime when the server stamped it, or {@code null}
 * @since 1.0
 */
@ProviderType
public record SampledValue(Object value, Quality quality, String status, Instant sourceTime, Instant serverTime) {

    /**
     * OPC UA-style quality classes, which other protocols map onto. Implemented by Fabrica; vendors
     * use it.
     *
     * @since 1.0
     */
    @ProviderType
    public enum Quality {
        /** trustworthy */
        GOOD,
        /** usable with care (e.g. sensor out of calibration) */
        UNCERTAIN,
        /** not usable; {@code value} is {@code null} or stale */
        BAD
    }

    /** @return whether the quality is {@link Quality#GOOD} */
    public boolean isGood() {
        return quality == Quality.GOOD;
    }
}
