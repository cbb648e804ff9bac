package io.fabrica.deploy.runtime.internal;

import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.fabrica.deploy.core.DeploymentPackage;
import io.fabrica.deploy.opcua.RuntimeNodes;
import io.fabrica.opcua.server.MethodCall.Caller;
import io.fabrica.opcua.server.TemporaryFileTransfer;
import io.fabrica.opcua.server.TemporaryFileTransfer.Expected;

/**
 * The runtime's policy for package uploads through {@code Fabrica/Deployments/Upload} (an OPC UA
 * TemporaryFileTransferType): who may upload (an engineer on a SignAndEncrypt channel, as for Deploy), what
 * GenerateFileForWrite's options announce ({@link RuntimeNodes#uploadOptions}: size, SHA-256, force), and what
 * happens at CloseAndCommit: the received bytes must have the announced SHA-256, then the package file is
 * verified (signature, entries) and deployed exactly as Deploy does, streamed from disk. Nothing is installed
 * before both checks pass; a refused or broken upload leaves the running deployments as they were.
 */
public final class PackageUploads implements TemporaryFileTransfer.Receiver {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Deployments deployments;

    /** The announced upload, kept for the commit. */
    record Announced(long size, String sha256, boolean force) {
    }

    /**
     * @param deployments where a complete upload is deployed
     */
    public PackageUploads(Deployments deployments) {
        this.deployments = deployments;
    }

    @Override
    public Expected expect(Caller caller, Object options) {
        try {
            deployments.requireEngineer(caller, "Upload");
            Announced announced = parse(options);
            return new Expected(announced.sha256(), announced.size(), announced);
        } catch (RuntimeException e) {
            deployments.refused(caller, "Upload", "package upload", e.getMessage());
            throw e;
        }
    }

    @Override
    public String accept(Caller caller, Expected expected, Path file, String sha256) {
        Announced announced = (Announced) expected.details();
        String subject = "uploaded package of " + announced.size() + " bytes";
        return deployments.deploy(caller, subject, () -> {
            if (!sha256.equals(announced.sha256())) {
                throw new io.fabrica.deploy.core.PackageException("the uploaded package's SHA-256 is " + sha256 + " but GenerateFileForWrite announced "
                        + announced.sha256() + " (hash mismatch: a chunk was changed or lost on the way); nothing was installed");
            }
            return DeploymentPackage.read(file, deployments.trust());
        }, announced.force());
    }

    /** GenerateFileForWrite's options: a JSON object {@code {"size": <bytes>, "sha256": "<hex>", "force": false}}. */
    static Announced parse(Object options) {
        if (!(options instanceof String text)) {
            throw new IllegalArgumentException("GenerateFileForWrite needs the options as a JSON string " + RuntimeNodes.uploadOptions(1, "<sha256>", false)
                    + "; got " + (options == null ? "none" : options.getClass().getSimpleName()));
        }
        try {
            JsonObject json = JsonParser.parseString(text).getAsJsonObject();
            long size = json.get("size").getAsLong();
            String sha256 = json.get("sha256").getAsString().toLowerCase(Locale.ROOT);
            boolean force = json.has("force") && json.get("force").getAsBoolean();
            if (!SHA256.matcher(sha256).matches()) {
                throw new IllegalArgumentException("sha256 '" + sha256 + "' is not 64 hex digits");
            }
            return new Announced(size, sha256, force);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("GenerateFileForWrite options " + text + " are not " + RuntimeNodes.uploadOptions(1, "<sha256>", false)
                    + ": " + e.getMessage(), e);
        }
    }
}
