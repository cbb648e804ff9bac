package io.fabrica.pipeline.tests.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabrica.model.plant.Area;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.plant.Equipment;
import io.fabrica.model.plant.Line;
import io.fabrica.model.plant.PlantFactory;
import io.fabrica.model.plant.ProcessParameter;
import io.fabrica.model.plant.Signal;
import io.fabrica.model.plant.Site;
import io.fabrica.pipeline.data.DatasetException;
import io.fabrica.pipeline.data.PartTable;

/**
 * Per-part rows from a recording written by hand in the recorder's format: parts are runs of the
 * part-number signal, parameters are taken at the part's first row, other signals averaged, and
 * the quality comes from the rows where the measured-part signal names the part.
 */
class PartTableTest {

    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00.000Z");
    /** Columns: part number, feed (a parameter), motor current, a text signal, measured part, roughness, deviation. */
    private static final String[][] ROWS = {
        {"0", "1000", "5", "a", "0", "0", "0"}, // before the first part
        {"1", "1000", "10", "a", "0", "0", "0"},
        {"1", "1100", "12", "b", "0", "0", "0"}, // a write during part 1 applies to part 2
        {"2", "1100", "14", "b", "0", "0", "0"},
        {"2", "1100", "16", "b", "0", "0", "0"},
        {"3", "1100", "18", "b", "1", "0.5", "-3"}, // sampled while the gauge published: part 1's number, stale values
        {"3", "1100", "20", "b", "1", "0.8", "-5"},
        {"4", "1100", "22", "b", "2", "0.9", "-6"},
        {"4", "1100", "22", "b", "2", "0.9", "-6"},
    };

    @TempDir
    Path dir;

    private final Signal partNumber;
    private final ProcessParameter feed;
    private final Signal current;
    private final Signal operator;
    private final Signal measuredPart;
    private final Signal roughness;
    private final Signal deviation;
    private final Signal notRecorded;

    PartTableTest() {
        PlantFactory f = PlantFactory.eINSTANCE;
        Enterprise plant = f.createEnterprise();
        plant.setName("Test Plant");
        Site site = f.createSite();
        site.setName("Site");
        plant.getSites().add(site);
        Area area = f.createArea();
        area.setName("Area");
        site.getAreas().add(area);
        Line line = f.createLine();
        line.setName("Line");
        area.getLines().add(line);
        Equipment mill = f.createEquipment();
        mill.setName("Mill");
        Equipment gauge = f.createEquipment();
        gauge.setName("Gauge");
        line.getEquipment().add(mill);
        line.getEquipment().add(gauge);
        partNumber = signal(mill, "Part Number");
        feed = f.createProcessParameter();
        feed.setName("Feed Rate");
        mill.getParameters().add(feed);
        current = signal(mill, "Motor Current");
        operator = signal(mill, "Operator");
        measuredPart = signal(gauge, "Measured Part");
        roughness = signal(gauge, "Surface Roughness");
        deviation = signal(gauge, "Diameter Deviation");
        notRecorded = signal(gauge, "Bore Temperature");
    }

    private static Signal signal(Equipment equipment, String name) {
        Signal s = PlantFactory.eINSTANCE.createSignal();
        s.setName(name);
        equipment.getSignals().add(s);
        return s;
    }

    @Test
    void onePartPerRunOfThePartNumberWithItsMeasurement() throws IOException {
        write(ALL, ROWS);
        PartTable parts = PartTable.read(dir, partNumber, measuredPart, List.of(roughness, deviation));
        assertEquals(2, parts.size(), "parts 1 and 2 were measured");
        assertEquals(2, parts.dropped(), "parts 3 and 4 were still on their way to the gauge");
        assertEquals(1, parts.part(0));
        assertEquals(2, parts.part(1));
        assertEquals(T0.plusMillis(100).toEpochMilli(), parts.timeMillis(0), "a part's time is its first row's");
        assertEquals(T0.plusMillis(300).toEpochMilli(), parts.timeMillis(1));
    }

    @Test
    void parametersAtThePartsFirstRowOtherSignalsAveraged() throws IOException {
        write(ALL, ROWS);
        PartTable parts = PartTable.read(dir, partNumber, measuredPart, List.of(roughness, deviation));
        assertEquals(1000, parts.value(0, feed), "part 1 was cut at the feed of its first row");
        assertEquals(1050, parts.mean(0, feed), 1e-9);
        assertEquals(1100, parts.value(1, feed));
        assertEquals(11, parts.value(0, current), 1e-9);
        assertEquals(15, parts.value(1, current), 1e-9);
    }

    @Test
    void qualityFromTheLastRowNamingThePart() throws IOException {
        write(ALL, ROWS);
        PartTable parts = PartTable.read(dir, partNumber, measuredPart, List.of(roughness, deviation));
        assertEquals(0.8, parts.quality(0, 0));
        assertEquals(-5, parts.quality(0, 1));
        assertEquals(0.9, parts.quality(1, 0));
        assertEquals(-6, parts.quality(1, 1));
    }

    @Test
    void aSignalNotRecordedIsNamed() throws IOException {
        write(ALL, ROWS);
        PartTable parts = PartTable.read(dir, partNumber, measuredPart, List.of(roughness));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parts.value(0, notRecorded));
        assertTrue(e.getMessage().contains("Test Plant/Site/Area/Line/Gauge/Bore Temperature") && e.getMessage().contains(dir.toString()),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> parts.value(0, operator), "a text column is no per-part value");
        assertTrue(parts.has(current));
    }

    @Test
    void aRecordingWithoutTheQualitySignalIsRefused() throws IOException {
        write(new int[] {0, 1, 2, 3, 4}, ROWS);
        DatasetException e = assertThrows(DatasetException.class,
                () -> PartTable.read(dir, partNumber, measuredPart, List.of(roughness, deviation)));
        assertMessage(e, "quality signal 'Test Plant/Site/Area/Line/Gauge/Surface Roughness'");
    }

    @Test
    void aRecordingWithoutThePartNumberIsRefused() throws IOException {
        write(new int[] {1, 2, 3, 4, 5, 6}, ROWS);
        DatasetException e = assertThrows(DatasetException.class, () -> PartTable.read(dir, partNumber, measuredPart, List.of(roughness)));
        assertMessage(e, "part-number signal 'Test Plant/Site/Area/Line/Mill/Part Number'");
        write(new int[] {0, 1, 2, 3, 5, 6}, ROWS);
        e = assertThrows(DatasetException.class, () -> PartTable.read(dir, partNumber, measuredPart, List.of(roughness)));
        assertMessage(e, "measured-part signal 'Test Plant/Site/Area/Line/Gauge/Measured Part'");
    }

    @Test
    void aRecordingWithNoPartMeasuredIsRefused() throws IOException {
        write(ALL, java.util.Arrays.copyOf(ROWS, 5));
        DatasetException e = assertThrows(DatasetException.class, () -> PartTable.read(dir, partNumber, measuredPart, List.of(roughness)));
        assertMessage(e, "none of its 2 parts was measured");
        String[][] idle = {ROWS[0], ROWS[0]};
        write(ALL, idle);
        e = assertThrows(DatasetException.class, () -> PartTable.read(dir, partNumber, measuredPart, List.of(roughness)));
        assertMessage(e, "holds no part");
    }

    @Test
    void aPartNumberThatComesBackIsRefused() throws IOException {
        String[][] restarted = {ROWS[1], ROWS[3], ROWS[1]};
        write(ALL, restarted);
        DatasetException e = assertThrows(DatasetException.class, () -> PartTable.read(dir, partNumber, measuredPart, List.of(roughness)));
        assertMessage(e, "part 1 appears again in row 3");
    }

    @Test
    void anUnfinishedRecordingIsRefused() throws IOException {
        write(ALL, ROWS);
        Files.delete(dir.resolve("dataset.json"));
        DatasetException e = assertThrows(DatasetException.class, () -> PartTable.read(dir, partNumber, measuredPart, List.of(roughness)));
        assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains("dataset.json is missing"), e.getMessage());
    }

    private void assertMessage(DatasetException e, String expected) {
        assertTrue(e.getMessage().startsWith("signals.csv: recording " + dir.toAbsolutePath().normalize()), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static final int[] ALL = {0, 1, 2, 3, 4, 5, 6};

    /** Writes dataset.json and signals.csv with the given columns of {@link #ROWS}. */
    private void write(int[] columns, String[][] rows) throws IOException {
        Signal[] signals = {partNumber, feed, current, operator, measuredPart, roughness, deviation};
        String[] types = {"Int", "Double", "Double", "String", "Int", "Double", "Double"};
        String[] units = {"1", "mm/min", "A", "", "1", "um", "um"};
        List<String> entries = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("time", "elapsed_s"));
        for (int c : columns) {
            String path = io.fabrica.model.resource.ElementPaths.pathOf(signals[c]);
            entries.add("{\"path\": \"%s\", \"id\": \"\", \"type\": \"%s\", \"unit\": \"%s\", \"file\": \"signals.csv\"}".formatted(path,
                    types[c], units[c]));
            header.add(units[c].isEmpty() ? path : path + " [" + units[c] + "]");
        }
        StringBuilder csv = new StringBuilder(String.join(",", header)).append('\n');
        for (int r = 0; r < rows.length; r++) {
            csv.append(T0.plusMillis(100L * r)).append(',').append(String.format(Locale.ROOT, "%.3f", r / 10.0));
            for (int c : columns) {
                csv.append(',').append(rows[r][c]);
            }
            csv.append('\n');
        }
        Files.writeString(dir.resolve("signals.csv"), csv);
        Files.writeString(dir.resolve("dataset.json"), """
                {"plant": "Test Plant", "endpoint": "opc.tcp://localhost:4840/test", "recordedSeconds": 0.9, "labelled": false,
                 "rows": %d, "windows": 0, "images": 0, "signals": [%s]}
                """.formatted(rows.length, String.join(",", entries)));
    }
}
