package com.example.fabrica.controller.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The project folder of an ONNX-capable controller, as named by an endpoint {@code onnx-plc:/path}:
 * one sub-folder per exported pipeline ({@code <pipeline>/model.onnx}, its interface files and
 * {@value #RECORD}), and {@code trusted-keys/} with the public keys ({@code *.pub}) whose packages the
 * controller accepts, as a Fabrica runtime's data folder has.
 *
 * <p>Installing is atomic: the files are written into a hidden staging folder beside the target, which
 * is then renamed; a previous export of the pipeline is renamed away first and put back if the rename
 * fails, so the controller's tool sees the old export or the new one, never a mix. Folders starting
 * with {@code .} are staging or leftovers and are not exports.
 *
 * <p>Threading: operations on one folder are serialised (a lock per folder path), so the fleet may call
 * the target from several threads.
 */
final class ControllerFolder {

    /** The endpoint scheme of this target. */
    static final String SCHEME = "onnx-plc:";

    /** The file that records an export: id, name, version, package hash, signer. */
    static final String RECORD = "fabrica-deployment.properties";

    /** The folder of the keys the controller trusts. */
    static final String TRUSTED_KEYS = "trusted-keys";

    private static final Map<Path, Object> LOCKS = new ConcurrentHashMap<>();

    private final String endpoint;
    private final Path root;

    private ControllerFolder(String endpoint, Path root) {
        this.endpoint = endpoint;
        this.root = root;
    }

    /**
     * @param endpoint {@code onnx-plc:/abs/path}, {@code onnx-plc:///abs/path} or {@code onnx-plc:C:/path}
     * @return the controller's folder
     * @throws IOException naming the endpoint if it is not of this scheme, the path is not absolute or
     *         the folder does not exist
     */
    static ControllerFolder open(String endpoint) throws IOException {
        if (!endpoint.startsWith(SCHEME)) {
            throw new IOException(endpoint + ": not an " + SCHEME + " endpoint");
        }
        String path = endpoint.substring(SCHEME.length());
        if (path.startsWith("///")) {
            path = path.substring(2); // an empty authority, as in file:///
        }
        Path root = Path.of(path);
        if (!root.isAbsolute()) {
            throw new IOException(endpoint + ": give the absolute path of the controller's project folder, e.g. " + SCHEME + "/srv/plc/line1");
        }
        if (!Files.isDirectory(root)) {
            throw new IOException(endpoint + ": no controller project folder at " + root);
        }
        return new ControllerFolder(endpoint, root.toRealPath());
    }

    /** @return the folder */
    Path root() {
        return root;
    }

    /** @return the lock that serialises changes to this folder */
    Object lock() {
        return LOCKS.computeIfAbsent(root, p -> new Object());
    }

    /**
     * @return the folder of trusted keys
     * @throws IOException if the controller has none: without one it accepts no package
     */
    Path trustedKeys() throws IOException {
        Path keys = root.resolve(TRUSTED_KEYS);
        if (!Files.isDirectory(keys)) {
            throw new IOException(endpoint + ": the controller project has no " + TRUSTED_KEYS + "/ folder; put the public key (.pub) of the "
                    + "package signer there to accept its packages");
        }
        return keys;
    }

    /**
     * Installs an export atomically, replacing a previous export of the same pipeline.
     *
     * @param name the export's folder name (an IEC identifier)
     * @param pipelineId the pipeline's id; a folder of that name holding another pipeline is not replaced
     * @param files file name → content; must include the {@value #RECORD}
     * @throws IOException naming the folder if it cannot be written; the previous export is then kept
     */
    void install(String name, String pipelineId, Map<String, byte[]> files) throws IOException {
        Path target = root.resolve(name);
        Path staging = root.resolve(".staging-" + name + "-" + UUID.randomUUID());
        Path replaced = root.resolve(".replaced-" + name + "-" + UUID.randomUUID());
        try {
            Files.createDirectory(staging);
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Files.write(staging.resolve(file.getKey()), file.getValue());
            }
            if (Files.exists(target)) {
                requireSamePipeline(target, pipelineId);
                move(target, replaced);
            }
            try {
                move(staging, target);
            } catch (IOException e) {
                if (Files.exists(replaced)) {
                    move(replaced, target);
                }
                throw e;
            }
        } finally {
            deleteQuietly(staging);
            deleteQuietly(replaced);
        }
    }

    private void requireSamePipeline(Path target, String pipelineId) throws IOException {
        Properties record = readRecord(target);
        if (record == null || !pipelineId.equals(record.getProperty("id"))) {
            throw new IOException(target + " already holds " + (record == null ? "files not exported by Fabrica"
                    : "pipeline " + record.getProperty("id")) + "; rename the pipeline or remove that folder");
        }
    }

    /** @return the records of the exports, sorted by folder name */
    List<Properties> exports() throws IOException {
        List<Properties> all = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path dir : dirs) {
                Properties record = dir.getFileName().toString().startsWith(".") ? null : readRecord(dir);
                if (record != null) {
                    record.setProperty("folder", dir.getFileName().toString());
                    all.add(record);
                }
            }
        }
        all.sort(Comparator.comparing(p -> p.getProperty("folder")));
        return all;
    }

    /**
     * Removes an export: renames it away atomically, then deletes it.
     *
     * @param pipelineId the pipeline's id
     * @throws IOException if no export has that id or it cannot be removed
     */
    void remove(String pipelineId) throws IOException {
        for (Properties record : exports()) {
            if (pipelineId.equals(record.getProperty("id"))) {
                Path removed = root.resolve(".removed-" + record.getProperty("folder") + "-" + UUID.randomUUID());
                move(root.resolve(record.getProperty("folder")), removed);
                deleteQuietly(removed);
                return;
            }
        }
        throw new IOException(endpoint + ": no exported pipeline with id " + pipelineId);
    }

    /**
     * @param record the properties of an export
     * @return the file content of a {@value #RECORD}
     */
    static byte[] recordBytes(Properties record) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (OutputStream out = bytes) {
            record.store(out, "Exported by Fabrica (Example Corp ONNX controller target); do not edit");
        }
        return bytes.toByteArray();
    }

    private static Properties readRecord(Path dir) throws IOException {
        Path file = dir.resolve(RECORD);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Properties record = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            record.load(in);
        }
        return record;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            // both are in the same folder, so this happens only on exotic file systems; a plain rename is the next best thing
            Files.move(from, to);
        }
    }

    /** Best effort: a leftover hidden folder is ignored by {@link #exports()} and harmless. */
    static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // left for the next export or the user; it is hidden and never taken for an export
        }
    }
}
