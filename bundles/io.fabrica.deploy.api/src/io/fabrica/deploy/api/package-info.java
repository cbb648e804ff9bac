/**
 * The deployment SPI (package version 1.0.0): a {@link io.fabrica.deploy.api.DeploymentTarget} is an
 * OSGi service that installs signed pipeline packages on a kind of controller. Fabrica ships the target
 * for its own runtime over OPC UA; a vendor adds one for its controller family.
 */
package io.fabrica.deploy.api;
