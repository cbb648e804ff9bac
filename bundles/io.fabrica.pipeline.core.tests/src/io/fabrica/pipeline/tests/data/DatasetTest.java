package io.fabrica.pipeline.tests.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabrica.pipeline.data.Dataset;
import io.fabrica.pipeline.data.DatasetException;
import io.fabrica.pipeline.data.ImageIndex;
import io.fabrica.pipeline.data.LabelSet;
import io.fabrica.pipeline.data.MissingValues;
import io.fabrica.pipeline.data.ScalarTable;
import io.fabrica.pipeline.data.WindowSeries;

/** Reads small datasets written by hand in the format of {@code io.fabrica.devices.core.Recorder}. */
class DatasetTest {

    private static final String LINE = "Test Plant/Site/Line, 1/Spindle/";
    private static final String TEMP = LINE + "Bearing Temperature";
    private static final String RUNNING = LINE + "Running";
    private static final String VIBRATION = LINE + "Vibration";
    private static final String CAMERA = "Test Plant/Site/Line, 1/Camera/Part Image";
    private static final String WINDOWS = "windows/line-1-spindle-vibration.csv";
    private static final String IMAGES = "images/line-1-camera-part-image";
    private static final int WINDOW = 8;
    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00.000Z");

    @TempDir
    Path dir;

    @BeforeEach
    void writeDataset() throws IOException {
        writeManifest();
        writeSignals(row(0, "40.5", "1", "normal"), row(1, "40.6", "0", "normal"), row(2, "41.25", "1", "bearing-outer-race"));
        writeWindows(window(0, "normal", WINDOW), window(1, "normal", WINDOW), window(2, "bearing-outer-race", WINDOW));
        writeImages(4, 3);
    }

    // --- dataset.json ---

    @Test
    void opensTheManifest() throws IOException {
        Dataset ds = Dataset.open(dir);
        assertEquals("Test Plant", ds.plant());
        assertTrue(ds.labelled());
        assertEquals(4, ds.signals().size());
        assertEquals(List.of(TEMP, RUNNING), ds.scalarColumns().stream().map(s -> s.path()).toList());
        assertEquals("Cel", ds.signals().get(0).unit());
        assertEquals(WINDOWS, ds.signal(VIBRATION).file());
    }

    @Test
    void refusesAFolderWithoutDatasetJson() throws IOException {
        Files.delete(dir.resolve("dataset.json"));
        DatasetException e = assertThrows(DatasetException.class, () -> Dataset.open(dir));
        assertEquals("dataset.json", e.file());
        assertTrue(e.getMessage().startsWith("dataset.json: "), e.getMessage());
        assertTrue(e.getMessage().contains("is not a complete dataset: dataset.json is missing (the recording did not finish?)"), e.getMessage());
    }

    @Test
    void refusesLeftoverPartialFiles() throws IOException {
        Files.writeString(dir.resolve(IMAGES).resolve("000003.png.partial"), "half");
        DatasetException e = assertThrows(DatasetException.class, () -> Dataset.open(dir));
        assertEquals(IMAGES + "/000003.png.partial", e.file());
        assertTrue(e.getMessage().startsWith(IMAGES + "/000003.png.partial: leftover unfinished file"), e.getMessage());
    }

    @Test
    void refusesAMissingListedFile() throws IOException {
        Files.delete(dir.resolve(WINDOWS));
        DatasetException e = assertThrows(DatasetException.class, () -> Dataset.open(dir));
        assertEquals(WINDOWS, e.file());
        assertTrue(e.getMessage().contains("is missing") && e.getMessage().contains(VIBRATION), e.getMessage());
    }

    // --- signals.csv ---

    @Test
    void readsColumnsLabelsAndTimes() throws IOException {
        ScalarTable table = Dataset.open(dir).scalars(MissingValues.FAIL);
        assertEquals(List.of(TEMP, RUNNING), table.columns());
        assertArrayEquals(new double[] {40.5, 40.6, 41.25}, table.column(TEMP));
        assertArrayEquals(new double[] {40.5, 40.6, 41.25}, table.column(TEMP + " [Cel]"));
        assertArrayEquals(new double[] {1, 0, 1}, table.column(RUNNING));
        assertArrayEquals(new String[] {"normal", "normal", "bearing-outer-race"}, table.labels());
        assertArrayEquals(new long[] {T0.toEpochMilli(), T0.toEpochMilli() + 100, T0.toEpochMilli() + 200}, table.timesMillis());
        assertEquals("Cel", table.unit(TEMP));
        assertArrayEquals(new double[] {40.5, 40.6, 41.25}, table.requireColumn(TEMP, "Cel"));
    }

    @Test
    void unitMismatchNamesTheColumnAndBothUnits() throws IOException {
        ScalarTable table = Dataset.open(dir).scalars(MissingValues.FAIL);
        DatasetException e = assertThrows(DatasetException.class, () -> table.requireColumn(TEMP, "K"));
        assertEquals("signals.csv: column '" + TEMP + "' is in Cel, the pipeline expects K", e.getMessage());
        assertEquals(0, e.line());
    }

    @Test
    void missingColumnListsTheColumnsThereAre() throws IOException {
        ScalarTable table = Dataset.open(dir).scalars(MissingValues.FAIL);
        DatasetException e = assertThrows(DatasetException.class, () -> table.column(LINE + "Motor Current"));
        assertEquals("signals.csv: no column '" + LINE + "Motor Current'; it has: " + TEMP + " [Cel], " + RUNNING, e.getMessage());
    }

    @Test
    void nanCellIsAnErrorWithLineAndColumn() throws IOException {
        writeSignals(row(0, "40.5", "1", "normal"), row(1, "NaN", "0", "normal"), row(2, "41.25", "1", "normal"));
        DatasetException e = assertThrows(DatasetException.class, () -> Dataset.open(dir).scalars(MissingValues.FAIL));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().startsWith("signals.csv:3: column '" + TEMP + "' is NaN"), e.getMessage());
    }

    @Test
    void blankCellsAreDroppedOrForwardFilledOnRequest() throws IOException {
        writeSignals(row(0, "", "", ""), row(1, "40.5", "1", "normal"), row(2, "", "0", "normal"), row(3, "41.0", "1", ""));
        DatasetException e = assertThrows(DatasetException.class, () -> Dataset.open(dir).scalars(MissingValues.FAIL));
        assertTrue(e.getMessage().startsWith("signals.csv:2: column '" + TEMP + "' is blank"), e.getMessage());

        ScalarTable dropped = Dataset.open(dir).scalars(MissingValues.DROP_ROW);
        assertArrayEquals(new double[] {40.5}, dropped.column(TEMP));
        assertEquals(3, dropped.droppedRows());

        ScalarTable filled = Dataset.open(dir).scalars(MissingValues.FORWARD_FILL);
        assertArrayEquals(new double[] {40.5, 40.5, 41.0}, filled.column(TEMP));
        assertArrayEquals(new String[] {"normal", "normal", "normal"}, filled.labels());
        assertEquals(T0.toEpochMilli() + 100, filled.timesMillis()[0]);
        assertEquals(1, filled.droppedRows());
    }

    @Test
    void shortRowNamesFileAndLine() throws IOException {
        writeSignals(row(0, "40.5", "1", "normal"), T0 + ",0.100,40.6,normal");
        DatasetException e = assertThrows(DatasetException.class, () -> Dataset.open(dir).scalars(MissingValues.FAIL));
        assertEquals("signals.csv:3: row has 4 cells, the header has 5", e.getMessage());
    }

    @Test
    void cellThatIsNotANumberIsAlwaysAnError() throws IOException {
        writeSignals(row(0, "warm", "1", "normal"));
        DatasetException e = assertThrows(DatasetException.class, () -> Dataset.open(dir).scalars(MissingValues.FORWARD_FILL));
        assertEquals("signals.csv:2: column '" + TEMP + "' holds 'warm', not a number", e.getMessage());
    }

    // --- windows ---

    @Test
    void iteratesWindowsReusingOneBuffer() throws IOException {
        WindowSeries series = Dataset.open(dir).windows(VIBRATION);
        assertEquals(WINDOW, series.windowLength());
        List<double[]> buffers = new ArrayList<>();
        List<double[]> copies = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        long n = series.forEach((samples, time, label) -> {
            buffers.add(samples);
            copies.add(samples.clone());
            labels.add(label);
            times.add(time);
        });
        assertEquals(3, n);
        assertEquals(3, series.count());
        assertSame(buffers.get(0), buffers.get(1));
        assertSame(buffers.get(1), buffers.get(2));
        assertArrayEquals(samples(2, WINDOW), copies.get(2));
        assertArrayEquals(samples(0, WINDOW), copies.get(0));
        assertEquals(List.of("normal", "normal", "bearing-outer-race"), labels);
        assertEquals(T0.toEpochMilli() + 100, times.get(1));
        assertEquals(List.of("normal", "bearing-outer-race"), series.labels().labels());
    }

    @Test
    void windowOfTheWrongLengthNamesFileAndLine() throws IOException {
        writeWindows(window(0, "normal", WINDOW), window(1, "normal", WINDOW - 1));
        WindowSeries series = Dataset.open(dir).windows(VIBRATION);
        DatasetException e = assertThrows(DatasetException.class, () -> series.forEach((s, t, l) -> { }));
        assertEquals(WINDOWS, e.file());
        assertEquals(3, e.line());
        assertEquals(WINDOWS + ":3: window has 7 samples, the header has 8", e.getMessage());
    }

    @Test
    void nanSampleNamesFileLineAndIndex() throws IOException {
        writeWindows(window(0, "normal", WINDOW).replaceFirst(",0\\.75,", ",NaN,"));
        WindowSeries series = Dataset.open(dir).windows(VIBRATION);
        DatasetException e = assertThrows(DatasetException.class, () -> series.forEach((s, t, l) -> { }));
        assertEquals(WINDOWS + ":2: sample [3] is NaN", e.getMessage());
    }

    // --- images ---

    @Test
    void readsTheImageIndex() throws IOException {
        ImageIndex images = Dataset.open(dir).images(CAMERA);
        assertEquals(2, images.size());
        assertEquals(dir.resolve(IMAGES).resolve("000002.png"), images.entries().get(1).file());
        assertEquals("scratch", images.entries().get(1).defect());
        assertEquals("normal", images.entries().get(0).label());
        assertSame(images, images.requireSize(4, 3));
    }

    @Test
    void missingPngIsNamed() throws IOException {
        Files.delete(dir.resolve(IMAGES).resolve("000002.png"));
        DatasetException e = assertThrows(DatasetException.class, () -> Dataset.open(dir).images(CAMERA));
        assertEquals(IMAGES + "/index.csv", e.file());
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains(IMAGES + "/000002.png, which is missing"), e.getMessage());
    }

    @Test
    void wrongImageSizeIsReadFromTheHeader() throws IOException {
        ImageIO.write(new BufferedImage(6, 5, BufferedImage.TYPE_BYTE_GRAY), "png", dir.resolve(IMAGES).resolve("000002.png").toFile());
        ImageIndex images = Dataset.open(dir).images(CAMERA);
        DatasetException e = assertThrows(DatasetException.class, () -> images.requireSize(4, 3));
        assertEquals(IMAGES + "/000002.png: image is 6×5, the pipeline expects 4×3", e.getMessage());
    }

    @Test
    void fileThatIsNotAPngIsReported() throws IOException {
        Files.writeString(dir.resolve(IMAGES).resolve("000001.png"), "not an image at all");
        ImageIndex images = Dataset.open(dir).images(CAMERA);
        DatasetException e = assertThrows(DatasetException.class, () -> images.requireSize(4, 3));
        assertEquals(IMAGES + "/000001.png", e.file());
    }

    // --- labels ---

    @Test
    void normalIsAlwaysClassZero() {
        LabelSet set = LabelSet.of("bearing-outer-race", "", "normal", "imbalance", "bearing-outer-race");
        assertEquals(List.of("normal", "bearing-outer-race", "imbalance"), set.labels());
        assertEquals(0, set.index("normal"));
        assertEquals(2, set.index("imbalance"));
        assertArrayEquals(new int[] {1, 0, 2}, set.indices(new String[] {"bearing-outer-race", "normal", "imbalance"}));
        assertFalse(set.contains(""));
        assertThrows(IllegalArgumentException.class, () -> set.index("misalignment"));
        assertEquals(List.of("b", "a"), LabelSet.of("b", "a", "b").labels());
    }

    @Test
    void labelsOfTheTableAsClassIndices() throws IOException {
        ScalarTable table = Dataset.open(dir).scalars(MissingValues.FAIL);
        LabelSet set = LabelSet.of(table.labels());
        assertArrayEquals(new int[] {0, 0, 1}, set.indices(table.labels()));
    }

    // --- writing datasets in the recorder's format ---

    private void writeManifest() throws IOException {
        String json = """
                {
                  "plant": "Test Plant",
                  "endpoint": "opc.tcp://localhost:4840/test",
                  "recordedSeconds": 0.3,
                  "labelled": true,
                  "rows": 3,
                  "windows": 3,
                  "images": 2,
                  "signals": [
                    {"path": "%s", "id": "t1", "type": "Double", "unit": "Cel", "file": "signals.csv"},
                    {"path": "%s", "id": "r1", "type": "Boolean", "unit": "", "file": "signals.csv"},
                    {"path": "%s", "id": "v1", "type": "NumberArray", "unit": "m/s2", "file": "%s"},
                    {"path": "%s", "id": "c1", "type": "Image", "unit": "", "file": "%s/index.csv"}
                  ]
                }
                """.formatted(TEMP, RUNNING, VIBRATION, WINDOWS, CAMERA, IMAGES);
        Files.writeString(dir.resolve("dataset.json"), json);
    }

    private void writeSignals(String... rows) throws IOException {
        String header = csv("time", "elapsed_s", TEMP + " [Cel]", RUNNING, "label");
        Files.writeString(dir.resolve("signals.csv"), header + "\n" + String.join("\n", rows) + "\n");
    }

    private static String row(int i, String temp, String running, String label) {
        return csv(T0.plusMillis(100L * i).toString(), String.format(java.util.Locale.ROOT, "%.3f", i / 10.0), temp, running, label);
    }

    private void writeWindows(String... rows) throws IOException {
        List<String> header = new ArrayList<>(List.of("time", "label"));
        for (int i = 0; i < WINDOW; i++) {
            header.add("Vibration[" + i + "] [m/s2]");
        }
        Files.createDirectories(dir.resolve(WINDOWS).getParent());
        Files.writeString(dir.resolve(WINDOWS), csv(header.toArray(String[]::new)) + "\n" + String.join("\n", rows) + "\n");
    }

    private static String window(int i, String label, int length) {
        StringBuilder row = new StringBuilder(csv(T0.plusMillis(100L * i).toString(), label));
        for (double v : samples(i, length)) {
            row.append(',').append(Double.toString(v));
        }
        return row.toString();
    }

    private static double[] samples(int i, int length) {
        double[] s = new double[length];
        for (int k = 0; k < length; k++) {
            s[k] = i + 0.25 * k;
        }
        return s;
    }

    private void writeImages(int width, int height) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(IMAGES));
        for (String file : List.of("000001.png", "000002.png")) {
            ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY), "png", folder.resolve(file).toFile());
        }
        Files.writeString(folder.resolve("index.csv"), "time,file,label,defect\n"
                + csv(T0.toString(), "000001.png", "normal", "ok") + "\n"
                + csv(T0.plusMillis(500).toString(), "000002.png", "bearing-outer-race", "scratch") + "\n");
    }

    /** One CSV row, cells quoted only when they must be (RFC 4180). */
    private static String csv(String... cells) {
        StringBuilder row = new StringBuilder();
        for (String cell : cells) {
            row.append(row.isEmpty() ? "" : ",");
            boolean quote = cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r");
            row.append(quote ? '"' + cell.replace("\"", "\"\"") + '"' : cell);
        }
        return row.toString();
    }
}
