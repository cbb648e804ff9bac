package io.fabrica.deploy.core;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A deployment package read and verified in memory: every entry is listed in the manifest with a
 * matching SHA-256, nothing else is in the zip, no entry name leaves the package folder, and (with a
 * trust store) the manifest is signed by a trusted key. Once {@link #read} returns, the content can be
 * trusted as far as the trust store is; the instance is immutable.
 *
 * <p>Refused, each with a {@link PackageException} naming the package and the problem: not a zip,
 * a truncated zip, more than {@value #MAX_ENTRIES} entries or {@link #MAX_TOTAL_BYTES} bytes (packed or
 * unpacked), entry names with {@code ..}, absolute paths or backslashes (zip-slip), duplicate entries, no
 * {@code manifest.json}, an unknown format, entries the manifest does not list or listed entries that
 * are missing, a SHA-256 mismatch (naming the entry), no pipeline, and with a trust store: no
 * {@code manifest.sig} or a signature that verifies with no trusted key.
 */
public final class DeploymentPackage {

    /** The largest package accepted, packed and unpacked: 512 MB. */
    public static final long MAX_TOTAL_BYTES = 512L << 20;

    /** The most entries a package may have. */
    public static final int MAX_ENTRIES = 10_000;

    private static final int END_RECORD = 0x06054b50;
    private static final int END_RECORD_SIZE = 22;

    private final byte[] bytes;
    private final PackageManifest manifest;
    private final Map<String, byte[]> entries;
    private final String signer;
    private final String sha256;
    private final String pipelineEntry;

    private DeploymentPackage(byte[] bytes, PackageManifest manifest, Map<String, byte[]> entries, String signer, String pipelineEntry) {
        this.bytes = bytes;
        this.manifest = manifest;
        this.entries = Collections.unmodifiableMap(entries);
        this.signer = signer;
        this.sha256 = Keys.sha256Hex(bytes);
        this.pipelineEntry = pipelineEntry;
    }

    /**
     * Reads and verifies a package file.
     *
     * @param file the {@code .fpkg} file
     * @param trustOrNull the keys a signature must verify with; {@code null} to accept unsigned packages
     *        (a signature is then not checked)
     * @return the verified package
     * @throws PackageException naming the file and the problem (see the class comment)
     */
    public static DeploymentPackage read(Path file, TrustStore trustOrNull) throws PackageException {
        try {
            if (!Files.isRegularFile(file)) {
                throw new PackageException(file + ": no such package file");
            }
            if (Files.size(file) > MAX_TOTAL_BYTES) {
                throw new PackageException(file + ": larger than " + (MAX_TOTAL_BYTES >> 20) + " MB, more than a runtime accepts");
            }
            return read(Files.readAllBytes(file), trustOrNull, file.toString());
        } catch (IOException e) {
            throw new PackageException(file + ": cannot read the package: " + e.getMessage(), e);
        }
    }

    /**
     * Reads and verifies a package received as bytes (the bytes are copied).
     *
     * @param zip the package
     * @param trustOrNull as for {@link #read(Path, TrustStore)}
     * @return the verified package
     * @throws PackageException naming the problem (see the class comment)
     */
    public static DeploymentPackage read(byte[] zip, TrustStore trustOrNull) throws PackageException {
        return read(zip.clone(), trustOrNull, "package");
    }

    private static DeploymentPackage read(byte[] zip, TrustStore trust, String source) throws PackageException {
        if (zip.length > MAX_TOTAL_BYTES) {
            throw new PackageException(source + ": larger than " + (MAX_TOTAL_BYTES >> 20) + " MB, more than a runtime accepts");
        }
        int listed = centralDirectorySize(zip, source);
        Map<String, byte[]> entries = unzip(zip, source);
        if (entries.size() != listed) {
            throw new PackageException(source + ": the zip is corrupt: its directory lists " + listed + " entries but " + entries.size()
                    + " were found");
        }
        byte[] json = entries.get(PackageManifest.FILE);
        if (json == null) {
            throw new PackageException(source + ": has no " + PackageManifest.FILE + "; not a Fabrica deployment package");
        }
        PackageManifest manifest = PackageManifest.fromJson(json, source);
        String signer = trust == null ? null : verifySignature(entries, json, trust, manifest, source);
        checkEntries(entries, manifest, source);
        return new DeploymentPackage(zip, manifest, entries, signer, pipelineEntryOf(manifest, source));
    }

    /** @return the manifest */
    public PackageManifest manifest() {
        return manifest;
    }

    /** @return the name of the trusted key that verified the package; empty if read without trust store */
    public Optional<String> signer() {
        return Optional.ofNullable(signer);
    }

    /** @return the lower-case hex SHA-256 of the whole package */
    public String sha256() {
        return sha256;
    }

    /** @return a copy of the package bytes */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** @return the package bytes, not copied; callers in this package do not modify them */
    byte[] sharedBytes() {
        return bytes;
    }

    /** @return the entry name of the pipeline, e.g. {@code pipeline/pdm.pipeline} */
    public String pipelineEntry() {
        return pipelineEntry;
    }

    /**
     * Writes every entry (the manifest and signature included) below a folder, keeping the package
     * layout: the pipeline is then at {@code dir.resolve(pipelineEntry())}. Existing files of the same
     * names are replaced; extract into a new or empty folder.
     *
     * @param dir the target folder, created if missing
     * @throws PackageException naming the file that cannot be written
     */
    public void extractTo(Path dir) throws PackageException {
        Path root = dir.toAbsolutePath().normalize();
        Path realRoot = realFolder(root);
        for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
            Path target = root.resolve(entry.getKey()).normalize();
            if (!target.startsWith(root) || target.equals(root)) { // names were checked on reading; this guards the guard
                throw new PackageException(entry.getKey() + ": would be written outside " + root + "; refused");
            }
            try {
                Files.createDirectories(target.getParent());
                if (!target.getParent().toRealPath().startsWith(realRoot) || Files.isSymbolicLink(target)) {
                    throw new PackageException(target + ": a symbolic link leads outside " + root + "; extract into a new folder");
                }
                Files.write(target, entry.getValue());
            } catch (IOException e) {
                throw new PackageException(target + ": cannot extract '" + entry.getKey() + "': " + e.getMessage(), e);
            }
        }
    }

    private static Path realFolder(Path root) throws PackageException {
        try {
            Files.createDirectories(root);
            return root.toRealPath();
        } catch (IOException e) {
            throw new PackageException(root + ": cannot create the folder to extract into: " + e.getMessage(), e);
        }
    }

    /**
     * Finds the zip's end record, which a truncated zip has lost; the entries are streamed from the
     * front, so without this check a zip cut after its last entry would look complete.
     *
     * @return the number of entries the zip's central directory lists
     */
    private static int centralDirectorySize(byte[] zip, String source) throws PackageException {
        if (zip.length < 4 || zip[0] != 'P' || zip[1] != 'K') {
            throw new PackageException(source + ": not a deployment package (not a zip file)");
        }
        for (int at = zip.length - END_RECORD_SIZE; at >= Math.max(0, zip.length - END_RECORD_SIZE - 0xFFFF); at--) {
            if (int32(zip, at) == END_RECORD && at + END_RECORD_SIZE + uint16(zip, at + 20) == zip.length) {
                return uint16(zip, at + 10);
            }
        }
        throw new PackageException(source + ": the zip is truncated or corrupt: its end record (central directory) is missing");
    }

    private static int uint16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private static int int32(byte[] b, int at) {
        return uint16(b, at) | uint16(b, at + 2) << 16;
    }

    /** @return every entry by name, in zip order; names checked before anything is kept */
    private static Map<String, byte[]> unzip(byte[] zip, String source) throws PackageException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        long total = 0;
        String current = null;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            byte[] buffer = new byte[64 * 1024];
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                current = entry.getName();
                requireSafeName(current, source);
                if (entries.containsKey(current) || entries.size() >= MAX_ENTRIES) {
                    throw new PackageException(source + ": entry '" + current + "' " + (entries.containsKey(current) ? "appears twice"
                            : "exceeds the limit of " + MAX_ENTRIES + " entries") + "; refused");
                }
                ByteArrayOutputStream content = new ByteArrayOutputStream();
                for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                    total += n;
                    if (total > MAX_TOTAL_BYTES) {
                        throw new PackageException(source + ": unpacks to more than " + (MAX_TOTAL_BYTES >> 20) + " MB (at entry '" + current
                                + "'); refused");
                    }
                    content.write(buffer, 0, n);
                }
                entries.put(current, content.toByteArray());
            }
        } catch (IOException e) {
            throw new PackageException(source + ": the zip is corrupt or truncated" + (current == null ? "" : " at entry '" + current + "'")
                    + ": " + e.getMessage(), e);
        }
        return entries;
    }

    /** Rejects names that would be written outside the extraction folder (zip-slip) or are not plain relative paths. */
    static void requireSafeName(String name, String source) throws PackageException {
        List<String> segments = Arrays.asList(name.split("/", -1));
        boolean escapes = name.startsWith("/") || name.contains("\\") || name.matches("^[A-Za-z]:.*") || segments.contains("..");
        if (escapes) {
            throw new PackageException(source + ": entry '" + name + "' points outside the package folder (zip-slip: absolute path or '..'); refused");
        }
        boolean odd = name.isEmpty() || segments.contains("") || segments.contains(".") || name.chars().anyMatch(c -> c < 0x20 || c == ':');
        if (odd) {
            throw new PackageException(source + ": entry '" + name + "' is not a plain relative file name (empty segment, '.', ':' or a control character); refused");
        }
    }

    /** @return the name of the trusted key that verifies the manifest */
    private static String verifySignature(Map<String, byte[]> entries, byte[] json, TrustStore trust, PackageManifest manifest, String source)
            throws PackageException {
        byte[] signature = entries.get(PackageManifest.SIGNATURE_FILE);
        if (signature == null) {
            throw new PackageException(source + ": is not signed (no " + PackageManifest.SIGNATURE_FILE
                    + "); this runtime accepts only packages signed with a trusted key");
        }
        Optional<String> verifier = trust.verifier(json, signature);
        if (verifier.isEmpty()) {
            List<String> fingerprints = new ArrayList<>();
            for (PublicKey key : trust.keys()) {
                fingerprints.add(Keys.fingerprint(key));
            }
            throw new PackageException(source + ": the signature does not verify with any trusted key (fingerprints "
                    + (fingerprints.isEmpty() ? "none: " + trust.folder() + " is empty" : String.join(", ", fingerprints)) + "; the manifest names signer "
                    + (manifest.signer().isEmpty() ? "none" : manifest.signer()) + ")");
        }
        return verifier.get();
    }

    /** The zip must hold exactly the listed entries with their hashes, plus the manifest and its signature. */
    private static void checkEntries(Map<String, byte[]> entries, PackageManifest manifest, String source) throws PackageException {
        for (String name : entries.keySet()) {
            boolean own = name.equals(PackageManifest.FILE) || name.equals(PackageManifest.SIGNATURE_FILE);
            if (!own && !manifest.entries().containsKey(name)) {
                throw new PackageException(source + ": entry '" + name + "' is not listed in the manifest (added after packaging?); refused");
            }
        }
        for (Map.Entry<String, String> listed : manifest.entries().entrySet()) {
            String name = listed.getKey();
            if (!name.startsWith(PackageBuilder.PIPELINE_FOLDER) && !name.startsWith(PackageBuilder.PLANT_FOLDER)) {
                throw new PackageException(source + ": manifest entry '" + name + "' is outside " + PackageBuilder.PIPELINE_FOLDER + " and "
                        + PackageBuilder.PLANT_FOLDER + "; refused");
            }
            byte[] content = entries.get(name);
            if (content == null) {
                throw new PackageException(source + ": entry '" + name + "' is listed in the manifest but missing from the package");
            }
            String actual = Keys.sha256Hex(content);
            if (!actual.equalsIgnoreCase(listed.getValue())) {
                throw new PackageException(source + ": entry '" + name + "' does not match its SHA-256 in the manifest (corrupt or tampered): "
                        + actual + " instead of " + listed.getValue());
            }
        }
    }

    private static String pipelineEntryOf(PackageManifest manifest, String source) throws PackageException {
        List<String> pipelines = manifest.entries().keySet().stream().filter(name -> name.startsWith(PackageBuilder.PIPELINE_FOLDER)
                && name.indexOf('/', PackageBuilder.PIPELINE_FOLDER.length()) < 0 && name.endsWith(".pipeline")).toList();
        if (pipelines.size() != 1) {
            throw new PackageException(source + ": holds " + pipelines.size() + " pipelines in " + PackageBuilder.PIPELINE_FOLDER
                    + "; a package holds exactly one");
        }
        return pipelines.get(0);
    }
}
