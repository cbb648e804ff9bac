package io.fabrica.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The real data sets no one here made (magnetic-tile photos, CWRU bearing vibration), kept outside the
 * repository in {@code shared/data} beside the clone — or, for a clone elsewhere, in the machine's
 * {@code /work/shared/data} — so that tests and demos read them and never copy them in.
 */
public final class SharedData {

    /** The machine-wide place of the shared data, for clones that are not beside it. */
    static final Path MACHINE = Path.of("/work/shared/data");

    private SharedData() {
    }

    /**
     * @param name a data set's folder, e.g. {@code magnetic-tile}
     * @return its folder: beside the source tree (system property {@code fabrica.source.root}, else the
     *         working folder) or the machine's; the caller checks it exists and says what is missing
     */
    public static Path locate(String name) {
        Path beside = Path.of(System.getProperty("fabrica.source.root", ".")).resolve("../shared/data").resolve(name).toAbsolutePath().normalize();
        return Files.isDirectory(beside) ? beside : MACHINE.resolve(name);
    }

    /**
     * Links the first images of one class folder of an image folder in the MVTec AD layout (and their
     * masks under {@code ground_truth/<kind>/<name>_mask.png}) into a smaller image folder: a slice
     * that keeps a test short without copying the data.
     *
     * @param from the data set's folder
     * @param to the slice's folder
     * @param part the class folder, e.g. {@code train/good} or {@code test/crack}
     * @param count how many images, in name order
     * @param masks whether to link their masks too
     * @throws IOException if a link cannot be made
     */
    public static void linkSlice(Path from, Path to, String part, int count, boolean masks) throws IOException {
        Files.createDirectories(to.resolve(part));
        String kind = Path.of(part).getFileName().toString();
        try (Stream<Path> files = Files.list(from.resolve(part))) {
            for (Path image : files.sorted().limit(count).toList()) {
                Files.createSymbolicLink(to.resolve(part).resolve(image.getFileName()), image);
                if (masks) {
                    String mask = image.getFileName().toString().replaceAll("\\.[^.]*$", "") + "_mask.png";
                    Path maskDir = Files.createDirectories(to.resolve("ground_truth").resolve(kind));
                    Files.createSymbolicLink(maskDir.resolve(mask), from.resolve("ground_truth").resolve(kind).resolve(mask));
                }
            }
        }
    }
}
