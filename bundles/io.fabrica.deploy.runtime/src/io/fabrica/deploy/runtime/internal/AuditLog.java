package io.fabrica.deploy.runtime.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.google.gson.Gson;

/**
 * The runtime's audit trail: one JSON line per deployment operation (time, user, operation, package
 * hash, result), appended and forced to disk before the operation answers, so a refusal or an install
 * is on record even if the runtime dies right after.
 */
public final class AuditLog {

    private static final Gson GSON = new Gson();
    private final Path file;

    /**
     * @param file the log file (created on first entry; never truncated)
     */
    public AuditLog(Path file) {
        this.file = file;
    }

    /**
     * Appends an entry.
     *
     * @param user the caller ({@code null} for anonymous)
     * @param operation e.g. {@code Deploy}
     * @param subject the package hash or deployment id
     * @param result {@code ok} or the refusal
     */
    public synchronized void record(String user, String operation, String subject, String result) {
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("time", Instant.now().toString());
        entry.put("user", user == null ? "anonymous" : user);
        entry.put("operation", operation);
        entry.put("subject", subject);
        entry.put("result", result);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (var channel = java.nio.channels.FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                channel.write(java.nio.ByteBuffer.wrap((GSON.toJson(entry) + "\n").getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
        } catch (IOException e) {
            System.err.println("fabrica-runtime: cannot write the audit log " + file + ": " + e.getMessage());
        }
    }
}
