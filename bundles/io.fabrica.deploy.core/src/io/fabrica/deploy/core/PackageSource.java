package io.fabrica.deploy.core;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where the bytes of a package come from: a file (streamed, never held in memory, so a package of hundreds
 * of MB is verified and extracted with a few buffers) or a byte array (small packages received whole).
 * A source is read more than once (verify, then extract); each read opens a fresh stream.
 */
abstract class PackageSource {

    /** Bytes of the copy buffers: the most a streamed package costs in memory per pass. */
    static final int BUFFER = 64 * 1024;

    private final String name;

    private PackageSource(String name) {
        this.name = name;
    }

    /** @return the package named in messages: the file or "package" */
    final String name() {
        return name;
    }

    /** @return the size in bytes */
    abstract long size() throws IOException;

    /** @return a new stream over the whole package */
    abstract InputStream open() throws IOException;

    /**
     * @param length the most bytes wanted
     * @return the last {@code min(length, size)} bytes (where a zip keeps its end record)
     */
    abstract byte[] tail(int length) throws IOException;

    /** Writes the whole package to a stream. */
    void copyTo(OutputStream out) throws IOException {
        try (InputStream in = open()) {
            in.transferTo(out);
        }
    }

    static PackageSource of(Path file) {
        return new FileSource(file);
    }

    static PackageSource of(byte[] bytes) {
        return new BytesSource(bytes);
    }

    /** @return the lower-case hex SHA-256 of everything the stream delivers, read to its end */
    static String sha256(InputStream in) throws IOException {
        MessageDigest digest = newDigest();
        try (DigestInputStream digesting = new DigestInputStream(in, digest)) {
            byte[] buffer = new byte[BUFFER];
            while (digesting.read(buffer) >= 0) {
                // the digest sees every byte
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }

    private static final class FileSource extends PackageSource {
        private final Path file;

        FileSource(Path file) {
            super(file.toString());
            this.file = file;
        }

        @Override
        long size() throws IOException {
            return Files.size(file);
        }

        @Override
        InputStream open() throws IOException {
            return Files.newInputStream(file);
        }

        @Override
        byte[] tail(int length) throws IOException {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                long size = channel.size();
                int n = (int) Math.min(length, size);
                ByteBuffer buffer = ByteBuffer.allocate(n);
                channel.position(size - n);
                while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                    // read until full
                }
                return buffer.array();
            }
        }
    }

    private static final class BytesSource extends PackageSource {
        private final byte[] bytes;

        BytesSource(byte[] bytes) {
            super("package");
            this.bytes = bytes;
        }

        @Override
        long size() {
            return bytes.length;
        }

        @Override
        InputStream open() {
            return new ByteArrayInputStream(bytes);
        }

        @Override
        byte[] tail(int length) {
            int n = Math.min(length, bytes.length);
            return java.util.Arrays.copyOfRange(bytes, bytes.length - n, bytes.length);
        }

        @Override
        void copyTo(OutputStream out) throws IOException {
            out.write(bytes);
        }
    }
}
