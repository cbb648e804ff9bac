package io.fabrica.pipeline.data;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The images of one image signal: {@code images/<slug>/index.csv} (header
 * {@code time,file,label,defect}) and the PNG files it lists beside it. Reading the index checks that
 * every listed PNG exists; the images themselves are not decoded. Immutable.
 */
public final class ImageIndex {

    private static final List<String> HEADER = List.of("time", "file", "label", "defect");
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /**
     * One recorded image.
     *
     * @param timeMillis the source time, in milliseconds since the epoch (UTC)
     * @param file the PNG file (an existing file inside the dataset folder)
     * @param label the ground-truth label (machine state) when it was taken, empty if unlabelled
     * @param defect the simulator's ground truth for the part ({@code ok}, {@code scratch}, …), empty if unknown
     * @param mask the defect's pixel mask (white = defect, the image's size), {@code null} if none is known
     */
    public record Entry(long timeMillis, Path file, String label, String defect, Path mask) {
    }

    private final Dataset dataset;
    private final RecordedSignal signal;
    private final List<Entry> entries;

    private ImageIndex(Dataset dataset, RecordedSignal signal, List<Entry> entries) {
        this.dataset = dataset;
        this.signal = signal;
        this.entries = entries;
    }

    /** The index of an image folder's part; use {@link Dataset#images(String)}. */
    static ImageIndex of(Dataset dataset, RecordedSignal signal, List<Entry> entries) {
        return new ImageIndex(dataset, signal, entries);
    }

    /** Reads and checks the index; use {@link Dataset#images(String)}. */
    static ImageIndex read(Dataset dataset, RecordedSignal signal) throws IOException {
        Path index = dataset.resolve(signal.file());
        List<Entry> entries = new ArrayList<>();
        try (CsvReader csv = new CsvReader(index, signal.file())) {
            if (!csv.next() || !csv.cells().equals(HEADER)) {
                throw new DatasetException(signal.file(), 1, "the header must be 'time,file,label,defect'");
            }
            while (csv.next()) {
                entries.add(entry(csv, dataset, index.getParent()));
            }
        }
        return new ImageIndex(dataset, signal, List.copyOf(entries));
    }

    private static Entry entry(CsvReader csv, Dataset dataset, Path folder) throws DatasetException {
        csv.requireSize(HEADER.size());
        Path file = folder.resolve(csv.cell(1)).normalize();
        String name = Dataset.relative(dataset.dir(), file);
        if (csv.cell(1).isBlank() || !file.getParent().equals(folder.normalize())) {
            throw csv.error("file '" + csv.cell(1) + "' is not a file name in this folder");
        }
        if (!Files.isRegularFile(file)) {
            throw csv.error("lists " + name + ", which is missing");
        }
        Path mask = folder.resolve("masks").resolve(csv.cell(1));
        return new Entry(csv.timeMillis(0, "time"), file, csv.cell(2), csv.cell(3), Files.isRegularFile(mask) ? mask : null);
    }

    /**
     * The image signal.
     *
     * @return its entry of {@code dataset.json}
     */
    public RecordedSignal signal() {
        return signal;
    }

    /**
     * The images in index order.
     *
     * @return an unmodifiable list
     */
    public List<Entry> entries() {
        return entries;
    }

    /**
     * The number of images.
     *
     * @return the rows of the index
     */
    public int size() {
        return entries.size();
    }

    /**
     * The machine-state labels of the images as class indices.
     *
     * @return the labels in first-seen order, {@code normal} first if present
     */
    public LabelSet labels() {
        return LabelSet.of(entries.stream().map(Entry::label).toList());
    }

    /**
     * The part-defect labels of the images as class indices (for inspection models).
     *
     * @return the defects in first-seen order ({@code normal} first if present; the simulator uses {@code ok})
     */
    public LabelSet defects() {
        Set<String> seen = new LinkedHashSet<>(entries.stream().map(Entry::defect).toList());
        return LabelSet.of(seen);
    }

    /**
     * Checks that every image has a size, reading only the PNG header (IHDR chunk) of each file.
     *
     * @param width the width the pipeline expects, in pixels
     * @param height the height the pipeline expects, in pixels
     * @return this index
     * @throws DatasetException naming the first image that is not a PNG or has another size, with both sizes
     * @throws IOException if an image cannot be read
     */
    public ImageIndex requireSize(int width, int height) throws IOException {
        for (Entry e : entries) {
            int[] size = pngSize(e.file(), Dataset.relative(dataset.dir(), e.file()));
            if (size[0] != width || size[1] != height) {
                throw new DatasetException(Dataset.relative(dataset.dir(), e.file()), 0,
                        "image is " + size[0] + "×" + size[1] + ", the pipeline expects " + width + "×" + height);
            }
        }
        return this;
    }

    /** Width and height from the IHDR chunk, which a valid PNG has right after its signature. */
    private static int[] pngSize(Path file, String name) throws IOException {
        try (InputStream in = Files.newInputStream(file); DataInputStream data = new DataInputStream(in)) {
            byte[] head = new byte[16];
            int read = data.readNBytes(head, 0, head.length);
            if (read < head.length || !Arrays.equals(head, 0, 8, PNG_SIGNATURE, 0, 8)
                    || !new String(head, 12, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("IHDR")) {
                throw new DatasetException(name, 0, "is not a PNG image (no PNG signature and IHDR header)");
            }
            int width = data.readInt();
            int height = data.readInt();
            return new int[] {width, height};
        } catch (java.io.EOFException e) {
            throw new DatasetException(name, 0, "is not a PNG image (the IHDR header is cut short)", e);
        }
    }
}
