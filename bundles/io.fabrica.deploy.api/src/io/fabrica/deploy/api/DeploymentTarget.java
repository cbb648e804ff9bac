package io.fabrica.deploy.api;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

import io.fabrica.devices.api.ConnectionSpec;

/**
 * A kind of controller Fabrica deploys to, registered as an OSGi service (Declarative Services
 * {@code @Component(service = DeploymentTarget.class)}). The built-in target is the Fabrica runtime
 * over OPC UA. Every operation connects with the given connection spec (endpoint, security, identity)
 * and is bounded by its timeout; none is retried silently, so the caller can report per target.
 *
 * <p>Implemented by vendors; Fabrica calls it.
 *
 * <p>Threading: implementations must be thread-safe: the fleet deploys to many targets in parallel,
 * calling one target instance from several worker threads at once. {@link #name()} and
 * {@link #accepts} never block; the other operations block while they talk to the controller, and
 * are never called on the UI thread.
 *
 * @since 1.0
 */
@ConsumerType
public interface DeploymentTarget {

    /** @return the target kind, e.g. {@code "fabrica-runtime"}; a constant */
    String name();

    /**
     * Whether this target can talk to an endpoint, judged by the endpoint alone (no connection).
     *
     * @param endpoint an endpoint URL
     * @return whether this target can talk to it (e.g. {@code opc.tcp://})
     */
    boolean accepts(String endpoint);

    /**
     * Installs a package; the target starts it if a previous version of the same pipeline was running.
     *
     * @param target where and how to connect
     * @param packageBytes a signed {@code .fpkg}; read only
     * @param force install even if the package's measured latency exceeds the target's cycle budget
     * @return the deployment id
     * @throws DeploymentException if the target is unreachable or refuses (unsigned or untrusted package,
     *         insecure channel, user without the engineer role, too slow for the target's cycle budget)
     */
    String deploy(ConnectionSpec target, byte[] packageBytes, boolean force) throws DeploymentException;

    /**
     * Runs an operation on a deployment.
     *
     * @param target where and how to connect
     * @param operation {@code Start}, {@code Stop}, {@code Rollback} or {@code Remove}
     * @param id the deployment id
     * @throws DeploymentException if the operation is none of these, or the target is unreachable or
     *         refuses (unknown id, user without the engineer role, nothing to roll back to)
     */
    void control(ConnectionSpec target, String operation, String id) throws DeploymentException;

    /**
     * Lists the deployments of a target.
     *
     * @param target where and how to connect
     * @return one status per deployment, empty if there is none
     * @throws DeploymentException if the target is unreachable or refuses
     */
    List<DeploymentStatus> status(ConnectionSpec target) throws DeploymentException;
}
