package io.fabrica.deploy.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.fabrica.core.files.AtomicFiles;

/**
 * The deployment store's {@code state.json}: which deployments there are, their current and previous
 * versions and their state. Read strictly (a hand-edited file must not make the store touch files
 * outside its folders) and written atomically.
 */
final class DeploymentState {
    /** What ids and folder names may look like. */
    static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");
    private static final int FORMAT = 1;
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private DeploymentState() {
    }

    /** One kept version of a deployment, as stored in state.json. */
    record Version(String version, String name, String sha256, String folder, String pipelineEntry) {
    }

    /** One deployment, as stored in state.json. */
    record Entry(String id, Version current, Version previous, DeploymentStore.State state, String lastError) {
    }

    /** The content of state.json. */
    record StateFile(int format, List<Entry> deployments) {
    }

    /** Writes state.json atomically (durable once its folder is forced). */
    static void write(Path stateFile, Map<String, Entry> deployments) throws PackageException {
        byte[] json = GSON.toJson(new StateFile(FORMAT, List.copyOf(deployments.values()))).getBytes(StandardCharsets.UTF_8);
        try {
            AtomicFiles.write(stateFile, json);
        } catch (IOException e) {
            throw new PackageException(stateFile + ": cannot write the deployment state: " + e.getMessage(), e);
        }
    }

    /**
     * @return the deployments in state.json by id; none when there is no such file
     * @throws PackageException if the file exists but cannot be read or names files outside the store
     */
    static Map<String, Entry> read(Path stateFile) throws PackageException {
        Map<String, Entry> state = new TreeMap<>();
        if (!Files.exists(stateFile)) {
            return state;
        }
        try {
            StateFile file = GSON.fromJson(Files.readString(stateFile, StandardCharsets.UTF_8), StateFile.class);
            if (file == null || file.format() != FORMAT || file.deployments() == null) {
                throw new IllegalStateException("not a format " + FORMAT + " deployment state");
            }
            for (Entry entry : file.deployments()) {
                state.put(checked(entry).id(), entry);
            }
        } catch (IOException | RuntimeException e) {
            throw new PackageException(stateFile + ": unreadable deployment state (" + e.getMessage() + "); refusing to start with no deployments."
                    + " Restore the file, or move it away to forget all deployments", e);
        }
        return state;
    }

    /** A hand-edited state must not make the store touch files outside its folders. */
    private static Entry checked(Entry entry) {
        boolean valid = entry != null && entry.id() != null && SAFE_NAME.matcher(entry.id()).matches() && entry.state() != null
                && valid(entry.current()) && (entry.previous() == null || valid(entry.previous()));
        if (!valid) {
            throw new IllegalStateException("invalid deployment entry " + (entry == null ? null : entry.id()));
        }
        return entry;
    }

    private static boolean valid(Version version) {
        return version != null && version.folder() != null && SAFE_NAME.matcher(version.folder()).matches() && version.sha256() != null
                && version.pipelineEntry() != null && !version.pipelineEntry().contains("..");
    }
}
