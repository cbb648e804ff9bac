package io.fabrica.deploy.opcua;

import java.nio.file.Path;

import io.fabrica.deploy.api.DeploymentException;
import io.fabrica.deploy.api.DeploymentTarget;
import io.fabrica.devices.api.ConnectionSpec;

/**
 * A deployment target that takes a package file of any size: it streams the file to the controller in chunks
 * (never reading it whole into memory), reports progress, resumes after a dropped connection and can be
 * cancelled. The Fabrica runtime target implements it; callers fall back to {@link #deploy(ConnectionSpec,
 * byte[], boolean)} for targets that do not.
 */
public interface FileDeploymentTarget extends DeploymentTarget {

    /**
     * Uploads and installs a package, as {@link #deploy(ConnectionSpec, byte[], boolean)} does.
     *
     * @param target where and how to connect
     * @param packageFile a signed {@code .fpkg}; read only
     * @param force install even if the package's measured latency exceeds the target's cycle budget
     * @param progress follows the upload and may cancel it
     * @return the deployment id
     * @throws DeploymentException if the target is unreachable (after the retries a dropped connection gets),
     *         refuses, or the upload was cancelled
     */
    String deploy(ConnectionSpec target, Path packageFile, boolean force, UploadProgress progress) throws DeploymentException;
}
