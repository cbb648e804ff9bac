package io.fabrica.opcua.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One file being uploaded: written to disk in order as its chunks arrive, with its SHA-256 computed on the
 * way, so a file of any size costs one chunk of memory. The file is complete once its position reaches the
 * announced size. Thread-safe (every method is synchronized).
 */
final class UploadFile {

    private final Path path;
    private final long size;
    private final FileChannel channel;
    private final MessageDigest digest;
    private long position;
    private boolean closed;

    /**
     * Creates the (empty) file.
     *
     * @param path where the bytes go (must not exist)
     * @param size how many bytes will come
     */
    UploadFile(Path path, long size) throws IOException {
        this.path = path;
        this.size = size;
        this.channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            channel.close();
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }

    /** @return the file on disk */
    Path path() {
        return path;
    }

    /** @return the announced size */
    long size() {
        return size;
    }

    /** @return how many bytes arrived (and are on disk): where the next chunk goes */
    synchronized long position() {
        return position;
    }

    /**
     * Appends a chunk.
     *
     * @throws IllegalArgumentException if it would go past the announced size
     * @throws IllegalStateException if the file is closed
     */
    synchronized void append(byte[] chunk) throws IOException {
        if (closed) {
            throw new IllegalStateException("the upload is closed");
        }
        if (position + chunk.length > size) {
            throw new IllegalArgumentException("a chunk of " + chunk.length + " bytes at offset " + position + " goes past the announced size of "
                    + size + " bytes");
        }
        ByteBuffer buffer = ByteBuffer.wrap(chunk);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        digest.update(chunk);
        position += chunk.length;
    }

    /**
     * Closes the file, forced to disk.
     *
     * @return the lower-case hex SHA-256 of the bytes written
     */
    synchronized String finish() throws IOException {
        closed = true;
        channel.force(true);
        channel.close();
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Closes and deletes the file; never throws (a leftover is removed at the next start). */
    synchronized void discard() {
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            // deleted below either way
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // removed when the runtime next starts
        }
    }
}
