package io.fabrica.devices.core;

import java.util.List;
import java.util.Optional;

import io.fabrica.devices.api.DeviceDriver;

/**
 * The device drivers installed right now. Drivers are OSGi services that come and go with their
 * bundles (a vendor plugin installed or removed at run time); this registry always answers with
 * the current set. An OSGi service; thread-safe.
 */
public interface DeviceDrivers {

    /** @return the installed drivers, sorted by id */
    List<DeviceDriver> all();

    /**
     * @param id a driver id, e.g. {@code "opcua"}
     * @return the driver with that id, if installed
     */
    Optional<DeviceDriver> byId(String id);

    /**
     * Picks the driver for an endpoint URL by its scheme ({@code opc.tcp://} → {@code opcua}).
     *
     * @param endpoint the endpoint URL
     * @return the driver
     * @throws IllegalArgumentException naming the endpoint and the installed drivers when none fits
     */
    DeviceDriver forEndpoint(String endpoint);
}
