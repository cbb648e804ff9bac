package io.fabrica.ui.deploy.internal;

import java.time.Duration;
import java.util.List;

import io.fabrica.deploy.api.DeploymentException;
import io.fabrica.deploy.api.DeploymentStatus;
import io.fabrica.deploy.api.DeploymentTarget;
import io.fabrica.deploy.opcua.FileDeploymentTarget;
import io.fabrica.deploy.opcua.UploadProgress;
import io.fabrica.devices.api.ConnectionSpec;
import io.fabrica.model.plant.SecurityMode;
import io.fabrica.model.plant.SecurityPolicy;
import io.fabrica.ui.FabricaPreferences;
import io.fabrica.ui.Services;

/**
 * Talks to a runtime through the installed {@link DeploymentTarget} that accepts its endpoint, the way
 * {@code fabrica deploy} and {@code fabrica status} do: an encrypted channel (the runtime refuses
 * deployment changes on anything but SignAndEncrypt), the engineer's user name and password, the
 * workbench's PKI folder.
 *
 * <p>Threading: blocking; call from jobs only. Stateless apart from resetting a runtime's one-time
 * "trust the server certificate" flag once a connection succeeded with it.
 */
public final class RuntimeClient {

    /** Polls must be short so an unreachable runtime does not hold up the view's picture for long. */
    static final Duration STATUS_TIMEOUT = Duration.ofSeconds(5);
    /** A deploy uploads the package and waits for the runtime to install (and maybe restart) it. */
    static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(30);

    /** @return the deployments of the runtime */
    public List<DeploymentStatus> status(RuntimeEntry runtime) throws DeploymentException {
        List<DeploymentStatus> result = target(runtime).status(spec(runtime, STATUS_TIMEOUT));
        connected(runtime);
        return result;
    }

    /**
     * Deploys a package file: streamed in chunks with progress to targets that take files (the Fabrica runtime),
     * read whole for the others.
     *
     * @return the deployment id
     */
    public String deploy(RuntimeEntry runtime, java.nio.file.Path pkg, boolean force, UploadProgress progress) throws DeploymentException {
        DeploymentTarget target = target(runtime);
        String id;
        if (target instanceof FileDeploymentTarget chunked) {
            id = chunked.deploy(spec(runtime, OPERATION_TIMEOUT), pkg, force, progress);
        } else {
            try {
                id = target.deploy(spec(runtime, OPERATION_TIMEOUT), java.nio.file.Files.readAllBytes(pkg), force);
            } catch (java.io.IOException e) {
                throw new DeploymentException("cannot read " + pkg + ": " + e.getMessage(), e);
            }
        }
        connected(runtime);
        return id;
    }

    /** Runs Start, Stop, Rollback or Remove on a deployment. */
    public void control(RuntimeEntry runtime, String operation, String id) throws DeploymentException {
        target(runtime).control(spec(runtime, OPERATION_TIMEOUT), operation, id);
        connected(runtime);
    }

    /** Once a connection trusted the server, its certificate is in the trust list: later ones need not trust blindly. */
    private static void connected(RuntimeEntry runtime) {
        runtime.setTrustServer(false);
    }

    private static DeploymentTarget target(RuntimeEntry runtime) throws DeploymentException {
        List<DeploymentTarget> targets = Services.all(DeploymentTarget.class);
        return targets.stream().filter(t -> t.accepts(runtime.endpoint())).findFirst()
                .orElseThrow(() -> new DeploymentException("no installed deployment target handles " + runtime.endpoint() + " (installed: "
                        + targets.stream().map(DeploymentTarget::name).toList() + ")", null));
    }

    /**
     * The connection for a runtime: the preferred policy (never None, the runtime needs encryption),
     * SignAndEncrypt, the workbench PKI folder, and the user's credentials when a user is set.
     */
    static ConnectionSpec spec(RuntimeEntry runtime, Duration timeout) {
        SecurityPolicy policy = FabricaPreferences.securityPolicy();
        if (policy == SecurityPolicy.NONE) {
            policy = SecurityPolicy.BASIC256_SHA256;
        }
        ConnectionSpec spec = ConnectionSpec.anonymous(runtime.endpoint()).withSecurity(policy, SecurityMode.SIGN_AND_ENCRYPT)
                .withPki(FabricaPreferences.pkiDirectory()).withTimeout(timeout).withTrustServer(runtime.trustServer());
        char[] password = runtime.password();
        if (!runtime.user().isEmpty()) {
            spec = spec.withCredentials(runtime.user(), password == null ? new char[0] : password);
        }
        return spec;
    }
}
