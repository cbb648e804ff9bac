package io.fabrica.pipeline.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A folder of images in the MVTec AD layout, the common layout of anomaly-detection data sets:
 * {@code train/good/} (defect-free parts to learn from), {@code test/<kind>/} ({@code good} and one
 * folder per defect kind) and {@code ground_truth/<kind>/<name>_mask.png} (white = defect). It is a
 * dataset of one image signal; its {@link Part#TRAIN} part is what {@code fabrica train} reads, its
 * {@link Part#TEST} part what {@code fabrica evaluate} reads. Images are labelled by their folder
 * ({@code good} becomes {@code ok}, the label of a good part) and dated one second apart in folder
 * and file-name order, so the replay order is fixed.
 */
public final class ImageFolder {

    /** The two parts of the folder. */
    public enum Part {
        /** {@code train/}: good parts (and, where a data set has them, labelled defects). */
        TRAIN,
        /** {@code test/}: good and defective parts, with masks. */
        TEST;

        String folder() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The name under which the folder's images appear as a signal. */
    public static final String SIGNAL = "images";

    private static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp");
    private static final Instant FIRST = Instant.parse("2000-01-01T00:00:00Z");

    private ImageFolder() {
    }

    /**
     * @param dir a folder
     * @return whether it is an image folder: no {@code dataset.json}, a {@code train/} or {@code test/} folder
     */
    public static boolean isImageFolder(Path dir) {
        return !Files.exists(dir.resolve(Dataset.MANIFEST)) && (Files.isDirectory(dir.resolve("train")) || Files.isDirectory(dir.resolve("test")));
    }

    /**
     * Lists one part's images with their labels and masks.
     *
     * @param dir the folder
     * @param part the part
     * @return the entries, in order
     * @throws DatasetException if the part has no images, or a mask has no image
     * @throws IOException if a folder cannot be listed
     */
    static List<ImageIndex.Entry> entries(Path dir, Part part) throws IOException {
        Path root = dir.resolve(part.folder());
        if (!Files.isDirectory(root)) {
            throw new DatasetException(part.folder() + "/", 0, "is missing: an image folder needs train/good/ to learn from and test/ to evaluate on");
        }
        List<ImageIndex.Entry> entries = new ArrayList<>();
        for (Path kind : sorted(root, Files::isDirectory)) {
            String name = kind.getFileName().toString();
            String label = name.equals("good") ? "ok" : name;
            for (Path image : sorted(kind, ImageFolder::isImage)) {
                Path mask = maskOf(dir, name, image);
                long time = FIRST.toEpochMilli() + 1000L * entries.size();
                entries.add(new ImageIndex.Entry(time, image, label, label, Files.isRegularFile(mask) ? mask : null));
            }
        }
        if (entries.isEmpty()) {
            throw new DatasetException(part.folder() + "/", 0, "holds no images (png, jpg, bmp) in its class folders");
        }
        if (part == Part.TEST) {
            checkMasksHaveImages(dir, entries);
        }
        return List.copyOf(entries);
    }

    private static Path maskOf(Path dir, String kind, Path image) {
        String file = image.getFileName().toString();
        String stem = file.substring(0, file.lastIndexOf('.'));
        return dir.resolve("ground_truth").resolve(kind).resolve(stem + "_mask.png");
    }

    private static void checkMasksHaveImages(Path dir, List<ImageIndex.Entry> entries) throws IOException {
        Path truth = dir.resolve("ground_truth");
        if (!Files.isDirectory(truth)) {
            return;
        }
        Set<Path> used = new HashSet<>();
        entries.forEach(e -> {
            if (e.mask() != null) {
                used.add(e.mask().normalize());
            }
        });
        for (Path kind : sorted(truth, Files::isDirectory)) {
            for (Path mask : sorted(kind, ImageFolder::isImage)) {
                if (!used.contains(mask.normalize())) {
                    throw new DatasetException(Dataset.relative(dir, mask), 0, "is a mask without an image: test/"
                            + kind.getFileName() + "/ has no image named like it (" + mask.getFileName().toString().replace("_mask", "")
                            + " with any extension)");
                }
            }
        }
    }

    private static boolean isImage(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return Files.isRegularFile(p) && dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static List<Path> sorted(Path dir, java.util.function.Predicate<Path> filter) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(filter).sorted().toList();
        }
    }
}
