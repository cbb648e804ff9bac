package io.fabrica.deploy.api;

import java.util.List;

import io.fabrica.devices.api.ConnectionSpec;

/**
 * A kind of controller Fabrica deploys to, registered as an OSGi service (Declarative Services). The
 * built-in target is the Fabrica runtime over OPC UA. Every operation connects with the given
 * connection spec (endpoint, security, identity) and is bounded by its timeout; none is retried
 * silently, so the caller can report per target.
 *
 * <p>Implementations must be thread-safe: the fleet deploys to many targets in parallel.
 */
public interface DeploymentTarget {

    /** @return the target kind, e.g. {@code "fabrica-runtime"} */
    String name();

    /**
     * @param endpoint an endpoint URL
     * @return whether this target can talk to it (e.g. {@code opc.tcp://})
     */
    boolean accepts(String endpoint);

    /**
     * Installs a package; the target starts it if a previous version of the same pipeline was running.
     *
     * @param target where and how to connect
     * @param packageBytes a signed {@code .fpkg}
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
     * @throws DeploymentException if the target is unreachable or refuses
     */
    void control(ConnectionSpec target, String operation, String id) throws DeploymentException;

    /**
     * Lists the deployments of a target.
     *
     * @param target where and how to connect
     * @return one status per deployment
     * @throws DeploymentException if the target is unreachable
     */
    List<DeploymentStatus> status(ConnectionSpec target) throws DeploymentException;
}
