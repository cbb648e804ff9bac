package io.fabrica.core.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fabrica.core.files.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one atomic file write: the saved file is whole, replaced or never replaced as asked, and nothing is left beside it. */
class AtomicFilesTest {

    @TempDir
    Path tmp;

    @Test
    void writeReplacesTheContentAndLeavesNoTemporaryFile() throws IOException {
        Path file = tmp.resolve("sub/plant.json");
        AtomicFiles.write(file, "old");
        AtomicFiles.write(file, "new");
        assertEquals("new", Files.readString(file));
        assertEquals(List.of("plant.json"), names(file.getParent()));
    }

    @Test
    void createNewNeverReplacesAFile() throws IOException {
        Path key = tmp.resolve("signing.key");
        AtomicFiles.createNew(key, "first".getBytes(StandardCharsets.US_ASCII), true);
        assertThrows(FileAlreadyExistsException.class, () -> AtomicFiles.createNew(key, new byte[] {1}, true));
        assertEquals("first", Files.readString(key));
        assertEquals(List.of("signing.key"), names(tmp));
    }

    @Test
    void secretsAreReadableByTheirOwnerOnly() throws IOException {
        Path store = tmp.resolve("own/app.p12");
        AtomicFiles.writeSecret(store, new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(store));
        if (store.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store)));
        }
    }

    @Test
    void copyAndReplaceMoveWholeFilesIntoPlace() throws IOException {
        Path source = Files.writeString(tmp.resolve("a.jar"), "jar");
        Path kept = tmp.resolve("kept/a.jar");
        Files.createDirectories(kept.getParent());
        AtomicFiles.copy(source, kept);
        Path staged = Files.writeString(tmp.resolve("kept/.a.jar.staged"), "newer");
        AtomicFiles.replace(staged, kept);
        assertEquals("newer", Files.readString(kept));
        assertEquals(List.of("a.jar"), names(kept.getParent()));
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
