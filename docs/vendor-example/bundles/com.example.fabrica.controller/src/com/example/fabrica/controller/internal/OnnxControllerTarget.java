package com.example.fabrica.controller.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import javax.xml.stream.XMLStreamException;

import org.osgi.service.component.annotations.Component;

import com.example.fabrica.controller.internal.InterfaceReader.ExportedModel;

import io.fabrica.deploy.api.DeploymentException;
import io.fabrica.deploy.api.DeploymentStatus;
import io.fabrica.deploy.api.DeploymentTarget;
import io.fabrica.deploy.core.DeploymentPackage;
import io.fabrica.deploy.core.PackageException;
import io.fabrica.deploy.core.TrustStore;
import io.fabrica.devices.api.ConnectionSpec;

/**
 * Deploys to an ONNX-capable controller by exporting into its engineering project folder (endpoint
 * {@code onnx-plc:/path/to/project}): per pipeline a folder {@code <Pipeline>/} with {@code model.onnx},
 * {@code <Pipeline>_interface.xml} (PLCopen XML: input and output STRUCTs and a function block) and
 * {@code <Pipeline>_interface.st} (the same as IEC 61131-3 structured text), for the controller's tool
 * to import and its program to run.
 *
 * <p>A package is verified exactly as the Fabrica runtime verifies it ({@link DeploymentPackage#read}
 * with a {@link TrustStore}): it must be signed by a key in the project's {@code trusted-keys/} folder
 * and every entry must match the manifest; a refused package leaves the folder untouched. Exports are
 * atomic (see {@link ControllerFolder}).
 *
 * <p>Operations: {@code Remove} deletes an export. {@code Start}, {@code Stop} and {@code Rollback} are
 * refused: the controller's own program runs the model, so this target cannot start or stop it.
 * {@link #status} lists the exports; their state is {@code STOPPED} because the target cannot observe
 * the controller (no decisions, no latency). {@code force} changes nothing: a folder has no cycle budget;
 * the connection's security settings and timeout do not apply to a local folder.
 *
 * <p>Threading: thread-safe; changes to one folder are serialised.
 */
@Component(service = DeploymentTarget.class)
public final class OnnxControllerTarget implements DeploymentTarget {

    /** The operations of {@link DeploymentTarget#control}. */
    private static final Set<String> OPERATIONS = Set.of("Start", "Stop", "Rollback", "Remove");

    @Override
    public String name() {
        return "onnx-controller";
    }

    @Override
    public boolean accepts(String endpoint) {
        return endpoint != null && endpoint.startsWith(ControllerFolder.SCHEME);
    }

    @Override
    public String deploy(ConnectionSpec target, byte[] packageBytes, boolean force) throws DeploymentException {
        ControllerFolder folder = open(target);
        synchronized (folder.lock()) {
            DeploymentPackage pkg = verify(target, folder, packageBytes);
            Path extracted = null;
            try {
                extracted = Files.createTempDirectory("onnx-controller-");
                pkg.extractTo(extracted);
                ExportedModel exported = InterfaceReader.read(extracted, pkg);
                ModelInterface model = exported.modelInterface();
                folder.install(model.identifier(), model.pipelineId(), files(pkg, exported));
                return model.pipelineId();
            } catch (IOException | PackageException | XMLStreamException e) {
                throw new DeploymentException(target.endpoint() + ": cannot export the package: " + e.getMessage(), e);
            } finally {
                if (extracted != null) {
                    ControllerFolder.deleteQuietly(extracted);
                }
            }
        }
    }

    private static DeploymentPackage verify(ConnectionSpec target, ControllerFolder folder, byte[] packageBytes) throws DeploymentException {
        try {
            return DeploymentPackage.read(packageBytes, new TrustStore(folder.trustedKeys()));
        } catch (PackageException e) {
            throw new DeploymentException(target.endpoint() + ": refused: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new DeploymentException(e.getMessage(), e);
        }
    }

    private static Map<String, byte[]> files(DeploymentPackage pkg, ExportedModel exported) throws IOException, XMLStreamException {
        ModelInterface model = exported.modelInterface();
        Instant now = Instant.now();
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("model.onnx", Files.readAllBytes(exported.onnxFile()));
        files.put(model.identifier() + "_interface.xml", PlcOpenXmlWriter.write(model, now));
        files.put(model.identifier() + "_interface.st", StructuredTextWriter.write(model));
        Properties record = new Properties();
        record.setProperty("id", model.pipelineId());
        record.setProperty("name", model.pipelineName());
        record.setProperty("version", model.version());
        record.setProperty("package.sha256", pkg.sha256());
        record.setProperty("signer", pkg.signer().orElse(""));
        record.setProperty("exported", now.toString());
        files.put(ControllerFolder.RECORD, ControllerFolder.recordBytes(record));
        return files;
    }

    @Override
    public void control(ConnectionSpec target, String operation, String id) throws DeploymentException {
        if (!OPERATIONS.contains(operation)) {
            throw new DeploymentException(target.endpoint() + ": unknown operation '" + operation + "'; one of " + OPERATIONS.stream().sorted().toList(),
                    null);
        }
        if (!operation.equals("Remove")) {
            throw new DeploymentException(target.endpoint() + ": " + operation + " is not supported by this target: the controller's own program "
                    + "runs the exported model; start, stop or roll it back in the controller's engineering tool", null);
        }
        ControllerFolder folder = open(target);
        synchronized (folder.lock()) {
            try {
                folder.remove(id);
            } catch (IOException e) {
                throw new DeploymentException(e.getMessage(), e);
            }
        }
    }

    @Override
    public List<DeploymentStatus> status(ConnectionSpec target) throws DeploymentException {
        ControllerFolder folder = open(target);
        try {
            List<DeploymentStatus> all = new ArrayList<>();
            for (Properties record : folder.exports()) {
                all.add(new DeploymentStatus(record.getProperty("id", ""), record.getProperty("name", ""), record.getProperty("version", ""),
                        "STOPPED", "", 0, Double.NaN, Double.NaN, ""));
            }
            return all;
        } catch (IOException e) {
            throw new DeploymentException(target.endpoint() + ": cannot list the exported pipelines: " + e.getMessage(), e);
        }
    }

    private static ControllerFolder open(ConnectionSpec target) throws DeploymentException {
        try {
            return ControllerFolder.open(target.endpoint());
        } catch (IOException e) {
            throw new DeploymentException(e.getMessage(), e);
        }
    }
}
