package io.fabrica.deploy.core;

import io.fabrica.deploy.core.DeploymentState.Entry;
import io.fabrica.deploy.core.DeploymentState.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;



/**
 * A runtime's deployments on disk, crash-safe: after a crash (kill -9, power loss) at any point, the
 * store reopens with each deployment at its old version in full or its new version in full.
 *
 * <p>Layout below the data folder: {@code state.json} (every deployment's current and previous
 * version and state), and {@code deployments/<pipeline id>/<version>-<sha8>/} per kept version,
 * holding the extracted package and the package itself ({@code package.fpkg}). At most two versions
 * per deployment are kept: current and previous.
 *
 * <p>How {@link #install} stays crash-safe: the version folder is extracted into a hidden temporary
 * folder, forced to disk and renamed into place; only then is {@code state.json} replaced atomically
 * (and forced) to name it as current. {@code state.json} is the single commit point: a version folder
 * it does not name is garbage. Opening a store deletes temporary folders and version folders that
 * {@code state.json} does not name.
 *
 * <p>Errors: {@link PackageException} naming the deployment or file. Methods are synchronized; one
 * store instance per data folder and process.
 */
public final class DeploymentStore {

    /** The lifecycle state of a deployment, as the runtime last set it. */
    public enum State {
        /** Installed but not running (the state of a new deployment). */
        STOPPED,
        /** Running. */
        RUNNING,
        /** Failed to start or stopped by an error; see {@link Deployment#lastError()}. */
        FAILED
    }

    /**
     * A deployment as the store knows it.
     *
     * @param id the pipeline id
     * @param name the pipeline name of the current version
     * @param version the current version
     * @param previousVersion the version a rollback returns to; {@code null} if none
     * @param state the lifecycle state
     * @param packageSha256 the SHA-256 of the current version's package
     * @param lastError the last error set with the state; {@code null} if none
     */
    public record Deployment(String id, String name, String version, String previousVersion, State state, String packageSha256,
            String lastError) {
    }

    /** The state file below the data folder. */
    public static final String STATE_FILE = "state.json";

    /** The folder of the deployments below the data folder. */
    public static final String DEPLOYMENTS_FOLDER = "deployments";

    /** The copy of the package in each version folder. */
    public static final String PACKAGE_FILE = "package.fpkg";

    /**
     * For tests only: called by {@link #install} after each step with the step's name
     * ({@code "extracted"}, {@code "staged"}, {@code "renamed"}, {@code "state-written"}). A test that
     * throws an {@link Error} here simulates a kill at that point: install does not clean up after
     * errors, just as a killed process would not. The default does nothing.
     */
    public static volatile Consumer<String> crashPoint = step -> {
    };

    private static final String TEMP_PREFIX = ".tmp-";

    private final Path dataDir;
    private final Path stateFile;
    private final Path deploymentsDir;
    /** Replaced, never modified, and only after state.json was written: memory never runs ahead of the disk. */
    private Map<String, Entry> entries;

    /**
     * Opens a store, creating its folders if missing, and removes what an interrupted operation left.
     *
     * @param dataDir the runtime's data folder
     * @throws PackageException if the folders cannot be created, {@code state.json} exists but cannot be
     *         read (the store refuses to start empty rather than forget deployments), or leftovers cannot
     *         be deleted
     */
    public DeploymentStore(Path dataDir) throws PackageException {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.stateFile = this.dataDir.resolve(STATE_FILE);
        this.deploymentsDir = this.dataDir.resolve(DEPLOYMENTS_FOLDER);
        try {
            Files.createDirectories(deploymentsDir);
        } catch (IOException e) {
            throw new PackageException(deploymentsDir + ": cannot create the deployment folder: " + e.getMessage(), e);
        }
        this.entries = DeploymentState.read(stateFile);
        cleanUp();
    }

    /** @return the data folder */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * Installs a verified package as the current version of its deployment (the pipeline id). The
     * former current version becomes the previous one; the former previous version is deleted. A new
     * deployment is {@link State#STOPPED}; a redeploy keeps the deployment's state and last error.
     * Installing the package that is already current changes nothing. Returns only when the new state
     * is on disk.
     *
     * @param pkg a package read with {@link DeploymentPackage#read}
     * @return the deployment
     * @throws PackageException if the pipeline id cannot name a folder, the package's folder name clashes
     *         with a kept package of different content (equal version and first 8 hash digits), or files
     *         cannot be written; the store is then unchanged
     */
    public synchronized Deployment install(DeploymentPackage pkg) throws PackageException {
        PackageManifest manifest = pkg.manifest();
        String id = requireSafeId(manifest.pipelineId());
        Version version = new Version(manifest.version(), manifest.pipelineName(), pkg.sha256(), folderName(manifest.version(), pkg.sha256()),
                pkg.pipelineEntry());
        Entry old = entries.get(id);
        if (old != null && old.current().sha256().equals(version.sha256())) {
            return deployment(old);
        }
        requireNoFolderClash(old, version);
        Path idDir = deploymentsDir.resolve(id);
        boolean isPrevious = old != null && old.previous() != null && old.previous().sha256().equals(version.sha256());
        if (!isPrevious) { // the previous version's folder is complete (renamed into place only when it was) and reused
            stage(pkg, idDir, idDir.resolve(version.folder()));
        }
        Entry next = old == null ? new Entry(id, version, null, State.STOPPED, null)
                : new Entry(id, version, old.current(), old.state(), old.lastError());
        commit(with(next));
        crashPoint.accept("state-written");
        if (old != null && old.previous() != null && !old.previous().folder().equals(version.folder())) {
            deleteQuietly(idDir.resolve(old.previous().folder())); // if this fails, the next start removes it
        }
        return deployment(next);
    }

    /**
     * Records a deployment's lifecycle state.
     *
     * @param id the pipeline id
     * @param state the new state
     * @param error the error that caused it, {@code null} if none
     * @return the deployment
     * @throws PackageException if there is no such deployment or the state cannot be written
     */
    public synchronized Deployment setState(String id, State state, String error) throws PackageException {
        Entry entry = require(id);
        Entry next = new Entry(id, entry.current(), entry.previous(), state, error);
        commit(with(next));
        return deployment(next);
    }

    /**
     * Makes the previous version current and the current one previous (so a second rollback undoes
     * the first). The state is kept; the runtime restarts the pipeline if it was running.
     *
     * @param id the pipeline id
     * @return the deployment
     * @throws PackageException if there is no such deployment, it has no previous version, or the state
     *         cannot be written
     */
    public synchronized Deployment rollback(String id) throws PackageException {
        Entry entry = require(id);
        if (entry.previous() == null) {
            throw new PackageException("deployment " + id + " (" + entry.current().name() + " " + entry.current().version()
                    + ") has no previous version to roll back to");
        }
        Entry next = new Entry(id, entry.previous(), entry.current(), entry.state(), entry.lastError());
        commit(with(next));
        return deployment(next);
    }

    /**
     * Removes a deployment and its files. The runtime stops it first.
     *
     * @param id the pipeline id
     * @return the deployment as it was
     * @throws PackageException if there is no such deployment or the state cannot be written
     */
    public synchronized Deployment remove(String id) throws PackageException {
        Entry entry = require(id);
        Map<String, Entry> next = new TreeMap<>(entries);
        next.remove(id);
        commit(next);
        deleteQuietly(deploymentsDir.resolve(id)); // if this fails, the next start removes it
        return deployment(entry);
    }

    /** @return every deployment, ordered by id */
    public synchronized List<Deployment> list() {
        List<Deployment> all = new ArrayList<>();
        entries.values().forEach(entry -> all.add(deployment(entry)));
        return all;
    }

    /**
     * @param id a pipeline id
     * @return the deployment, empty if there is none
     */
    public synchronized Optional<Deployment> get(String id) {
        return Optional.ofNullable(entries.get(id)).map(DeploymentStore::deployment);
    }

    /**
     * @param deployment a deployment of this store
     * @return the extracted pipeline file of its current version
     * @throws PackageException if the deployment no longer exists
     */
    public synchronized Path pipelineFile(Deployment deployment) throws PackageException {
        Entry entry = require(deployment.id());
        return versionFolder(entry).resolve(entry.current().pipelineEntry());
    }

    /**
     * @param deployment a deployment of this store
     * @return the package file of its current version
     * @throws PackageException if the deployment no longer exists
     */
    public synchronized Path packageFile(Deployment deployment) throws PackageException {
        return versionFolder(require(deployment.id())).resolve(PACKAGE_FILE);
    }

    /**
     * @param deployment a deployment of this store
     * @return the folder of its current version (the extracted package and {@value #PACKAGE_FILE})
     * @throws PackageException if the deployment no longer exists
     */
    public synchronized Path versionFolder(Deployment deployment) throws PackageException {
        return versionFolder(require(deployment.id()));
    }

    private Path versionFolder(Entry entry) {
        return deploymentsDir.resolve(entry.id()).resolve(entry.current().folder());
    }

    /** Two packages whose hashes share the first 8 digits would share a version folder; refuse rather than mix them up. */
    private static void requireNoFolderClash(Entry old, Version version) throws PackageException {
        for (Version kept : old == null ? List.<Version>of() : Arrays.asList(old.current(), old.previous())) {
            if (kept != null && kept.folder().equals(version.folder()) && !kept.sha256().equals(version.sha256())) {
                throw new PackageException("deployment " + old.id() + ": package " + version.sha256() + " would use the folder of the kept package "
                        + kept.sha256() + " (" + kept.folder() + "); change the version and package again");
            }
        }
    }

    /** Extracts into a temporary folder, forces it to disk and renames it into place: the target is complete or absent. */
    private void stage(DeploymentPackage pkg, Path idDir, Path target) throws PackageException {
        Path temp = idDir.resolve(TEMP_PREFIX + target.getFileName() + "-" + Long.toHexString(System.nanoTime()));
        try {
            FileTrees.delete(target); // left by an install whose state could not be written: not referenced, maybe another package
            if (!Files.isDirectory(idDir)) {
                Files.createDirectories(idDir);
                FileTrees.forceFolder(deploymentsDir);
            }
            pkg.extractTo(temp);
            crashPoint.accept("extracted");
            pkg.copyTo(temp.resolve(PACKAGE_FILE));
            FileTrees.force(temp);
            crashPoint.accept("staged");
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            FileTrees.forceFolder(idDir);
            crashPoint.accept("renamed");
        } catch (IOException | PackageException | RuntimeException e) {
            deleteQuietly(temp);
            throw new PackageException(target + ": cannot install " + pkg.manifest().pipelineName() + " " + pkg.manifest().version() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Writes state.json atomically and durably, then makes it the state in memory. */
    private void commit(Map<String, Entry> next) throws PackageException {
        DeploymentState.write(stateFile, next);
        FileTrees.forceFolder(dataDir); // the rename of state.json is durable only once its folder is
        entries = next;
    }

    private Map<String, Entry> with(Entry entry) {
        Map<String, Entry> next = new TreeMap<>(entries);
        next.put(entry.id(), entry);
        return next;
    }

    private Entry require(String id) throws PackageException {
        Entry entry = entries.get(id);
        if (entry == null) {
            throw new PackageException("no deployment " + id + " in " + dataDir);
        }
        return entry;
    }

    private static Deployment deployment(Entry e) {
        return new Deployment(e.id(), e.current().name(), e.current().version(), e.previous() == null ? null : e.previous().version(), e.state(),
                e.current().sha256(), e.lastError());
    }

    /** @return {@code <version>-<first 8 of sha256>}, the version reduced to characters safe in any file system */
    static String folderName(String version, String sha256) {
        String safe = version == null || version.isBlank() ? "unversioned" : version.replaceAll("[^A-Za-z0-9._-]", "_");
        if (safe.startsWith(".")) {
            safe = "_" + safe.substring(1); // hidden names are temporary folders
        }
        return (safe.length() > 64 ? safe.substring(0, 64) : safe) + "-" + sha256.substring(0, 8);
    }

    private static String requireSafeId(String id) throws PackageException {
        if (id == null || !DeploymentState.SAFE_NAME.matcher(id).matches()) {
            throw new PackageException("pipeline id '" + id + "' cannot name a deployment folder (letters, digits, '.', '_', '-' expected)");
        }
        return id;
    }

    /** Deletes what interrupted operations left: temp files of state.json, temp folders, and version folders state.json does not name. */
    private void cleanUp() throws PackageException {
        try {
            for (Path file : list(dataDir)) {
                String name = file.getFileName().toString();
                if (name.startsWith("." + STATE_FILE + ".") && name.endsWith(".tmp")) {
                    Files.deleteIfExists(file);
                }
            }
            for (Path idDir : list(deploymentsDir)) {
                Entry entry = entries.get(idDir.getFileName().toString());
                if (entry == null || !Files.isDirectory(idDir)) {
                    FileTrees.delete(idDir);
                    continue;
                }
                for (Path folder : list(idDir)) {
                    if (!referenced(entry, folder.getFileName().toString())) {
                        FileTrees.delete(folder);
                    }
                }
            }
        } catch (IOException e) {
            throw new PackageException(deploymentsDir + ": cannot remove what an interrupted install left: " + e.getMessage(), e);
        }
    }

    private static boolean referenced(Entry entry, String folder) {
        return entry.current().folder().equals(folder) || entry.previous() != null && entry.previous().folder().equals(folder);
    }

    private static List<Path> list(Path folder) throws IOException {
        try (Stream<Path> all = Files.list(folder)) {
            return all.sorted().toList();
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            FileTrees.delete(path);
        } catch (IOException e) {
            // left for the clean-up when the store is next opened
        }
    }
}
