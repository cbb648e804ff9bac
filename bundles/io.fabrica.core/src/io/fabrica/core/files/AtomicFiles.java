package io.fabrica.core.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Writes files so that readers see either the old or the complete new content, never a half-written
 * file: the bytes go to a hidden temporary file beside the target, are forced to disk, and the
 * temporary file is moved over the target (atomically where the file system can). The one place in
 * Fabrica that does this; plant and pipeline files, model cards, reports, keys, datasets and packages
 * all go through it.
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /**
     * Replaces a file's content. Creates missing parent folders.
     *
     * @param file the target
     * @param content the complete new content
     * @throws IOException if it cannot be written; the previous file is then unchanged
     */
    public static void write(Path file, byte[] content) throws IOException {
        write(file, content, false, AtomicFiles::replace);
    }

    /**
     * Replaces a file's content with text in UTF-8.
     *
     * @param file the target
     * @param text the complete new content
     * @throws IOException if it cannot be written; the previous file is then unchanged
     */
    public static void write(Path file, String text) throws IOException {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Replaces a file's content with a secret (a private key): the file is readable by its owner only
     * before the first byte is written, where the file system knows POSIX permissions.
     *
     * @param file the target
     * @param content the complete new content
     * @throws IOException if it cannot be written; the previous file is then unchanged
     */
    public static void writeSecret(Path file, byte[] content) throws IOException {
        write(file, content, true, AtomicFiles::replace);
    }

    /**
     * Writes a complete new file that never replaces one: fails if the target exists, also when it
     * appears while the content is written (the temporary file is linked into place, not renamed).
     *
     * @param file the target, which must not exist
     * @param content the complete content
     * @param secret whether the file is readable by its owner only (from its creation, where the file
     *        system knows POSIX permissions)
     * @throws java.nio.file.FileAlreadyExistsException if the target exists; it is then unchanged
     * @throws IOException if it cannot be written; no target is then created
     */
    public static void createNew(Path file, byte[] content, boolean secret) throws IOException {
        write(file, content, secret, AtomicFiles::linkNew);
    }

    /**
     * Copies a file onto a target, which then holds either its old content or the whole copy.
     *
     * @param source the file to copy
     * @param target the target, replaced if it exists
     * @throws IOException if it cannot be copied; the target is then unchanged
     */
    public static void copy(Path source, Path target) throws IOException {
        Path temp = temporary(target.toAbsolutePath());
        try {
            Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING);
            replace(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Moves a complete, staged file (written beside the target) onto the target, replacing it atomically
     * where the file system can and by a plain replacing move where it cannot.
     *
     * @param staged the staged file, on the same file system as the target
     * @param target the final file
     * @throws IOException if the move fails; the target is then unchanged
     */
    public static void replace(Path staged, Path target) throws IOException {
        try {
            Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** How a complete temporary file becomes the target. */
    @FunctionalInterface
    private interface Publish {
        void from(Path temp, Path target) throws IOException;
    }

    private static void write(Path file, byte[] content, boolean secret, Publish publish) throws IOException {
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path temp = temporary(target);
        try {
            writeForced(temp, content, secret);
            publish.from(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Creates the temporary file (owner-only from the start for a secret), writes it and forces it to disk. */
    private static void writeForced(Path temp, byte[] content, boolean secret) throws IOException {
        try (FileChannel channel = FileChannel.open(temp, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                attributes(temp, secret))) {
            writeFully(channel, content);
            channel.force(true);
        }
    }

    /** A hard link never replaces an existing file (a rename would); without links, a plain move checks first. */
    private static void linkNew(Path temp, Path target) throws IOException {
        try {
            Files.createLink(target, temp);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | FileSystemException e) {
            Files.move(temp, target);
        }
    }

    private static void writeFully(FileChannel channel, byte[] content) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(content);
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    /** Hidden and named as temporary, so that a file left by a crash is recognisably not the target. */
    private static Path temporary(Path target) {
        return target.resolveSibling("." + target.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".tmp");
    }

    private static FileAttribute<?>[] attributes(Path file, boolean secret) {
        if (!secret || !file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[0];
        }
        Set<PosixFilePermission> ownerOnly = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(ownerOnly)};
    }
}
