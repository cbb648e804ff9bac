package io.fabrica.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.fabrica.examples.SharedData;
import io.fabrica.pipeline.data.Dataset;
import io.fabrica.pipeline.data.RecordedSignal;
import io.fabrica.pipeline.data.WindowSeries;

/**
 * {@code fabrica import-dataset} on a slice of the real CWRU bearing recordings ({@code ../shared/data}
 * beside the repository), {@code fabrica new-pipeline} on the result, and bad input: every bad file is
 * one line naming the file (and line), exit 1, and no dataset; bad usage exits 2.
 */
class ImportDatasetCommandTest {

    private static final String LABELS = "1797_([^.]+?)(?:_DE12)?\\.csv";

    @TempDir
    Path project;

    private RegisteredCli cli;

    @BeforeEach
    void registeredCommands() throws Exception {
        cli = new RegisteredCli(project);
    }

    private static Path cwru() {
        return SharedData.locate("cwru-bearing");
    }

    @Test
    void importsASliceOfTheRealCwruRecordingsAsADataset() throws Exception {
        Path data = cwru();
        assertTrue(Files.isDirectory(data), "the CWRU data (../shared/data/cwru-bearing beside the repository) is missing: " + data);
        Path normal = data.resolve("1797_Normal.csv");
        Path fault = data.resolve("1797_IR_7_DE12.csv");
        assertEquals(0, run("import-dataset", normal + "@0:0.05", fault.toString(), "--to", "0.1", "--rate", "12000", "--column",
                "drive_end_accel", "--signal", "Vibration", "--unit", "[g]", "--window", "1024", "--hop", "512", "--label-from-filename", LABELS,
                "-o", "ds"), cli.err());
        Dataset dataset = Dataset.open(project.resolve("ds"));
        RecordedSignal signal = dataset.signals().get(0);
        assertEquals("Imported/Site/Area/Line/Machine/Vibration", signal.path());
        assertEquals("[g]", signal.unit());
        assertTrue(signal.isWindows());
        assertEquals(12000, dataset.sampleRate(signal.path()));
        assertTrue(dataset.labelled());
        WindowSeries windows = dataset.windows(signal.path());
        assertEquals(1024, windows.windowLength());
        long normalWindows = (243938 / 20 - 1024) / 512 + 1;
        long faultWindows = ((long) Math.floor(0.1 * 121265) - 1024) / 512 + 1;
        assertEquals(normalWindows + faultWindows, windows.count());
        assertEquals(List.of("normal", "ir_7"), windows.labels().labels());
        assertEquals(windows.count(), dataset.scalars(io.fabrica.pipeline.data.MissingValues.FAIL).timesMillis().length);
        checkFirstWindow(windows, normal);
        checkProvenance(project.resolve("ds/dataset.json"), normal, 243938, 0, 243938 / 20);
    }

    private static void checkFirstWindow(WindowSeries windows, Path csv) throws Exception {
        double[] expected;
        try (Stream<String> lines = Files.lines(csv)) {
            expected = lines.skip(1).limit(1024).mapToDouble(l -> Double.parseDouble(l.split(",")[1])).toArray();
        }
        double[][] first = new double[1][];
        windows.forEach((samples, time, label) -> {
            if (first[0] == null) {
                first[0] = samples.clone();
            }
        });
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], first[0][i], 0, "sample " + i + " of the first window");
        }
    }

    private static void checkProvenance(Path manifest, Path csv, long rows, long first, long end) throws Exception {
        JsonObject source = JsonParser.parseString(Files.readString(manifest)).getAsJsonObject().getAsJsonArray("sources").get(0)
                .getAsJsonObject();
        assertEquals(csv.toString(), source.get("path").getAsString());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(csv))),
                source.get("sha256").getAsString());
        assertEquals(rows, source.get("rows").getAsLong());
        assertEquals(first, source.get("firstSample").getAsLong());
        assertEquals(end, source.get("endSample").getAsLong());
        assertEquals("normal", source.get("label").getAsString());
    }

    @Test
    void newPipelineMakesAValidPdmPipelineForTheDatasetSignals() throws Exception {
        Files.writeString(project.resolve("normal.csv"), csv(3000, false));
        assertEquals(0, run("import-dataset", "normal.csv", "--rate", "1000", "--column", "accel", "--unit", "m/s2", "--window", "256",
                "--label", "normal", "-o", "ds"), cli.err());
        assertEquals(0, run("new-pipeline", "pdm", "--data", "ds", "-o", "pipelines/vib.pipeline"), cli.err());
        assertTrue(Files.isRegularFile(project.resolve("pipelines/vib.plant")));
        assertEquals(0, run("validate", "pipelines/vib.pipeline"), cli.out() + cli.err());
        String pipeline = Files.readString(project.resolve("pipelines/vib.pipeline"));
        assertTrue(pipeline.contains("vib.plant#") && pipeline.contains("fft-band-energy") && pipeline.contains("kurtosis"), pipeline);
        assertEquals(1, run("new-pipeline", "pdm", "--data", "ds", "-o", "pipelines/vib.pipeline"));
        assertTrue(cli.err().contains("vib.pipeline") && cli.err().contains("--force"), cli.err());
        assertEquals(0, run("new-pipeline", "pdm", "--data", "ds", "-o", "pipelines/vib.pipeline", "--force"), cli.err());
    }

    @Test
    void aMissingColumnIsOneLineNamingTheFileAndNoDataset() throws Exception {
        Files.writeString(project.resolve("rec.csv"), csv(3000, false));
        assertEquals(1, run("import-dataset", "rec.csv", "--rate", "1000", "--column", "velocity", "-o", "ds"));
        assertOneLine("rec.csv:1", "velocity");
        assertFalse(Files.exists(project.resolve("ds")), "no dataset folder");
    }

    @Test
    void aNonNumericCellIsOneLineNamingTheFileAndLineAndNoDataset() throws Exception {
        Files.writeString(project.resolve("good.csv"), csv(3000, false));
        Files.writeString(project.resolve("bad.csv"), csv(3000, true));
        assertEquals(1, run("import-dataset", "good.csv", "bad.csv", "--rate", "1000", "--column", "accel", "--window", "256", "-o", "ds"));
        assertOneLine("bad.csv:1502", "'n/a', not a number");
        assertFalse(Files.exists(project.resolve("ds")), "no dataset folder");
    }

    @Test
    void aBlockShorterThanAWindowAndAMissingFileAreNamed() throws Exception {
        Files.writeString(project.resolve("rec.csv"), csv(3000, false));
        assertEquals(1, run("import-dataset", "rec.csv", "--rate", "1000", "--column", "accel", "--to", "0.01", "-o", "ds"));
        assertOneLine("rec.csv", "fewer than one window of 1024");
        assertEquals(1, run("import-dataset", "gone.csv", "--rate", "1000", "--column", "accel", "-o", "ds"));
        assertOneLine("gone.csv", "no such file");
        assertFalse(Files.exists(project.resolve("ds")), "no dataset folder");
    }

    @Test
    void badUsageExitsTwo() throws Exception {
        Files.writeString(project.resolve("rec.csv"), csv(3000, false));
        assertEquals(2, run("import-dataset", "rec.csv", "--column", "accel", "-o", "ds"));
        assertTrue(cli.err().contains("--rate"), cli.err());
        assertEquals(2, run("import-dataset", "rec.csv", "--rate", "fast", "--column", "accel", "-o", "ds"));
        assertEquals(2, run("import-dataset", "rec.csv", "--rate", "1000", "-o", "ds"));
        assertEquals(2, run("import-dataset", "rec.csv", "--rate", "1000", "--column", "accel"));
        assertEquals(2, run("import-dataset", "rec.csv", "--rate", "1000", "--column", "accel", "--from", "0.7", "--to", "0.6", "-o", "ds"));
        assertEquals(2, run("import-dataset", "rec.csv", "--rate", "1000", "--column", "accel", "--unit", "furlongs", "-o", "ds"));
        assertEquals(2, run("import-dataset", "rec.csv", "--rate", "1000", "--column", "accel", "--label-from-filename", "^x_(.*)", "-o", "ds"));
        assertTrue(cli.err().contains("rec.csv"), cli.err());
        assertEquals(2, run("new-pipeline", "pdm", "--data", "ds"));
        assertFalse(Files.exists(project.resolve("ds")), "no dataset folder");
    }

    private void assertOneLine(String... parts) {
        String err = cli.err().strip();
        assertEquals(1, err.lines().count(), err);
        for (String part : parts) {
            assertTrue(err.contains(part), "'" + part + "' in: " + err);
        }
    }

    /** A recording {@code time_s,accel} of a sine; with {@code broken}, line 1502 holds "n/a". */
    private static String csv(int rows, boolean broken) {
        StringBuilder text = new StringBuilder("time_s,accel\n");
        for (int i = 0; i < rows; i++) {
            String value = broken && i == 1500 ? "n/a" : Double.toString(Math.sin(i * 0.3));
            text.append(i / 1000.0).append(',').append(value).append('\n');
        }
        return text.toString();
    }

    private int run(String... args) {
        return cli.run(args);
    }
}
