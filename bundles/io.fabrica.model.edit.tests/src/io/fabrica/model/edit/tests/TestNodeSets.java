package io.fabrica.model.edit.tests;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The nodeset files of this fragment ({@code nodesets/}), copied to a folder so tests read real files. */
final class TestNodeSets {

    private TestNodeSets() {
    }

    /** Copies {@code nodesets/<name>} into {@code folder} and returns the copy. */
    static Path copy(Path folder, String name) throws IOException {
        Path file = folder.resolve(name);
        Files.writeString(file, read(name), StandardCharsets.UTF_8);
        return file;
    }

    /** @return the content of {@code nodesets/<name>} */
    static String read(String name) throws IOException {
        try (InputStream in = TestNodeSets.class.getResourceAsStream("/nodesets/" + name)) {
            if (in == null) {
                throw new IOException("test nodeset " + name + " is missing from the fragment");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
