package io.fabrica.examples;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The example projects shipped with Fabrica. The demo project is a spindle machining line with
 * bearing monitoring (vibration windows, bearing temperature, motor current, speed), a camera
 * inspection station, and bounded process parameters (spindle speed setpoint, feed rate) that
 * require approval before a write. The simulated plant, the demo pipelines and {@code fabrica demo}
 * are built on it.
 */
public final class Examples {

    /** Files of the demo project, relative to its folder. */
    public static final List<String> DEMO_FILES = List.of("demo.plant", "pdm.pipeline", "inspection.pipeline", "inspection-classes.pipeline", "quality.pipeline");

    private static final String DEMO_FOLDER = "/examples/demo/";

    private Examples() {
    }

    /**
     * Opens one file of the demo project.
     *
     * @param name a name from {@link #DEMO_FILES}
     * @return its content; the caller closes it
     * @throws IOException if the file is not part of this bundle
     */
    public static InputStream openDemoFile(String name) throws IOException {
        InputStream in = Examples.class.getResourceAsStream(DEMO_FOLDER + name);
        if (in == null) {
            throw new IOException("example file " + name + " is missing from io.fabrica.examples");
        }
        return in;
    }

    /**
     * Copies the demo project into a folder (created if needed). Never overwrites: an existing
     * file of the same name stops the copy before anything is written.
     *
     * @param folder the target folder
     * @return the copied plant file
     * @throws FileAlreadyExistsException if a demo file already exists there
     * @throws IOException if a file cannot be written
     */
    public static Path copyDemoProject(Path folder) throws IOException {
        for (String name : DEMO_FILES) {
            if (Files.exists(folder.resolve(name))) {
                throw new FileAlreadyExistsException(folder.resolve(name).toString(), null, "the demo project is already there");
            }
        }
        Files.createDirectories(folder);
        for (String name : DEMO_FILES) {
            try (InputStream in = openDemoFile(name)) {
                Files.copy(in, folder.resolve(name));
            }
        }
        return folder.resolve("demo.plant");
    }
}
