package io.fabrica.deploy.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A deployment package, verified: every entry is listed in the manifest with a matching SHA-256, nothing
 * else is in the zip, no entry name leaves the package folder, and (with a trust store) the manifest is
 * signed by a trusted key. Once {@link #read} returns, the content can be trusted as far as the trust store
 * is; the instance is immutable.
 *
 * <p>A package read from a file is streamed, never held in memory: verifying and extracting a package of
 * hundreds of MB takes a few 64 KB buffers (plus the manifest and its signature), so a runtime with a small
 * heap installs it. {@link #extractTo} checks every entry's SHA-256 again while it writes, so a file changed
 * between verifying and extracting cannot slip through.
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

    /** The largest manifest or signature read into memory. */
    private static final int MAX_MANIFEST_BYTES = 8 << 20;

    private static final int END_RECORD = 0x06054b50;
    private static final int END_RECORD_SIZE = 22;

    private final PackageSource source;
    private final long size;
    private final PackageManifest manifest;
    private final Map<String, String> hashes;
    private final String signer;
    private final String sha256;
    private final String pipelineEntry;

    private DeploymentPackage(PackageSource source, long size, PackageManifest manifest, Map<String, String> hashes, String signer, String sha256,
            String pipelineEntry) {
        this.source = source;
        this.size = size;
        this.manifest = manifest;
        this.hashes = Collections.unmodifiableMap(hashes);
        this.signer = signer;
        this.sha256 = sha256;
        this.pipelineEntry = pipelineEntry;
    }

    /**
     * Reads and verifies a package file, streaming it. The package keeps reading the file (for
     * {@link #extractTo}); do not change it while the package is in use.
     *
     * @param file the {@code .fpkg} file
     * @param trustOrNull the keys a signature must verify with; {@code null} to accept unsigned packages
     *        (a signature is then not checked)
     * @return the verified package
     * @throws PackageException naming the file and the problem (see the class comment)
     */
    public static DeploymentPackage read(Path file, TrustStore trustOrNull) throws PackageException {
        if (!Files.isRegularFile(file)) {
            throw new PackageException(file + ": no such package file");
        }
        return read(PackageSource.of(file), trustOrNull);
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
        return read(PackageSource.of(zip.clone()), trustOrNull);
    }

    private static DeploymentPackage read(PackageSource source, TrustStore trust) throws PackageException {
        String name = source.name();
        try {
            long size = source.size();
            if (size > MAX_TOTAL_BYTES) {
                throw new PackageException(name + ": larger than " + (MAX_TOTAL_BYTES >> 20) + " MB, more than a runtime accepts");
            }
            int listed = centralDirectorySize(source, size);
            Scan scan = scan(source);
            if (scan.hashes.size() != listed) {
                throw new PackageException(name + ": the zip is corrupt: its directory lists " + listed + " entries but " + scan.hashes.size()
                        + " were found");
            }
            if (scan.json == null) {
                throw new PackageException(name + ": has no " + PackageManifest.FILE + "; not a Fabrica deployment package");
            }
            PackageManifest manifest = PackageManifest.fromJson(scan.json, name);
            String signer = trust == null ? null : verifySignature(scan.signature, scan.json, trust, manifest, name);
            checkEntries(scan.hashes, manifest, name);
            return new DeploymentPackage(source, size, manifest, scan.hashes, signer, scan.sha256, pipelineEntryOf(manifest, name));
        } catch (IOException e) {
            throw new PackageException(name + ": cannot read the package: " + e.getMessage(), e);
        }
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

    /** @return the size of the package in bytes */
    public long size() {
        return size;
    }

    /**
     * @return a copy of the package bytes, read into memory (a package read from a file is read again):
     *         for small packages; use {@link #copyTo} for large ones
     * @throws PackageException if the package file cannot be read
     */
    public byte[] bytes() throws PackageException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream((int) Math.min(size, Integer.MAX_VALUE - 8));
        try {
            source.copyTo(out);
        } catch (IOException e) {
            throw new PackageException(source.name() + ": cannot read the package: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /**
     * Writes the package itself to a file, streaming it.
     *
     * @param target the file to write (replaced if it exists)
     * @throws IOException if it cannot be written or the package cannot be read
     */
    public void copyTo(Path target) throws IOException {
        try (OutputStream out = Files.newOutputStream(target)) {
            source.copyTo(out);
        }
    }

    /** @return the entry name of the pipeline, e.g. {@code pipeline/pdm.pipeline} */
    public String pipelineEntry() {
        return pipelineEntry;
    }

    /**
     * Writes every entry (the manifest and signature included) below a folder, keeping the package
     * layout: the pipeline is then at {@code dir.resolve(pipelineEntry())}. Existing files of the same
     * names are replaced; extract into a new or empty folder. Each entry is streamed and its SHA-256
     * checked again against the verified one.
     *
     * @param dir the target folder, created if missing
     * @throws PackageException naming the file that cannot be written, or the entry that changed since
     *         the package was verified
     */
    public void extractTo(Path dir) throws PackageException {
        Path root = dir.toAbsolutePath().normalize();
        Path realRoot = realFolder(root);
        String current = null;
        try (ZipInputStream in = new ZipInputStream(source.open())) {
            byte[] buffer = new byte[PackageSource.BUFFER];
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                current = entry.getName();
                String expected = hashes.get(current);
                Path target = root.resolve(current).normalize();
                if (expected == null || !target.startsWith(root) || target.equals(root)) { // names were checked on reading; this guards the guard
                    throw new PackageException(current + ": would be written outside " + root + " or was not verified; refused");
                }
                Files.createDirectories(target.getParent());
                if (!target.getParent().toRealPath().startsWith(realRoot) || Files.isSymbolicLink(target)) {
                    throw new PackageException(target + ": a symbolic link leads outside " + root + "; extract into a new folder");
                }
                MessageDigest digest = PackageSource.newDigest();
                try (OutputStream out = Files.newOutputStream(target)) {
                    for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                        digest.update(buffer, 0, n);
                        out.write(buffer, 0, n);
                    }
                }
                if (!HexFormat.of().formatHex(digest.digest()).equals(expected)) {
                    throw new PackageException(source.name() + ": entry '" + current + "' changed since the package was verified; refused");
                }
            }
        } catch (IOException e) {
            throw new PackageException(root + ": cannot extract " + (current == null ? "the package" : "'" + current + "'") + ": " + e.getMessage(), e);
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
    private static int centralDirectorySize(PackageSource source, long size) throws IOException, PackageException {
        byte[] head;
        try (InputStream in = source.open()) {
            head = in.readNBytes(2);
        }
        if (size < 4 || head.length < 2 || head[0] != 'P' || head[1] != 'K') {
            throw new PackageException(source.name() + ": not a deployment package (not a zip file)");
        }
        byte[] tail = source.tail(END_RECORD_SIZE + 0xFFFF);
        for (int at = tail.length - END_RECORD_SIZE; at >= 0; at--) {
            if (int32(tail, at) == END_RECORD && at + END_RECORD_SIZE + uint16(tail, at + 20) == tail.length) {
                return uint16(tail, at + 10);
            }
        }
        throw new PackageException(source.name() + ": the zip is truncated or corrupt: its end record (central directory) is missing");
    }

    private static int uint16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private static int int32(byte[] b, int at) {
        return uint16(b, at) | uint16(b, at + 2) << 16;
    }

    /** What one streaming pass over the zip found: each entry's SHA-256 in zip order, the manifest and signature, the package's SHA-256. */
    private record Scan(Map<String, String> hashes, byte[] json, byte[] signature, String sha256) {
    }

    /** Streams every entry once, names checked before anything is kept; only the manifest and its signature stay in memory. */
    private static Scan scan(PackageSource source) throws PackageException {
        Map<String, String> hashes = new LinkedHashMap<>();
        byte[] json = null;
        byte[] signature = null;
        long total = 0;
        String current = null;
        MessageDigest whole = PackageSource.newDigest();
        try (InputStream raw = new java.security.DigestInputStream(source.open(), whole); ZipInputStream in = new ZipInputStream(raw)) {
            byte[] buffer = new byte[PackageSource.BUFFER];
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                current = entry.getName();
                requireSafeName(current, source.name());
                if (hashes.containsKey(current) || hashes.size() >= MAX_ENTRIES) {
                    throw new PackageException(source.name() + ": entry '" + current + "' " + (hashes.containsKey(current) ? "appears twice"
                            : "exceeds the limit of " + MAX_ENTRIES + " entries") + "; refused");
                }
                boolean kept = current.equals(PackageManifest.FILE) || current.equals(PackageManifest.SIGNATURE_FILE);
                java.io.ByteArrayOutputStream content = kept ? new java.io.ByteArrayOutputStream() : null;
                MessageDigest digest = PackageSource.newDigest();
                for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                    total += n;
                    if (total > MAX_TOTAL_BYTES || kept && content.size() + n > MAX_MANIFEST_BYTES) {
                        throw new PackageException(source.name() + ": unpacks to more than " + (kept ? (MAX_MANIFEST_BYTES >> 20) + " MB in '"
                                + current + "'" : (MAX_TOTAL_BYTES >> 20) + " MB (at entry '" + current + "')") + "; refused");
                    }
                    digest.update(buffer, 0, n);
                    if (kept) {
                        content.write(buffer, 0, n);
                    }
                }
                hashes.put(current, HexFormat.of().formatHex(digest.digest()));
                if (current.equals(PackageManifest.FILE)) {
                    json = content.toByteArray();
                } else if (kept) {
                    signature = content.toByteArray();
                }
            }
            while (raw.read(buffer) >= 0) {
                // the rest (central directory) counts for the package's SHA-256
            }
        } catch (IOException e) {
            throw new PackageException(source.name() + ": the zip is corrupt or truncated" + (current == null ? "" : " at entry '" + current + "'")
                    + ": " + e.getMessage(), e);
        }
        return new Scan(hashes, json, signature, HexFormat.of().formatHex(whole.digest()));
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
    private static String verifySignature(byte[] signature, byte[] json, TrustStore trust, PackageManifest manifest, String source)
            throws PackageException {
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
    private static void checkEntries(Map<String, String> hashes, PackageManifest manifest, String source) throws PackageException {
        for (String name : hashes.keySet()) {
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
            String actual = hashes.get(name);
            if (actual == null) {
                throw new PackageException(source + ": entry '" + name + "' is listed in the manifest but missing from the package");
            }
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
