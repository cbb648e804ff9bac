package io.fabrica.devices.api;

import java.util.concurrent.CompletableFuture;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A driver for one kind of device protocol, registered as an OSGi service (Declarative Services
 * {@code @Component(service = DeviceDriver.class)}). Fabrica picks the driver whose {@link #id()}
 * equals a device connection's {@code driverId}.
 *
 * <p>Implemented by vendors; Fabrica calls it.
 *
 * <p>Threading: implementations are thread-safe; Fabrica may call them from any thread, including the
 * workbench's UI thread, and may connect to several devices at once. No method blocks:
 * {@link #connect} returns at once and completes the future from the driver's own threads.
 *
 * @since 1.0
 */
@ConsumerType
public interface DeviceDriver {

    /**
     * The driver's id. Called from any thread; returns a constant.
     *
     * @return the id plant models name in {@code DeviceConnection.driverId}, e.g. {@code "opcua"};
     *         unique among installed drivers
     */
    String id();

    /**
     * The driver's name for people. Called from any thread; returns a constant.
     *
     * @return a name for people, e.g. "OPC UA (Eclipse Milo)"
     */
    String label();

    /**
     * Opens a session to a device. Returns at once; device failures are reported through the
     * future, never thrown.
     *
     * <p>Fabrica retries a failed connect with back-off, except when the reason is
     * {@link DeviceException.Reason#SECURITY}, {@link DeviceException.Reason#UNTRUSTED_CERTIFICATE} or
     * {@link DeviceException.Reason#AUTHENTICATION}, which need a person; classify failures
     * accordingly. An untrusted server certificate fails with
     * {@link DeviceException.Reason#UNTRUSTED_CERTIFICATE} and {@link DeviceException#certificate()};
     * once the user accepted it, Fabrica connects again with {@link ConnectionSpec#trustServer()} set.
     *
     * @param spec where and how to connect
     * @return completes with a connected session, which the caller closes; or exceptionally with a
     *         {@link DeviceException} whose reason and message name the endpoint and the cause
     *         (unreachable, security, untrusted certificate, authentication, timeout); never waits
     *         longer than {@link ConnectionSpec#timeout()} for the device
     */
    CompletableFuture<DeviceSession> connect(ConnectionSpec spec);
}
