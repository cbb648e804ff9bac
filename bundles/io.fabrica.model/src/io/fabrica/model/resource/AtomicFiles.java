package io.fabrica.model.resource;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Former home of the atomic file write, kept so that code written against it still compiles.
 *
 * @deprecated use {@link io.fabrica.core.files.AtomicFiles}, the one implementation
 */
@Deprecated
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /**
     * @param file the target
     * @param content the complete new content
     * @throws IOException if it cannot be written; the previous file is then unchanged
     * @deprecated use {@link io.fabrica.core.files.AtomicFiles#write(Path, byte[])}
     */
    @Deprecated
    public static void write(Path file, byte[] content) throws IOException {
        io.fabrica.core.files.AtomicFiles.write(file, content);
    }

    /**
     * @param file the target
     * @param text the complete new content
     * @throws IOException if it cannot be written; the previous file is then unchanged
     * @deprecated use {@link io.fabrica.core.files.AtomicFiles#write(Path, String)}
     */
    @Deprecated
    public static void write(Path file, String text) throws IOException {
        io.fabrica.core.files.AtomicFiles.write(file, text);
    }
}
