/**
 * The device SPI: what a vendor implements to connect Fabrica to a kind of device. A
 * {@link io.fabrica.devices.api.DeviceDriver} (an OSGi service) opens
 * {@link io.fabrica.devices.api.DeviceSession}s from a plant model's device connection; a session
 * browses, reads, writes and subscribes asynchronously. Addresses are the plant model's own
 * ({@link io.fabrica.model.plant.OpcUaNodeAddress}, {@link io.fabrica.model.plant.DeviceAddress}),
 * so what a browse returns can be bound to a signal as it is.
 *
 * @since 0.1
 */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.fabrica.devices.api;
