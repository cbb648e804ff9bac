package io.fabrica.deploy.opcua.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.fabrica.deploy.api.DeploymentException;
import io.fabrica.deploy.api.DeploymentStatus;
import io.fabrica.deploy.api.DeploymentTarget;
import io.fabrica.deploy.opcua.FileDeploymentTarget;
import io.fabrica.deploy.opcua.RuntimeNodes;
import io.fabrica.deploy.opcua.UploadProgress;
import io.fabrica.devices.api.ConnectionSpec;
import io.fabrica.devices.api.DeviceException;
import io.fabrica.devices.api.DeviceSession;
import io.fabrica.devices.api.SampledValue;
import io.fabrica.devices.core.DeviceDrivers;
import io.fabrica.model.plant.Address;
import io.fabrica.model.plant.NodeIdType;
import io.fabrica.model.plant.OpcUaNodeAddress;
import io.fabrica.model.plant.PlantFactory;

/**
 * The Fabrica runtime as a deployment target: connects with Fabrica's OPC UA driver and calls the
 * runtime's Deployments methods; packages travel in chunks through the runtime's upload object
 * ({@link RuntimeNodes#UPLOAD}, see {@link PackageUploader}). One session per operation: deployments are rare and the fleet runs
 * them in parallel, so nothing is pooled.
 */
@Component(service = DeploymentTarget.class)
public final class OpcUaDeploymentTarget implements FileDeploymentTarget {

    @Reference
    private DeviceDrivers drivers;

    /** For use outside OSGi (tests, the demo): the drivers to connect with. */
    public OpcUaDeploymentTarget(DeviceDrivers drivers) {
        this.drivers = drivers;
    }

    /** For Declarative Services. */
    public OpcUaDeploymentTarget() {
    }

    @Override
    public String name() {
        return "fabrica-runtime";
    }

    @Override
    public boolean accepts(String endpoint) {
        return endpoint.startsWith("opc.tcp://");
    }

    /** Uploads the package in chunks (the runtime's Deploy method, one message, is kept only for older clients). */
    @Override
    public String deploy(ConnectionSpec target, byte[] packageBytes, boolean force) throws DeploymentException {
        return new PackageUploader(this).upload(target, PackageUploader.bytes(packageBytes), force, UploadProgress.NONE);
    }

    @Override
    public String deploy(ConnectionSpec target, Path packageFile, boolean force, UploadProgress progress) throws DeploymentException {
        PackageUploader.Source source;
        try {
            source = PackageUploader.file(packageFile);
        } catch (java.io.IOException e) {
            throw new DeploymentException(packageFile + ": cannot read the package: " + e.getMessage(), e);
        }
        return new PackageUploader(this).upload(target, source, force, progress);
    }

    /**
     * For tests only: uploads bytes while telling the runtime to expect another SHA-256, as a chunk changed on the
     * way would look to the runtime.
     *
     * @param target where and how to connect
     * @param packageBytes the bytes to send
     * @param announcedSha256 the SHA-256 to announce
     * @return the deployment id (never, if the runtime checks)
     * @throws DeploymentException with the runtime's refusal
     */
    public String deployAnnouncing(ConnectionSpec target, byte[] packageBytes, String announcedSha256) throws DeploymentException {
        PackageUploader.Source real = PackageUploader.bytes(packageBytes);
        return new PackageUploader(this).upload(target, new PackageUploader.Source() {
            @Override
            public long size() {
                return real.size();
            }

            @Override
            public String sha256() {
                return announcedSha256;
            }

            @Override
            public int read(long offset, byte[] buffer) throws java.io.IOException {
                return real.read(offset, buffer);
            }
        }, false, UploadProgress.NONE);
    }

    @Override
    public void control(ConnectionSpec target, String operation, String id) throws DeploymentException {
        if (!RuntimeNodes.CONTROLS.contains(operation)) {
            throw new DeploymentException("unknown operation '" + operation + "'; one of " + RuntimeNodes.CONTROLS, null);
        }
        call(target, RuntimeNodes.DEPLOYMENTS + "/" + operation, List.of(id));
    }

    @Override
    public List<DeploymentStatus> status(ConnectionSpec target) throws DeploymentException {
        try (DeviceSession session = connect(target)) {
            List<Object> ids = session.call(node(RuntimeNodes.DEPLOYMENTS), node(RuntimeNodes.LIST), List.of()).get(
                    target.timeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            List<DeploymentStatus> all = new ArrayList<>();
            String joined = ids.isEmpty() || ids.get(0) == null ? "" : String.valueOf(ids.get(0));
            for (String id : joined.isEmpty() ? new String[0] : joined.split("\n")) {
                all.add(status(session, id, target));
            }
            return all;
        } catch (DeviceException e) {
            throw new DeploymentException(target.endpoint() + ": " + e.getMessage(), e);
        } catch (Exception e) {
            throw failure(target, "status", e);
        }
    }

    private static DeploymentStatus status(DeviceSession session, String id, ConnectionSpec target) throws DeviceException {
        List<Address> addresses = RuntimeNodes.VARIABLES.stream().map(v -> (Address) node(RuntimeNodes.variable(id, v))).toList();
        List<SampledValue> v = session.readSync(addresses, target.timeout());
        return new DeploymentStatus(id, text(v.get(0)), text(v.get(2)), text(v.get(1)), text(v.get(3)), number(v.get(4)).longValue(),
                number(v.get(5)).doubleValue(), number(v.get(6)).doubleValue(), text(v.get(7)));
    }

    private static String text(SampledValue v) {
        return v.value() == null ? "" : String.valueOf(v.value());
    }

    private static Number number(SampledValue v) {
        return v.value() instanceof Number n ? n : Double.NaN;
    }

    /** Calls a Deployments method; its last output is the runtime's verdict: {@code ok} or the reason it refused. */
    private List<Object> call(ConnectionSpec target, String method, List<Object> arguments) throws DeploymentException {
        List<Object> outputs;
        try (DeviceSession session = connect(target)) {
            outputs = session.call(node(RuntimeNodes.DEPLOYMENTS), node(method), arguments).get(target.timeout().toMillis(),
                    java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (DeviceException e) {
            throw new DeploymentException(target.endpoint() + ": " + e.getMessage(), e);
        } catch (Exception e) {
            throw failure(target, method.substring(method.lastIndexOf('/') + 1), e);
        }
        String result = outputs.isEmpty() ? "" : String.valueOf(outputs.get(outputs.size() - 1));
        if (!"ok".equals(result)) {
            throw new DeploymentException(target.endpoint() + ": " + result, null);
        }
        return outputs;
    }

    /**
     * @param target where and how to connect
     * @return a session to the runtime, for the approvals client; the caller closes it
     * @throws DeviceException naming the endpoint
     */
    public DeviceSession open(ConnectionSpec target) throws DeviceException {
        return connect(target);
    }

    DeviceSession connect(ConnectionSpec target) throws DeviceException {
        try {
            return drivers.forEndpoint(target.endpoint()).connect(target).get(target.timeout().toMillis(),
                    java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeviceException(DeviceException.Reason.TIMEOUT, "connecting to " + target.endpoint() + " was interrupted", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new DeviceException(DeviceException.Reason.TIMEOUT, target.endpoint() + " did not answer within "
                    + target.timeout().toMillis() + " ms", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw DeviceException.of(e.getCause(), "connecting to " + target.endpoint());
        }
    }

    private static DeploymentException failure(ConnectionSpec target, String operation, Exception e) {
        Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new DeploymentException(target.endpoint() + ": " + operation + " failed: " + reason, cause);
    }

    /**
     * @param id a string identifier in the runtime's namespace
     * @return its address
     */
    public static OpcUaNodeAddress node(String id) {
        OpcUaNodeAddress address = PlantFactory.eINSTANCE.createOpcUaNodeAddress();
        address.setNamespaceUri(RuntimeNodes.NAMESPACE);
        address.setIdentifierType(NodeIdType.STRING);
        address.setIdentifier(id);
        return address;
    }
}
