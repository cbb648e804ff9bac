/**
 * The deployment SPI (package version 1.0.0): a {@link io.fabrica.deploy.api.DeploymentTarget} is an
 * OSGi service that installs signed pipeline packages ({@code .fpkg}) on a kind of controller, runs
 * operations on the deployments there and reports their
 * {@link io.fabrica.deploy.api.DeploymentStatus}. Fabrica ships the target for its own runtime over
 * OPC UA; a vendor adds one for its controller family. Connections are described with the device API's
 * {@link io.fabrica.devices.api.ConnectionSpec}.
 *
 * <h2>Providing an implementation</h2>
 * A vendor bundle imports this package with {@code Import-Package: io.fabrica.deploy.api;version="[1.0,2)"}
 * (and {@code io.fabrica.devices.api;version="[1.0,2)"}) and registers its target as an OSGi
 * Declarative Services component in a package it does not export:
 * <pre>{@code
 * package com.acme.fabrica.deploy.internal;
 *
 * @Component(service = DeploymentTarget.class)
 * public final class AcmeControllerTarget implements DeploymentTarget { ... }
 * }</pre>
 * Fabrica uses the first installed target that {@link io.fabrica.deploy.api.DeploymentTarget#accepts}
 * an endpoint.
 *
 * <h2>Compatibility</h2>
 * {@link io.fabrica.deploy.api.DeploymentTarget} is
 * {@link org.osgi.annotation.versioning.ConsumerType @ConsumerType}, implemented by vendors: Fabrica adds
 * no abstract method to it within major version 1. The other types are
 * {@link org.osgi.annotation.versioning.ProviderType @ProviderType}: Fabrica defines them, vendors
 * create and throw them but do not extend them, and they may gain methods in a minor version.
 *
 * <h2>Threading</h2>
 * Targets are thread-safe: Fabrica deploys to a fleet of controllers in parallel, one worker thread per
 * target, never on the UI thread. The operations block until the controller answered, each wait
 * bounded by the connection spec's timeout.
 *
 * <h2>Errors</h2>
 * A refused or failed operation throws a {@link io.fabrica.deploy.api.DeploymentException} whose
 * message names the target's endpoint and gives the reason as the controller stated it. Operations are
 * never retried silently, so that the caller can report per target. Unchecked exceptions mean a
 * programming error.
 *
 * @since 1.0
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.fabrica.deploy.api;
