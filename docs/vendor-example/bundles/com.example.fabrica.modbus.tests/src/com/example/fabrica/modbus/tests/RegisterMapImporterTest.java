package com.example.fabrica.modbus.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabrica.devices.api.DeviceDescriptionImporter;
import io.fabrica.devices.api.DeviceDescriptionImporter.Result;
import io.fabrica.model.edit.validation.PlantValidation;
import io.fabrica.model.edit.validation.Problem;
import io.fabrica.model.plant.Access;
import io.fabrica.model.plant.DataType;
import io.fabrica.model.plant.DeviceAddress;
import io.fabrica.model.plant.DeviceConnection;
import io.fabrica.model.plant.Equipment;
import io.fabrica.model.plant.Line;
import io.fabrica.model.plant.ProcessParameter;
import io.fabrica.model.plant.Signal;

/**
 * The register-map importer: the sample map becomes the right signals and parameters, bound to the
 * right Modbus addresses, and passes Fabrica's plant validation; bad lines are refused naming line
 * and column. In OSGi the importer is the registered DS component.
 */
class RegisterMapImporterTest {

    private static final String ENDPOINT = "modbus-tcp://10.0.0.7:502?unit=3";

    @TempDir
    Path folder;

    private DeviceDescriptionImporter importer;

    @BeforeEach
    void findImporter() throws Exception {
        importer = Services.importer();
    }

    @Test
    void importsTheSampleMap() throws Exception {
        Path file = copyResource("line-3-press.csv");
        assertTrue(importer.canImport(file));
        Result result = importer.importFile(file, ENDPOINT);

        DeviceConnection connection = result.plant().getConnections().get(0);
        assertEquals("modbus-tcp", connection.getDriverId());
        assertEquals(ENDPOINT, connection.getEndpoint());
        assertEquals("line-3-press", result.plant().getName());
        Line line = result.plant().getSites().get(0).getAreas().get(0).getLines().get(0);
        Equipment equipment = line.getEquipment().get(0);
        assertEquals("line-3-press", equipment.getName());
        Map<String, Signal> signals = signalsOf(equipment);
        assertEquals(List.of("Pressure", "Temperature", "Position", "Strokes", "Recipe", "Running", "Auto", "Energy", "Setpoint"),
                List.copyOf(signals.keySet()));

        assertSignal(signals.get("Pressure"), DataType.DOUBLE, "bar", Access.READ, "ir:0:uint16:scale=0.1", "Double");
        assertEquals(0.0, signals.get("Pressure").getMinimum());
        assertEquals(400.0, signals.get("Pressure").getMaximum());
        assertEquals("Main pressure, scaled 0.1 bar", signals.get("Pressure").getDescription());
        assertSignal(signals.get("Temperature"), DataType.DOUBLE, "Cel", Access.READ, "ir:1:int16:scale=0.1:offset=-40", "Double");
        assertSignal(signals.get("Position"), DataType.FLOAT, "mm", Access.READ, "ir:2:float32:CDAB", "Float");
        assertSignal(signals.get("Strokes"), DataType.INT, "1", Access.READ, "ir:4:uint32", "UInt32");
        assertEquals("Stroke counter \"total\"", signals.get("Strokes").getDescription());
        assertSignal(signals.get("Running"), DataType.BOOLEAN, null, Access.READ, "di:0:bool", "Boolean");
        assertSignal(signals.get("Auto"), DataType.BOOLEAN, null, Access.READ_WRITE, "co:3:bool", "Boolean");
        assertSignal(signals.get("Energy"), DataType.DOUBLE, "kW.h", Access.READ, "hr:20:float64:DCBA", "Double");

        ProcessParameter setpoint = assertInstanceOf(ProcessParameter.class, signals.get("Setpoint"));
        assertSignal(setpoint, DataType.DOUBLE, "bar", Access.READ_WRITE, "hr:10:uint16:scale=0.1", "Double");
        assertEquals(50.0, setpoint.getSafeMinimum());
        assertEquals(350.0, setpoint.getSafeMaximum());
        assertTrue(setpoint.isRequiresApproval());

        Signal recipe = signals.get("Recipe");
        assertFalse(recipe instanceof ProcessParameter, "a writable register without bounds is no setpoint");
        assertSignal(recipe, DataType.INT, "1", Access.READ_WRITE, "hr:11:uint16", "UInt16");
        assertTrue(result.warnings().stream().anyMatch(w -> w.contains("line 8") && w.contains("Recipe")), result.warnings()::toString);

        List<Problem> problems = PlantValidation.validate(result.plant());
        assertFalse(PlantValidation.hasErrors(problems), problems::toString);
    }

    @Test
    void importsTheGuidesExampleFromTheHostBundle() throws Exception {
        Path file = folder.resolve("press-line.csv");
        if (Services.inOsgi()) {
            URL entry = Services.hostBundle().getEntry("examples/press-line.csv");
            assertTrue(entry != null, "examples/press-line.csv is missing from the host bundle");
            try (InputStream in = entry.openStream()) {
                Files.copy(in, file);
            }
        } else {
            Files.copy(Path.of(System.getProperty("modbus.host.dir", "../com.example.fabrica.modbus"), "examples", "press-line.csv"), file);
        }
        Result result = importer.importFile(file, null);
        assertEquals("modbus-tcp://localhost:502", result.plant().getConnections().get(0).getEndpoint());
        Line line = result.plant().getSites().get(0).getAreas().get(0).getLines().get(0);
        assertEquals(List.of("Press", "Hydraulics"), line.getEquipment().stream().map(Equipment::getName).toList());
        assertEquals(14, line.getEquipment().stream().mapToInt(e -> e.getSignals().size() + e.getParameters().size()).sum());
        assertFalse(PlantValidation.hasErrors(PlantValidation.validate(result.plant())), () -> PlantValidation.validate(result.plant()).toString());
    }

    @Test
    void malformedLinesAreRefusedNamingLineAndColumn() throws Exception {
        assertRefused("Speed,hr,1x,uint16", "line 3, column offset (3)", "\"1x\"");
        assertRefused("Speed,hr,1,float33", "line 3, column type (4)", "float33");
        assertRefused("Speed,hq,1,uint16", "line 3, column table (2)", "\"hq\"");
        assertRefused("Speed,ir,1,uint16,,,,,read-write", "line 3, column access (9)", "input registers are read-only");
        assertRefused("Speed,co,1,float32", "line 3, column type (4)", "coil holds a bool");
        assertRefused("Speed,hr,1,uint16,,abc", "line 3, column scale (6)", "\"abc\"");
        assertRefused("Speed,hr,1,uint16,,,,,,10,5", "line 3, column max (11)", "not above min");
        assertRefused(",hr,1,uint16", "line 3, column name (1)", "every row needs a name");
        assertRefused("Speed,hr,1,uint16,,,,,,,,\"open quote", "line 3", "not closed");
        assertRefused("Speed,hr,1,uint16,,,,,,,,,,extra", "line 3", "header names only 12 columns");
        assertRefused("Pressure,hr,1", "line 3, column name (1)", "already used by line 2");
    }

    @Test
    void refusesFilesWithoutHeaderOrEndpoint() throws Exception {
        Path noHeader = folder.resolve("empty.csv");
        Files.writeString(noHeader, "# only a comment\n");
        assertTrue(assertThrows(IOException.class, () -> importer.importFile(noHeader, null)).getMessage().contains("no header"));
        Path missing = folder.resolve("missing.csv");
        Files.writeString(missing, "name,offset\nA,1\n");
        IOException e = assertThrows(IOException.class, () -> importer.importFile(missing, null));
        assertTrue(e.getMessage().contains("line 1") && e.getMessage().contains("\"table\""), e.getMessage());
        assertFalse(importer.canImport(missing));
        Path good = folder.resolve("good.csv");
        Files.writeString(good, "name,table,offset\nA,hr,1\n");
        IOException endpoint = assertThrows(IOException.class, () -> importer.importFile(good, "opc.tcp://plc:4840"));
        assertTrue(endpoint.getMessage().contains("opc.tcp://plc:4840"), endpoint.getMessage());
        Path text = folder.resolve("notes.txt");
        Files.writeString(text, "name,table,offset\n");
        assertFalse(importer.canImport(text));
    }

    private void assertRefused(String row, String where, String problem) throws IOException {
        Path file = folder.resolve("bad.csv");
        Files.writeString(file, "name,table,offset,type,order,scale,offset_eng,unit,access,min,max,description\n"
                + "Pressure,ir,0,uint16\n" + row + "\n");
        IOException e = assertThrows(IOException.class, () -> importer.importFile(file, null), row);
        assertTrue(e.getMessage().startsWith("bad.csv " + where), () -> row + " gave: " + e.getMessage());
        assertTrue(e.getMessage().contains(problem), () -> row + " gave: " + e.getMessage());
    }

    private static void assertSignal(Signal signal, DataType type, String unit, Access access, String address, String deviceType) {
        assertEquals(type, signal.getDataType(), signal.getName());
        assertEquals(unit, signal.getUnit(), signal.getName());
        assertEquals(access, signal.getAccess(), signal.getName());
        DeviceAddress bound = assertInstanceOf(DeviceAddress.class, signal.getBinding().getAddress());
        assertEquals(address, bound.getAddress(), signal.getName());
        assertEquals(deviceType, bound.getDeviceDataType(), signal.getName());
        assertEquals("modbus-tcp", signal.getBinding().getConnection().getDriverId());
        if (unit == null) {
            assertNull(signal.getUnit());
        }
    }

    private static Map<String, Signal> signalsOf(Equipment equipment) {
        return java.util.stream.Stream.concat(equipment.getSignals().stream(), equipment.getParameters().stream())
                .collect(Collectors.toMap(Signal::getName, Function.identity(), (a, b) -> a, java.util.LinkedHashMap::new));
    }

    private Path copyResource(String name) throws IOException {
        Path file = folder.resolve(name);
        try (InputStream in = getClass().getResourceAsStream(name)) {
            assertTrue(in != null, name + " is missing next to the test class");
            Files.copy(in, file);
        }
        return file;
    }
}
