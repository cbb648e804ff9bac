package io.fabrica.devices.api;

import java.util.concurrent.CompletableFuture;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A driver for one kind of device protocol, registered as an OSGi service (Declarative Services
 * {@code @Component(service = DeviceDriver.class)}). Fabrica picks the driver whose {@link #id()}
 * equals a device connection's {@code driverId}.
 *
 * <p>Threading: {@link #connect} must not block the caller; it returns at once and completes the
 * future from the driver's own threads. Implementations are thread-safe.
 *
 * @since 0.1
 */
@ConsumerType
public interface DeviceDriver {

    /** @return the id plant models name in {@code DeviceConnection.driverId}, e.g. {@code "opcua"}; unique */
    String id();

    /** @return a name for people, e.g. "OPC UA (Eclipse Milo)" */
    String label();

    /**
     * Opens a session to a device.
     *
     * @param spec where and how to connect
     * @return completes with a connected session, or exceptionally with a {@link DeviceException}
     *         whose reason and message name the endpoint and the cause (unreachable, security,
     *         untrusted certificate, authentication, timeout); never waits longer than
     *         {@link ConnectionSpec#timeout()} for the device
     */
    CompletableFuture<DeviceSession> connect(ConnectionSpec spec);
}
