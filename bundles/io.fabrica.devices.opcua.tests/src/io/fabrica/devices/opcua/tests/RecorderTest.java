package io.fabrica.devices.opcua.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabrica.devices.api.ConnectionSpec;
import io.fabrica.devices.api.DeviceSession;
import io.fabrica.devices.core.Recorder;
import io.fabrica.devices.opcua.internal.OpcUaDriver;
import io.fabrica.devices.sim.SimulatedPlant;
import io.fabrica.devices.sim.generators.Fault;
import io.fabrica.examples.Examples;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.resource.PlantFiles;

/** Recording the demo plant from the simulator: labelled CSVs, windows, images, and a clean stop. */
class RecorderTest {

    @TempDir
    Path tmp;

    private Enterprise plant;
    private SimulatedPlant sim;
    private DeviceSession session;

    @BeforeEach
    void start() throws Exception {
        plant = PlantFiles.load(Examples.copyDemoProject(tmp.resolve("demo")));
        sim = SimulatedPlant.start(plant, SimulatedPlant.Options.loopback(OpcUaDriverTest.freePort()));
        session = new OpcUaDriver().connect(ConnectionSpec.anonymous(sim.endpointUrl())).get(20, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        session.close();
        sim.close();
    }

    @Test
    void recordingHasLabelledRowsWindowsAndImages() throws Exception {
        Path dataset = tmp.resolve("dataset");
        Thread fault = new Thread(() -> {
            sleep(1500);
            sim.injectFault(Fault.BEARING_OUTER_RACE, 10);
        });
        fault.start();
        Recorder.Summary summary = Recorder.record(session, plant, new Recorder.Options(dataset, Duration.ofSeconds(3), Duration.ofMillis(100)),
                p -> { }, () -> false);
        fault.join();

        assertTrue(summary.labelled());
        assertFalse(summary.stoppedEarly());
        List<String> rows = Files.readAllLines(dataset.resolve("signals.csv"));
        String header = rows.get(0);
        assertTrue(header.startsWith("time,elapsed_s,"), header);
        assertTrue(header.contains("Spindle/Bearing Temperature [Cel]") && header.contains("Spindle/Motor Current [A]"), header);
        assertTrue(header.endsWith(",label"), header);
        assertTrue(rows.size() > 20, "about ten rows a second: " + rows.size());
        assertTrue(rows.stream().skip(1).noneMatch(r -> r.contains(",,")), "every row has every value once recording started");
        assertTrue(rows.stream().anyMatch(r -> r.endsWith(",normal")), "healthy rows before the fault");
        assertTrue(rows.stream().anyMatch(r -> r.endsWith(",bearing-outer-race")), "fault rows after it");

        Path windows;
        try (Stream<Path> files = Files.list(dataset.resolve("windows"))) {
            windows = files.findFirst().orElseThrow();
        }
        List<String> windowRows = Files.readAllLines(windows);
        assertEquals(2 + 1024, windowRows.get(0).split(",").length, "time, label and 1024 samples");
        assertTrue(windowRows.get(0).contains("Vibration[0] [m/s2]"), windowRows.get(0).substring(0, 60));
        assertTrue(windowRows.size() > 15, "about ten windows a second: " + windowRows.size());
        assertEquals(summary.windows(), windowRows.size() - 1);

        Path images;
        try (Stream<Path> folders = Files.list(dataset.resolve("images"))) {
            images = folders.findFirst().orElseThrow();
        }
        List<String> index = Files.readAllLines(images.resolve("index.csv"));
        assertEquals("time,file,label,defect", index.get(0));
        assertEquals(summary.images(), index.size() - 1);
        String[] first = index.get(1).split(",");
        assertTrue(List.of("ok", "scratch", "spot", "dent").contains(first[3]), index.get(1));
        assertEquals(1280, ImageIO.read(images.resolve(first[1]).toFile()).getWidth());

        String manifest = Files.readString(dataset.resolve("dataset.json"));
        assertTrue(manifest.contains("\"labelled\": true") && manifest.contains("Spindle/Vibration"), manifest);
        assertNoPartialFiles(dataset);
    }

    @Test
    void eachImageIsLabelledWithItsOwnDefectAndMask() throws Exception {
        session.close();
        sim.close();
        sim = SimulatedPlant.start(plant, new SimulatedPlant.Options("127.0.0.1", OpcUaDriverTest.freePort(), 11, null, 0.5));
        session = new OpcUaDriver().connect(ConnectionSpec.anonymous(sim.endpointUrl())).get(20, TimeUnit.SECONDS);
        Path dataset = tmp.resolve("parts");
        Recorder.record(session, plant, new Recorder.Options(dataset, Duration.ofSeconds(6), Duration.ofMillis(100)), p -> { }, () -> false);

        Path images;
        try (Stream<Path> folders = Files.list(dataset.resolve("images"))) {
            images = folders.findFirst().orElseThrow();
        }
        List<String> rows = Files.readAllLines(images.resolve("index.csv")).stream().skip(1).toList();
        assertTrue(rows.size() >= 8, "two parts a second: " + rows.size());
        long defects = 0;
        for (String row : rows) {
            String[] cells = row.split(",");
            boolean masked = Files.isRegularFile(images.resolve("masks").resolve(cells[1]));
            // the simulator marks every defect it stamps; a label taken from the separate PartDefect
            // variable would belong to the neighbouring part about half the time
            assertEquals(!cells[3].equals("ok"), masked, "the defect label and the mask of the same image agree: " + row);
            defects += masked ? 1 : 0;
        }
        assertTrue(defects > 0 && defects < rows.size(), "good and defective parts at a defect rate of 0.5: " + defects + " of " + rows.size());
    }

    @Test
    void stopRequestEndsEarlyWithCompleteFiles() throws Exception {
        Path dataset = tmp.resolve("stopped");
        long deadline = System.currentTimeMillis() + 1500;
        Recorder.Summary summary = Recorder.record(session, plant, new Recorder.Options(dataset, Duration.ofMinutes(5), Duration.ofMillis(100)),
                p -> { }, () -> System.currentTimeMillis() > deadline);
        assertTrue(summary.stoppedEarly());
        assertTrue(Files.exists(dataset.resolve("dataset.json")));
        assertNoPartialFiles(dataset);
    }

    @Test
    void neverRecordsOverAnExistingDataset() throws Exception {
        Path dataset = tmp.resolve("once");
        Recorder.record(session, plant, new Recorder.Options(dataset, Duration.ofMillis(500), Duration.ofMillis(100)), p -> { }, () -> false);
        byte[] before = Files.readAllBytes(dataset.resolve("signals.csv"));
        IOException e = assertThrows(IOException.class, () -> Recorder.record(session, plant,
                new Recorder.Options(dataset, Duration.ofMillis(500), Duration.ofMillis(100)), p -> { }, () -> false));
        assertTrue(e.getMessage().contains("already holds a dataset"), e.getMessage());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(dataset.resolve("signals.csv"))));
    }

    private static void assertNoPartialFiles(Path dataset) throws IOException {
        try (Stream<Path> files = Files.walk(dataset)) {
            List<Path> partial = files.filter(p -> p.toString().endsWith(".partial")).toList();
            assertEquals(List.of(), partial, "no half-written files");
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
