/**
 * The device SPI (package version 1.0.0): what a vendor implements to connect Fabrica to a kind of
 * device. A {@link io.fabrica.devices.api.DeviceDriver} opens
 * {@link io.fabrica.devices.api.DeviceSession}s from a {@link io.fabrica.devices.api.ConnectionSpec}
 * made from a plant model's device connection; a session browses, reads, writes, calls operations and
 * subscribes, all asynchronously. A {@link io.fabrica.devices.api.DeviceDescriptionImporter} turns a
 * vendor's device description file into plant model elements. Addresses are the plant model's own
 * ({@link io.fabrica.model.plant.OpcUaNodeAddress}, {@link io.fabrica.model.plant.DeviceAddress}), so
 * what a browse returns can be bound to a signal as it is.
 *
 * <h2>Providing an implementation</h2>
 * A vendor bundle imports this package with {@code Import-Package: io.fabrica.devices.api;version="[1.0,2)"}
 * and registers its driver (or importer) as an OSGi Declarative Services component in a package it does
 * not export:
 * <pre>{@code
 * package com.acme.fabrica.devices.internal;
 *
 * @Component(service = DeviceDriver.class)
 * public final class AcmeDriver implements DeviceDriver { ... }
 * }</pre>
 * Fabrica tracks drivers dynamically and picks the one whose {@link io.fabrica.devices.api.DeviceDriver#id()}
 * equals a device connection's {@code driverId}. Sessions and subscriptions are not services: the driver
 * creates them.
 *
 * <h2>Compatibility</h2>
 * Types annotated {@link org.osgi.annotation.versioning.ConsumerType @ConsumerType} are implemented by
 * vendors: Fabrica adds no abstract method to them within major version 1. Types annotated
 * {@link org.osgi.annotation.versioning.ProviderType @ProviderType} (values, exceptions, callbacks) are
 * implemented or subclassed only by Fabrica; they may gain methods in a minor version, so vendors use
 * them but do not implement or extend them.
 *
 * <h2>Threading</h2>
 * Drivers, sessions and subscriptions are thread-safe. Every device operation returns a
 * {@link java.util.concurrent.CompletableFuture} at once, without blocking the caller (which may be the
 * workbench's UI thread), and completes it on the driver's own threads. Futures' dependent actions,
 * {@link io.fabrica.devices.api.SampleListener}s and state listeners therefore run on driver threads and
 * must return quickly without blocking. Only the documented blocking methods ({@code close()} and the
 * {@code ...Sync} helpers) wait, and never longer than a given timeout.
 *
 * <h2>Errors</h2>
 * A device failure is a {@link io.fabrica.devices.api.DeviceException}: asynchronous operations complete
 * their future exceptionally with it (possibly wrapped in a
 * {@link java.util.concurrent.CompletionException}; {@link io.fabrica.devices.api.DeviceException#of}
 * unwraps), blocking ones throw it. Its message is one sentence naming the endpoint or node and the
 * cause, and its {@link io.fabrica.devices.api.DeviceException.Reason} classifies it. Every wait for a
 * device is bounded by {@link io.fabrica.devices.api.ConnectionSpec#timeout()}; nothing hangs. Unchecked
 * exceptions mean a programming error (a {@code null} argument, a broken precondition), never a device
 * failure.
 *
 * @since 1.0
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.fabrica.devices.api;
