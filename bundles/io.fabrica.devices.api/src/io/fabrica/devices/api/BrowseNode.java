package io.fabrica.devices.api;

import org.osgi.annotation.versioning.ProviderType;

import io.fabrica.model.plant.Address;

/**
 * One node found by browsing a device ({@link DeviceSession#browse}).
 *
 * <p>Implemented by Fabrica; vendors use it: drivers create browse nodes, Fabrica reads them.
 * Immutable and thread-safe.
 *
 * @param address where the node is; bindable to a signal as it is
 * @param browseName the node's name on the device
 * @param displayName the name to show
 * @param kind what the node is
 * @param dataType the device's type name for variables (e.g. {@code Double}, {@code Float[]}), else {@code null}
 * @param writable whether the current user may write the node
 * @since 1.0
 */
@ProviderType
public record BrowseNode(Address address, String browseName, String displayName, Kind kind, String dataType, boolean writable) {

    /**
     * Node kinds common to device protocols. Implemented by Fabrica; vendors use it.
     *
     * @since 1.0
     */
    @ProviderType
    public enum Kind {
        /** an object or folder: has children */
        OBJECT,
        /** a value that can be read and monitored */
        VARIABLE,
        /** an operation the device offers */
        METHOD,
        /** anything else */
        OTHER
    }
}
