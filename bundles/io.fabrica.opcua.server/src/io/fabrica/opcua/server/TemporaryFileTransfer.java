package io.fabrica.opcua.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.milo.opcua.sdk.server.nodes.UaNode;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;

/**
 * Receives files from clients through an OPC UA {@code TemporaryFileTransferType} object (OPC 10000-5,
 * Annex C): {@code GenerateFileForWrite(options)} creates a temporary {@code FileType} object and returns
 * it with a file handle, the client writes the file in chunks with the file object's {@code Write(handle,
 * data)}, and {@code CloseAndCommit(handle)} hands the complete file to the {@link Receiver}. The file's
 * {@code Close(handle)} abandons the upload. The bytes go straight to a temporary file on disk as they
 * arrive (one chunk in memory at a time) with their SHA-256 computed on the way.
 *
 * <p>Fabrica's additions, all optional for a generic client: the file object's {@code Result} variable holds
 * the outcome of CloseAndCommit ({@code ok: <text>} or {@code refused: <reason>}), and the transfer object's
 * {@code LastError} variable shows each session the reason of its last refused call (OPC UA carries only a
 * status code for a failed call). An upload whose connection dropped is resumed by calling
 * GenerateFileForWrite again with options the receiver maps to the same {@link Expected#key()} (same user):
 * the same file object comes back with a new handle, positioned after the bytes already written
 * ({@code GetPosition}); the older handle stops working. An upload untouched for {@link Limits#timeout()}
 * (the transfer object's {@code ClientProcessingTimeout}) is deleted, its file with it; so is everything left
 * in the folder by a previous process.
 */
public final class TemporaryFileTransfer implements AutoCloseable {

    /**
     * Limits of the uploads.
     *
     * @param maxFileBytes the largest file accepted
     * @param maxConcurrent the most uploads in progress at once
     * @param maxChunkBytes the largest chunk a Write takes (the file object's {@code MaxByteStringLength})
     * @param timeout how long an upload may go untouched before it is deleted
     */
    public record Limits(long maxFileBytes, int maxConcurrent, int maxChunkBytes, Duration timeout) {
        /** Checks the limits. */
        public Limits {
            if (maxFileBytes <= 0 || maxConcurrent <= 0 || maxChunkBytes <= 0 || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("upload limits must be positive: " + maxFileBytes + " bytes, " + maxConcurrent + " uploads, "
                        + maxChunkBytes + " bytes per chunk, timeout " + timeout);
            }
        }
    }

    /**
     * What a client announced it will upload, as the receiver understood GenerateFileForWrite's options.
     *
     * @param key identifies the upload for a resume: the same key from the same user continues it
     * @param size the file's size in bytes
     * @param details whatever else the receiver wants back at commit
     */
    public record Expected(String key, long size, Object details) {
    }

    /** Decides what is accepted and what happens to a complete file. */
    public interface Receiver {

        /**
         * Called by GenerateFileForWrite before anything is created.
         *
         * @param caller who calls
         * @param options the method's {@code generateOptions} argument
         * @return what will be uploaded
         * @throws SecurityException to refuse the caller; {@link IllegalArgumentException} to refuse the
         *         options; {@link IllegalStateException} when no upload can start now
         */
        Expected expect(MethodCall.Caller caller, Object options);

        /**
         * Called by CloseAndCommit once all announced bytes arrived. The file is deleted afterwards: copy
         * or move what is needed.
         *
         * @param caller who calls
         * @param expected what {@link #expect} returned
         * @param file the complete file
         * @param sha256 the lower-case hex SHA-256 of the bytes received
         * @return the outcome for the client (e.g. an id)
         * @throws SecurityException, IllegalArgumentException or IllegalStateException to refuse it
         */
        String accept(MethodCall.Caller caller, Expected expected, Path file, String sha256);
    }

    /** The browse name of the variable that holds the outcome of CloseAndCommit, on each file object. */
    public static final String RESULT = "Result";

    /** The browse name of the variable that holds the reason of a session's last refused call, on the transfer object. */
    public static final String LAST_ERROR = "LastError";

    private final VariableNamespace ns;
    private final Path folder;
    private final Limits limits;
    private final Receiver receiver;
    private final FileTransferNodes nodes;
    private final Map<String, Upload> uploads = new ConcurrentHashMap<>();
    private final Map<Integer, Handle> handles = new ConcurrentHashMap<>();
    private final Map<NodeId, String> lastErrors = new ConcurrentHashMap<>();
    private final AtomicInteger nextHandle = new AtomicInteger(1);
    private final ScheduledExecutorService reaper;

    /** One upload: its file, its object, who owns it, and the latest handle that may write it. */
    static final class Upload {
        final String id;
        final Expected expected;
        final String user;
        final UploadFile file;
        volatile UaNode node;
        volatile int handle;
        volatile long touched = System.nanoTime();
        volatile boolean finished;
        /** Being committed: the clean-up leaves it alone however long the receiver takes. */
        volatile boolean committing;

        Upload(String id, Expected expected, String user, UploadFile file) {
            this.id = id;
            this.expected = expected;
            this.user = user;
            this.file = file;
        }
    }

    /** A file handle: valid in the session that got it, for one upload. */
    record Handle(NodeId session, Upload upload) {
    }

    TemporaryFileTransfer(VariableNamespace ns, NodeId parent, String name, Path folder, Limits limits, Receiver receiver) {
        this.ns = ns;
        this.folder = folder;
        this.limits = Objects.requireNonNull(limits, "limits");
        this.receiver = Objects.requireNonNull(receiver, "receiver");
        clearFolder();
        this.nodes = new FileTransferNodes(ns, this, parent, name, limits);
        long period = Math.max(100, Math.min(limits.timeout().toMillis() / 4, 5_000));
        this.reaper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fabrica-upload-reaper");
            t.setDaemon(true);
            return t;
        });
        reaper.scheduleWithFixedDelay(this::reap, period, period, TimeUnit.MILLISECONDS);
    }

    /** @return the transfer object's node id */
    public NodeId nodeId() {
        return nodes.transfer();
    }

    /** @return how many uploads are in progress (not yet committed, abandoned or timed out) */
    public int inProgress() {
        return (int) uploads.values().stream().filter(u -> !u.finished).count();
    }

    /** @return the folder the temporary files are written to */
    public Path folder() {
        return folder;
    }

    // --- the methods, called by FileTransferNodes on Milo's threads ---

    /** GenerateFileForWrite: a new upload, or the caller's unfinished upload with the same key (a resume). */
    Object[] generate(MethodCall.Caller caller, NodeId session, Object options) {
        Expected expected = receiver.expect(caller, options);
        if (expected.size() <= 0 || expected.size() > limits.maxFileBytes()) {
            throw new IllegalArgumentException("the upload announces " + expected.size() + " bytes; this server takes 1 to "
                    + limits.maxFileBytes() + " bytes");
        }
        synchronized (this) {
            Upload found = uploads.values().stream().filter(u -> !u.finished && u.expected.key().equals(expected.key())
                    && Objects.equals(u.user, caller.user()) && u.expected.size() == expected.size()).findFirst().orElse(null);
            Upload upload = found != null ? found : start(caller, expected);
            int handle = nextHandle.getAndIncrement();
            handles.entrySet().removeIf(e -> e.getValue().upload() == upload);
            handles.put(handle, new Handle(session, upload));
            upload.handle = handle;
            upload.touched = System.nanoTime();
            return new Object[] {upload.node.getNodeId(), UInteger.valueOf(handle)};
        }
    }

    private Upload start(MethodCall.Caller caller, Expected expected) {
        if (inProgress() >= limits.maxConcurrent()) {
            throw new IllegalStateException(inProgress() + " uploads are in progress, the most this server takes at once; try again later");
        }
        String id = HexFormat.of().formatHex(randomBytes());
        try {
            Files.createDirectories(folder);
            long free = Files.getFileStore(folder).getUsableSpace();
            if (free < expected.size() * 2) { // the upload and the installed copy
                throw new IllegalStateException("the upload needs " + expected.size() * 2 + " bytes of disk in " + folder + " but only " + free
                        + " are free");
            }
            Upload upload = new Upload(id, expected, caller.user(), new UploadFile(folder.resolve(id + ".part"), expected.size()));
            upload.node = nodes.addFile(id, upload);
            uploads.put(id, upload);
            return upload;
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the upload's file in " + folder + ": " + e.getMessage(), e);
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[8];
        new java.security.SecureRandom().nextBytes(bytes);
        return bytes;
    }

    /** Write: appends a chunk at the upload's position. */
    void write(NodeId session, Upload upload, UInteger handle, byte[] data) {
        Upload owned = owned(session, handle, upload);
        if (data.length > limits.maxChunkBytes()) {
            throw new IllegalArgumentException("a chunk of " + data.length + " bytes is larger than MaxByteStringLength " + limits.maxChunkBytes());
        }
        try {
            owned.file.append(data);
        } catch (IOException e) {
            discard(owned);
            throw new IllegalStateException("cannot write the upload to disk (" + e.getMessage() + "); the upload was discarded", e);
        }
        owned.touched = System.nanoTime();
        nodes.setSize(owned);
    }

    /** GetPosition: where the next chunk goes. */
    long position(NodeId session, Upload upload, UInteger handle) {
        Upload owned = owned(session, handle, upload);
        owned.touched = System.nanoTime();
        return owned.file.position();
    }

    /** SetPosition: chunks are written in order, so the only position allowed is the current one. */
    void setPosition(NodeId session, Upload upload, UInteger handle, long position) {
        Upload owned = owned(session, handle, upload);
        if (position != owned.file.position()) {
            throw new IllegalArgumentException("an upload is written in order: the next chunk goes to offset " + owned.file.position()
                    + ", not " + position);
        }
    }

    /** Close without commit: abandons the upload. */
    void abandon(NodeId session, Upload upload, UInteger handle) {
        discard(owned(session, handle, upload));
    }

    /** CloseAndCommit: the complete file goes to the receiver; the temporary file is deleted either way. */
    Object[] commit(MethodCall.Caller caller, NodeId session, UInteger handle) {
        Handle h = handles.get(handle.intValue());
        Upload upload = owned(session, handle, h == null ? null : h.upload());
        long received = upload.file.position();
        if (received != upload.expected.size()) {
            throw new IllegalStateException("the upload is incomplete: " + received + " of " + upload.expected.size()
                    + " bytes arrived; write the rest (from offset " + received + ") first");
        }
        handles.remove(handle.intValue());
        upload.finished = true;
        upload.committing = true;
        try {
            String sha256 = upload.file.finish();
            String outcome = receiver.accept(caller, upload.expected, upload.file.path(), sha256);
            nodes.setResult(upload, "ok: " + outcome);
            return new Object[] {NodeId.NULL_VALUE};
        } catch (IOException e) {
            nodes.setResult(upload, "refused: cannot read the upload back: " + e.getMessage());
            throw new IllegalStateException("cannot read the upload back: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            nodes.setResult(upload, "refused: " + e.getMessage());
            throw e;
        } finally {
            upload.file.discard();
            upload.touched = System.nanoTime(); // the Result stays readable for one timeout
            upload.committing = false;
        }
    }

    private Upload owned(NodeId session, UInteger handle, Upload upload) {
        Handle h = handle == null ? null : handles.get(handle.intValue());
        if (h == null || upload == null || h.upload() != upload || !h.session().equals(session)) {
            throw new IllegalArgumentException("file handle " + handle + " is not open in this session for this file"
                    + (upload != null && !upload.finished ? " (the upload was taken over by a later GenerateFileForWrite)" : ""));
        }
        return upload;
    }

    /** Records the reason of a refused call, for the caller's session to read. */
    void refused(NodeId session, String reason) {
        if (session != null) {
            if (lastErrors.size() > 1000) {
                lastErrors.clear(); // bounded: a reason is read right after the refusal
            }
            lastErrors.put(session, reason == null ? "" : reason);
        }
    }

    /** @return the reason of the session's last refused call; empty if none */
    String lastError(NodeId session) {
        return session == null ? "" : lastErrors.getOrDefault(session, "");
    }

    private void discard(Upload upload) {
        upload.finished = true;
        handles.entrySet().removeIf(e -> e.getValue().upload() == upload);
        upload.file.discard();
        uploads.remove(upload.id);
        nodes.remove(upload);
    }

    /** Deletes the uploads untouched for longer than the timeout (abandoned, or committed and their Result read). */
    private void reap() {
        long now = System.nanoTime();
        List<Upload> stale = new ArrayList<>();
        for (Upload u : uploads.values()) {
            if (!u.committing && now - u.touched > limits.timeout().toNanos()) {
                stale.add(u);
            }
        }
        stale.forEach(this::discard);
    }

    /** What a previous process left: partial uploads are garbage once the process that received them is gone. */
    private void clearFolder() {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (var files = Files.list(folder)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot clear the upload folder " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Stops the clean-up and deletes every upload in progress. */
    @Override
    public void close() {
        reaper.shutdownNow();
        new ArrayList<>(uploads.values()).forEach(this::discard);
    }
}
