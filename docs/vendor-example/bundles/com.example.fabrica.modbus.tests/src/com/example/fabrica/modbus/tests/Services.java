package com.example.fabrica.modbus.tests;

import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import com.example.fabrica.modbus.ModbusAddress;
import com.example.fabrica.modbus.internal.ModbusTcpDriver;
import com.example.fabrica.modbus.internal.RegisterMapImporter;

import io.fabrica.devices.api.DeviceDescriptionImporter;
import io.fabrica.devices.api.DeviceDriver;
import io.fabrica.devices.core.DeviceDrivers;

/**
 * Where the tests get the driver and the importer: from the OSGi service registry when they run in
 * OSGi (Tycho surefire), so that the DS components are what is tested; from plain constructors
 * when they run on a flat class path (the logic tests run that way too, during development).
 */
final class Services {

    private static final long WAIT_MS = 10_000;

    private Services() {
    }

    /** @return the host bundle, or {@code null} outside OSGi */
    static Bundle hostBundle() {
        return FrameworkUtil.getBundle(ModbusAddress.class);
    }

    /** @return whether the tests run inside an OSGi framework */
    static boolean inOsgi() {
        return hostBundle() != null;
    }

    /**
     * The driver for an endpoint: in OSGi picked by Fabrica's {@link DeviceDrivers} registry, as
     * Fabrica itself does; otherwise a new driver.
     *
     * @param endpoint a {@code modbus-tcp://} endpoint
     * @return the driver
     */
    static DeviceDriver driverFor(String endpoint) throws InterruptedException {
        if (!inOsgi()) {
            return new ModbusTcpDriver();
        }
        DeviceDrivers drivers = service(DeviceDrivers.class);
        long deadline = System.currentTimeMillis() + WAIT_MS;
        // DS activates asynchronously: the registry may not have seen the driver yet.
        while (drivers.byId(ModbusTcpDriver.ID).isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        return drivers.forEndpoint(endpoint);
    }

    /** @return the register-map importer: the registered DS component in OSGi, else a new one */
    static DeviceDescriptionImporter importer() throws InterruptedException {
        if (!inOsgi()) {
            return new RegisterMapImporter();
        }
        BundleContext context = hostBundle().getBundleContext();
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (System.currentTimeMillis() < deadline) {
            try {
                for (var reference : context.getServiceReferences(DeviceDescriptionImporter.class, null)) {
                    DeviceDescriptionImporter importer = context.getService(reference);
                    if (importer != null && RegisterMapImporter.ID.equals(importer.id())) {
                        return importer;
                    }
                }
            } catch (org.osgi.framework.InvalidSyntaxException e) {
                throw new AssertionError(e);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + RegisterMapImporter.ID + " DeviceDescriptionImporter service registered");
    }

    /**
     * Waits for an OSGi service.
     *
     * @param type the service interface
     * @return the service
     * @throws AssertionError if it does not appear within ten seconds
     */
    static <T> T service(Class<T> type) throws InterruptedException {
        // The system bundle's context, not the host's: the lifecycle test stops the host, which would
        // unget the service and let SCR dispose of the very instance the test keeps watching.
        BundleContext context = hostBundle().getBundleContext().getBundle(Constants.SYSTEM_BUNDLE_ID).getBundleContext();
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
        tracker.open();
        T service = tracker.waitForService(WAIT_MS);
        if (service == null) {
            throw new AssertionError("no " + type.getName() + " service within " + TimeUnit.MILLISECONDS.toSeconds(WAIT_MS) + " s");
        }
        // The tracker stays open for the test run: closing it would unget the service.
        return service;
    }
}
