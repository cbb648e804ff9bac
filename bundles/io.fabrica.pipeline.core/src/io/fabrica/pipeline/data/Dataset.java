package io.fabrica.pipeline.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * A complete dataset folder written by {@code fabrica record}: {@code dataset.json} (written last),
 * {@code signals.csv}, {@code windows/<slug>.csv} and {@code images/<slug>/…}. {@link #open(Path)}
 * checks that the recording finished and that every listed file is there; the files themselves are
 * read on demand by {@link #scalars(MissingValues)}, {@link #windows(String)} and {@link #images(String)}.
 * Immutable and thread-safe; the readers it creates are not.
 */
public final class Dataset {

    /** The manifest file, written last by the recorder. */
    public static final String MANIFEST = "dataset.json";
    /** The file of the scalar signals. */
    public static final String SIGNALS = "signals.csv";
    private static final String PARTIAL = ".partial";

    private final Path dir;
    private final JsonObject json;
    private final List<RecordedSignal> signals;
    /** The part of an image folder this dataset is, {@code null} for a recording. */
    private final ImageFolder.Part part;

    private Dataset(Path dir, JsonObject json, List<RecordedSignal> signals, ImageFolder.Part part) {
        this.dir = dir;
        this.json = json;
        this.signals = signals;
        this.part = part;
    }

    /**
     * Opens a recording, or the given part of an image folder ({@link ImageFolder}: train/, test/,
     * ground_truth/).
     *
     * @param folder the dataset folder
     * @param imageFolderPart the part to read if the folder is an image folder
     * @return the dataset
     * @throws DatasetException as {@link #open(Path)}, or if the image folder's part has no images
     *         or a mask without an image
     * @throws IOException if the folder cannot be read
     */
    public static Dataset open(Path folder, ImageFolder.Part imageFolderPart) throws IOException {
        Path dir = folder.toAbsolutePath().normalize();
        if (!ImageFolder.isImageFolder(dir)) {
            return open(dir);
        }
        List<ImageIndex.Entry> entries = ImageFolder.entries(dir, imageFolderPart);
        JsonObject json = new JsonObject();
        json.addProperty("labelled", true);
        json.addProperty("images", entries.size());
        RecordedSignal images = new RecordedSignal(ImageFolder.SIGNAL, "", RecordedSignal.IMAGE, "", imageFolderPart.name().toLowerCase(java.util.Locale.ROOT));
        return new Dataset(dir, json, List.of(images), imageFolderPart);
    }

    /**
     * @return whether this dataset is a part of an image folder rather than a recording: its one
     *         image signal feeds any image source of a pipeline
     */
    public boolean isImageFolder() {
        return part != null;
    }

    /**
     * Opens a dataset folder and checks it.
     *
     * @param folder the dataset folder
     * @return the dataset
     * @throws DatasetException if the folder has no {@code dataset.json} (the recording did not
     *         finish), holds leftover {@code .partial} files, {@code dataset.json} is malformed, or a
     *         file it lists is missing
     * @throws IOException if the folder cannot be read
     */
    public static Dataset open(Path folder) throws IOException {
        Path dir = folder.toAbsolutePath().normalize();
        Path manifest = dir.resolve(MANIFEST);
        List<String> partials = Files.isDirectory(dir) ? partialFiles(dir) : List.of();
        if (!Files.isRegularFile(manifest)) {
            throw new DatasetException(MANIFEST, 0, dir + " is not a complete dataset: dataset.json is missing (the recording did not finish?)"
                    + (partials.isEmpty() ? "" : "; unfinished files: " + String.join(", ", partials)));
        }
        if (!partials.isEmpty()) {
            throw new DatasetException(partials.get(0), 0, "leftover unfinished file: the recording did not end cleanly"
                    + (partials.size() > 1 ? " (" + partials.size() + " .partial files in all)" : "") + "; record the dataset again");
        }
        JsonObject json = parse(manifest);
        Dataset dataset = new Dataset(dir, json, signalsOf(json), null);
        dataset.checkFiles();
        return dataset;
    }

    private static List<String> partialFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(PARTIAL)).map(p -> relative(dir, p)).sorted().toList();
        }
    }

    private static JsonObject parse(Path manifest) throws IOException {
        try {
            JsonElement root = JsonParser.parseString(Files.readString(manifest, StandardCharsets.UTF_8));
            if (!root.isJsonObject()) {
                throw new DatasetException(MANIFEST, 0, "is not a JSON object");
            }
            return root.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new DatasetException(MANIFEST, 0, "is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static List<RecordedSignal> signalsOf(JsonObject json) throws DatasetException {
        JsonElement list = json.get("signals");
        if (list == null || !list.isJsonArray()) {
            throw new DatasetException(MANIFEST, 0, "field 'signals' is missing or not a list");
        }
        List<RecordedSignal> signals = new ArrayList<>();
        for (JsonElement e : list.getAsJsonArray()) {
            if (!e.isJsonObject()) {
                throw new DatasetException(MANIFEST, 0, "signal #" + (signals.size() + 1) + " is not an object");
            }
            JsonObject s = e.getAsJsonObject();
            String where = "signal #" + (signals.size() + 1);
            signals.add(new RecordedSignal(text(s, "path", where, true), text(s, "id", where, false), text(s, "type", where, true),
                    text(s, "unit", where, false), text(s, "file", where, true)));
        }
        return List.copyOf(signals);
    }

    private static String text(JsonObject o, String field, String where, boolean required) throws DatasetException {
        JsonElement e = o.get(field);
        if (e == null || e.isJsonNull()) {
            if (required) {
                throw new DatasetException(MANIFEST, 0, where + ": field '" + field + "' is missing");
            }
            return "";
        }
        if (!e.isJsonPrimitive()) {
            throw new DatasetException(MANIFEST, 0, where + ": field '" + field + "' is not a text");
        }
        return e.getAsString();
    }

    private void checkFiles() throws DatasetException {
        for (RecordedSignal s : signals) {
            Path file = dir.resolve(s.file()).normalize();
            if (!file.startsWith(dir)) {
                throw new DatasetException(MANIFEST, 0, "signal '" + s.path() + "' lists file '" + s.file() + "' outside the dataset folder");
            }
            if (!Files.isRegularFile(file)) {
                throw new DatasetException(s.file(), 0, "is missing, but dataset.json lists it for signal '" + s.path() + "'");
            }
        }
    }

    /**
     * The dataset folder.
     *
     * @return the folder given to {@link #open(Path)}, absolute and normalized
     */
    public Path dir() {
        return dir;
    }

    /**
     * The name of the recorded plant.
     *
     * @return the {@code plant} field of {@code dataset.json}, empty if absent
     */
    public String plant() {
        return optionalText("plant");
    }

    /**
     * The device endpoint the data came from.
     *
     * @return the {@code endpoint} field of {@code dataset.json}, empty if absent
     */
    public String endpoint() {
        return optionalText("endpoint");
    }

    /**
     * Whether the simulator's ground truth was recorded: a {@code label} column in {@code signals.csv}.
     *
     * @return the {@code labelled} field of {@code dataset.json}, false if absent
     */
    public boolean labelled() {
        JsonElement e = json.get("labelled");
        return e != null && e.isJsonPrimitive() && e.getAsBoolean();
    }

    /**
     * How long the recording ran.
     *
     * @return the {@code recordedSeconds} field, 0 if absent
     */
    public double recordedSeconds() {
        return number("recordedSeconds");
    }

    /**
     * The rows of {@code signals.csv} the recorder reported.
     *
     * @return the {@code rows} field, 0 if absent
     */
    public long rows() {
        return (long) number("rows");
    }

    /**
     * The array windows the recorder reported, all array signals together.
     *
     * @return the {@code windows} field, 0 if absent
     */
    public long windows() {
        return (long) number("windows");
    }

    /**
     * The images the recorder reported, all image signals together.
     *
     * @return the {@code images} field, 0 if absent
     */
    public long images() {
        return (long) number("images");
    }

    /**
     * All recorded signals in the order of {@code dataset.json}: scalars, then arrays, then images.
     *
     * @return an unmodifiable list
     */
    public List<RecordedSignal> signals() {
        return signals;
    }

    /**
     * The signals that are columns of {@code signals.csv}, in column order.
     *
     * @return an unmodifiable list, empty if only arrays or images were recorded
     */
    public List<RecordedSignal> scalarColumns() {
        return signals.stream().filter(RecordedSignal::isScalar).toList();
    }

    /**
     * The signal with an element path.
     *
     * @param path the element path, as in {@link RecordedSignal#path()}
     * @return the signal
     * @throws DatasetException if the dataset has no such signal (the message lists the signals it has)
     */
    public RecordedSignal signal(String path) throws DatasetException {
        for (RecordedSignal s : signals) {
            if (s.path().equals(path)) {
                return s;
            }
        }
        throw new DatasetException(MANIFEST, 0, "no signal '" + path + "'; the dataset has: "
                + String.join(", ", signals.stream().map(RecordedSignal::path).toList()));
    }

    /**
     * The sample rate of an array signal, as {@code fabrica import-dataset} records it (field
     * {@code sampleRate} of the signal in {@code dataset.json}).
     *
     * @param path the element path of the signal
     * @return samples per second, 0 if the dataset does not say (recordings of a plant: see its signal)
     * @throws DatasetException if the dataset has no such signal
     */
    public double sampleRate(String path) throws DatasetException {
        signal(path);
        for (JsonElement e : json.getAsJsonArray("signals")) {
            JsonObject s = e.getAsJsonObject();
            JsonElement rate = s.get("sampleRate");
            if (path.equals(s.get("path").getAsString()) && rate != null && rate.isJsonPrimitive() && rate.getAsJsonPrimitive().isNumber()) {
                return rate.getAsDouble();
            }
        }
        return 0;
    }

    /**
     * Reads {@code signals.csv} into memory.
     *
     * @param missing what to do with blank or non-finite cells and blank labels
     * @return the table
     * @throws DatasetException if the file is malformed or, with {@link MissingValues#FAIL}, has a missing value
     * @throws IOException if it cannot be read
     */
    public ScalarTable scalars(MissingValues missing) throws IOException {
        return ScalarTable.read(this, missing);
    }

    /**
     * Opens the windows of an array signal for streaming.
     *
     * @param path the element path of a {@code NumberArray} signal
     * @return the series, header already checked
     * @throws DatasetException if there is no such array signal or its header is malformed
     * @throws IOException if the file cannot be read
     */
    public WindowSeries windows(String path) throws IOException {
        return new WindowSeries(this, requireType(signal(path), RecordedSignal.NUMBER_ARRAY));
    }

    /**
     * Reads the image index of an image signal and checks that every listed PNG exists.
     *
     * @param path the element path of an {@code Image} signal
     * @return the index
     * @throws DatasetException if there is no such image signal, the index is malformed or a listed PNG is missing
     * @throws IOException if a file cannot be read
     */
    public ImageIndex images(String path) throws IOException {
        if (part != null) {
            return ImageIndex.of(this, signals.get(0), ImageFolder.entries(dir, part));
        }
        return ImageIndex.read(this, requireType(signal(path), RecordedSignal.IMAGE));
    }

    private static RecordedSignal requireType(RecordedSignal s, String type) throws DatasetException {
        if (!s.type().equals(type)) {
            throw new DatasetException(MANIFEST, 0, "signal '" + s.path() + "' is " + s.type() + ", not " + type);
        }
        return s;
    }

    private String optionalText(String field) {
        JsonElement e = json.get(field);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : "";
    }

    private double number(String field) {
        JsonElement e = json.get(field);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber() ? e.getAsDouble() : 0;
    }

    /** A file of the dataset from its relative name. */
    Path resolve(String relative) {
        return dir.resolve(relative);
    }

    /** The name of a file relative to the dataset folder, with {@code /} separators, for messages. */
    static String relative(Path dir, Path file) {
        return dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }
}
