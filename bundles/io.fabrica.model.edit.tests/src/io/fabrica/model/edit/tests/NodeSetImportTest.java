package io.fabrica.model.edit.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.eclipse.emf.common.util.TreeIterator;
import org.eclipse.emf.ecore.EObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabrica.model.edit.nodeset.NodeSetException;
import io.fabrica.model.edit.nodeset.NodeSetImport;
import io.fabrica.model.edit.nodeset.NodeSetImporter;
import io.fabrica.model.edit.nodeset.NodeSetParser;
import io.fabrica.model.plant.Access;
import io.fabrica.model.plant.DataType;
import io.fabrica.model.plant.DeviceConnection;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.plant.Equipment;
import io.fabrica.model.plant.Identified;
import io.fabrica.model.plant.Line;
import io.fabrica.model.plant.NamedElement;
import io.fabrica.model.plant.NodeIdType;
import io.fabrica.model.plant.OpcUaNodeAddress;
import io.fabrica.model.plant.Signal;

/**
 * NodeSet2 import into the plant model, on three nodesets of different shape (see the comments at
 * their tops) and a few inline ones for edge cases.
 */
class NodeSetImportTest {

    private static final String PRESS_LINE_NS = "http://example.com/PressLine/";
    private static final String INSPECTION_NS = "http://example.com/InspectionCell/";
    private static final String SPINDLE_NS = "http://example.com/SpindleMonitor/";

    @TempDir
    Path tmp;

    @Test
    void vendorModelWithHasComponentFromBothSidesAndTypeInheritance() throws Exception {
        NodeSetImport result = NodeSetImporter.importNodeSet(copy("press-line.NodeSet2.xml"), "opc.tcp://press-line.local:4840");
        Enterprise enterprise = result.enterprise();
        assertEquals("press-line", enterprise.getName(), "no <Models>: named after the file");
        assertEquals("Imported", enterprise.getSites().get(0).getName());
        assertEquals("Imported", enterprise.getSites().get(0).getAreas().get(0).getName());
        Line line = result.line();
        assertEquals("press-line", line.getName());
        assertTrue(line.getCells().isEmpty());

        DeviceConnection connection = result.connection();
        assertEquals(List.of(connection), List.copyOf(enterprise.getConnections()));
        assertEquals("press-line", connection.getName());
        assertEquals("opcua", connection.getDriverId());
        assertEquals("opc.tcp://press-line.local:4840", connection.getEndpoint());

        // the object types MachineType/PressType are not equipment; Spindle declares its parent itself
        assertEquals("Press3[Temperature]{Spindle[SpeedSetpoint]}", tree(line));
        Equipment press = line.getEquipment().get(0);
        assertEquals("Hydraulic press, line 1", press.getDescription());

        Signal temperature = signal(press, "Temperature");
        assertEquals(DataType.DOUBLE, temperature.getDataType());
        assertEquals(0, temperature.getArrayLength());
        assertEquals("Cel", temperature.getUnit(), "UNECE CEL from EngineeringUnits");
        assertEquals(-20.0, temperature.getMinimum());
        assertEquals(250.5, temperature.getMaximum());
        assertEquals(Access.READ, temperature.getAccess(), "AccessLevel 1");
        assertNull(temperature.getDescription());
        assertSame(connection, temperature.getBinding().getConnection());
        assertAddress(temperature, PRESS_LINE_NS, NodeIdType.NUMERIC, "6001", "Double");

        Signal setpoint = signal(equipment(press, "Spindle"), "SpeedSetpoint");
        assertEquals(DataType.DOUBLE, setpoint.getDataType());
        assertEquals(Access.READ_WRITE, setpoint.getAccess(), "AccessLevel 3");
        assertNull(setpoint.getUnit());
        assertNull(setpoint.getMinimum());
        assertNull(setpoint.getMaximum());
        assertAddress(setpoint, PRESS_LINE_NS, NodeIdType.NUMERIC, "6004", "Double");

        assertEquals(List.of(), result.warnings());
    }

    @Test
    void companionShapeWithFolderStringIdsArrayAndDerivedDataType() throws Exception {
        NodeSetImport result = NodeSetImporter.importNodeSet(copy("inspection-cell.NodeSet2.xml"), null);
        assertEquals("inspection-cell", result.enterprise().getName());
        assertEquals(NodeSetImporter.DEFAULT_ENDPOINT, result.connection().getEndpoint());
        assertEquals("opc.tcp://localhost:4840", result.connection().getEndpoint());

        // "Cell A" is a FolderType organiser: its camera becomes line-level equipment
        assertEquals("Camera 1[Histogram,GapWidth]", tree(result.line()));
        Equipment camera = result.line().getEquipment().get(0);

        Signal histogram = signal(camera, "Histogram");
        assertEquals(DataType.NUMBER_ARRAY, histogram.getDataType());
        assertEquals(256, histogram.getArrayLength());
        assertAddress(histogram, INSPECTION_NS, NodeIdType.STRING, "Cell A.Camera 1.Histogram", "Float[]");

        Signal gap = signal(camera, "GapWidth");
        assertEquals(DataType.DOUBLE, gap.getDataType(), "Millimetres (ns=1;i=3001) derives from Double");
        assertEquals(0, gap.getArrayLength());
        assertAddress(gap, INSPECTION_NS, NodeIdType.STRING, "Cell A.Camera 1.GapWidth", "Double");

        assertEquals(List.of(), result.warnings());
    }

    @Test
    void conditionMonitoringModelWithEveryShape() throws Exception {
        NodeSetImport result = NodeSetImporter.importNodeSet(copy("spindle-monitor.NodeSet2.xml"), "opc.tcp://10.0.4.17:4840");
        Enterprise enterprise = result.enterprise();
        assertEquals("SpindleMonitor", enterprise.getName(), "named after the first <Model ModelUri>");
        assertTrue(enterprise.getDescription().contains("http://example.com/SpindleMonitor/"), enterprise.getDescription());
        assertEquals("spindle-monitor", result.line().getName());
        assertEquals("spindle-monitor", result.connection().getName());

        // Not equipment: namespace metadata, the data type encoding, the types' instance declarations
        // (SpindleUnitType's Speed and Bearing), the Machines and Auxiliaries folders, the method.
        // Not signals: EURange/EngineeringUnits/InstrumentRange, InputArguments, the structure, the
        // undeclared type, Heartbeat (directly under Objects).
        assertEquals("MC500[SerialNumber,CoolantLevel,ToolImage]{"
                + "Spindle[Speed,SpeedOverride,WindingTemperature,State,RunTime,LastToolChange,Torque,AcknowledgeFault]{"
                + "Bearing[Temperature,Vibration,Spectrum,RawSamples]},"
                + "CoolantPump[Running],"
                + "Spindle (2)[Speed]},"
                + "Gateway[Manufacturer,Online]", tree(result.line()));

        Equipment mc500 = equipment(result.line(), "MC500");
        assertEquals("5-axis machining centre, hall 2", mc500.getDescription());
        Signal serial = signal(mc500, "SerialNumber");
        assertEquals(DataType.STRING, serial.getDataType(), "a property of an object is a signal");
        assertAddress(serial, SPINDLE_NS, NodeIdType.STRING, "MC500.SerialNumber", "String");
        Signal coolantLevel = signal(mc500, "CoolantLevel");
        assertAddress(coolantLevel, SPINDLE_NS, NodeIdType.STRING, "MC500.Auxiliaries.CoolantLevel", "Double");
        Signal image = signal(mc500, "ToolImage");
        assertEquals(DataType.IMAGE, image.getDataType());
        assertEquals("Last picture of the tool in the spindle, taken at tool change", image.getDescription());
        assertAddress(image, SPINDLE_NS, NodeIdType.GUID, "661b5ec6-25a1-4124-b2f6-277bf58819ea", "ByteString");
        assertEquals("Spindle (2)", equipment(mc500, "Spindle (2)").getName(), "the folder's Spindle repeats a sibling name");
        assertAddress(signal(equipment(mc500, "Spindle (2)"), "Speed"), SPINDLE_NS, NodeIdType.STRING,
                "MC500.Auxiliaries.Spindle.Speed", "Double");

        Equipment spindle = equipment(mc500, "Spindle");
        Signal speed = signal(spindle, "Speed");
        assertEquals(DataType.DOUBLE, speed.getDataType());
        assertEquals("{rev}/min", speed.getUnit());
        assertEquals(0.0, speed.getMinimum());
        assertEquals(24000.0, speed.getMaximum());
        assertEquals(Access.READ, speed.getAccess(), "AccessLevel 5 = CurrentRead + HistoryRead");
        assertEquals("Actual spindle speed", speed.getDescription());
        assertAddress(speed, SPINDLE_NS, NodeIdType.STRING, "MC500.Spindle.Speed", "Double");

        Signal override = signal(spindle, "SpeedOverride");
        assertEquals(DataType.INT, override.getDataType());
        assertEquals("%", override.getUnit());
        assertEquals(50.0, override.getMinimum());
        assertEquals(120.0, override.getMaximum());
        assertEquals(Access.READ_WRITE, override.getAccess());
        assertAddress(override, SPINDLE_NS, NodeIdType.STRING, "MC500.Spindle.SpeedOverride", "UInt32");

        Signal winding = signal(spindle, "WindingTemperature");
        assertEquals(DataType.FLOAT, winding.getDataType());
        assertEquals("Cel", winding.getUnit());
        assertNull(winding.getMinimum());

        Signal state = signal(spindle, "State");
        assertEquals(DataType.INT, state.getDataType(), "custom enumeration");
        assertAddress(state, SPINDLE_NS, NodeIdType.STRING, "MC500.Spindle.State", "Int32");

        Signal runTime = signal(spindle, "RunTime");
        assertEquals(DataType.DOUBLE, runTime.getDataType(), "Duration is a Double");
        assertEquals("ms", runTime.getUnit(), "Duration is in milliseconds");
        assertAddress(runTime, SPINDLE_NS, NodeIdType.STRING, "MC500.Spindle.RunTime", "Double");

        Signal toolChange = signal(spindle, "LastToolChange");
        assertEquals(DataType.STRING, toolChange.getDataType());
        assertEquals("DateTime", address(toolChange).getDeviceDataType());

        Signal torque = signal(spindle, "Torque");
        assertEquals("N·m", torque.getUnit(), "no UCUM mapping: the display name is kept");

        Signal acknowledge = signal(spindle, "AcknowledgeFault");
        assertEquals(DataType.BOOLEAN, acknowledge.getDataType());
        assertEquals(Access.WRITE, acknowledge.getAccess(), "AccessLevel 2 = CurrentWrite only");

        Equipment bearing = equipment(spindle, "Bearing");
        assertEquals(List.of("Bearing"), names(spindle.getEquipment()), "the type's Bearing is not added again");
        Signal bearingTemperature = signal(bearing, "Temperature");
        assertEquals(-10.0, bearingTemperature.getMinimum());
        assertEquals(120.0, bearingTemperature.getMaximum());
        Signal vibration = signal(bearing, "Vibration");
        assertEquals("m/s2", vibration.getUnit());
        assertEquals(0.0, vibration.getMinimum(), "EURange, not InstrumentRange");
        assertEquals(50.0, vibration.getMaximum(), "EURange, not InstrumentRange");
        assertEquals("RMS vibration acceleration, 10 Hz to 10 kHz", vibration.getDescription());
        Signal spectrum = signal(bearing, "Spectrum");
        assertEquals(DataType.NUMBER_ARRAY, spectrum.getDataType());
        assertEquals(512, spectrum.getArrayLength());
        assertAddress(spectrum, SPINDLE_NS, NodeIdType.STRING, "MC500.Spindle.Bearing.Spectrum", "Float[]");
        Signal raw = signal(bearing, "RawSamples");
        assertEquals(DataType.NUMBER_ARRAY, raw.getDataType());
        assertEquals(0, raw.getArrayLength());
        assertAddress(raw, SPINDLE_NS, NodeIdType.OPAQUE, "TUM1MDAvQmVhcmluZy9SYXc=", "Double[]");

        Equipment gateway = equipment(result.line(), "Gateway");
        assertEquals(DataType.STRING, signal(gateway, "Manufacturer").getDataType());
        assertEquals("LocalizedText", address(signal(gateway, "Manufacturer")).getDeviceDataType());
        assertEquals(DataType.BOOLEAN, signal(gateway, "Online").getDataType());

        List<String> warnings = result.warnings();
        assertEquals(6, warnings.size(), String.join("\n", warnings));
        assertWarning(warnings.get(0), "LastToolChange (ns=1;s=MC500.Spindle.LastToolChange, line ", "UtcTime (i=294)",
                "imported as STRING");
        assertWarning(warnings.get(1), "Torque (ns=1;s=MC500.Spindle.Torque, line ", "unit 'N·m'", "UNECE code NU",
                "no UCUM equivalent");
        assertWarning(warnings.get(2), "SpectrumHeader (ns=1;s=MC500.Spindle.Bearing.SpectrumHeader, line ",
                "SpectrumHeaderDataType (ns=1;i=3002)", "Structure", "not imported");
        assertWarning(warnings.get(3), "RawSamples (ns=1;b=TUM1MDAvQmVhcmluZy9SYXc=, line ", "without a fixed length");
        assertWarning(warnings.get(4), "Firmware (ns=1;s=Gateway.Firmware, line ", "ns=1;i=3099 is not declared",
                "not imported");
        assertWarning(warnings.get(5), "Heartbeat (ns=1;s=Heartbeat, line ", "not part of an object", "not imported");
    }

    @Test
    void reimportGivesTheSameModelExceptIds() throws Exception {
        for (String file : List.of("press-line.NodeSet2.xml", "inspection-cell.NodeSet2.xml", "spindle-monitor.NodeSet2.xml")) {
            Path path = copy(file);
            NodeSetImport first = NodeSetImporter.importNodeSet(path, null);
            NodeSetImport second = NodeSetImporter.importNodeSet(path, null);
            assertEquals(dump(first.enterprise()), dump(second.enterprise()), file);
            assertEquals(first.warnings(), second.warnings(), file);
            assertNotEquals(first.line().getId(), second.line().getId(), "every import creates new elements");
        }
    }

    @Test
    void everyElementHasAnIdAndNamesAreUniqueAmongSiblings() throws Exception {
        for (String file : List.of("press-line.NodeSet2.xml", "inspection-cell.NodeSet2.xml", "spindle-monitor.NodeSet2.xml")) {
            Enterprise enterprise = NodeSetImporter.importNodeSet(copy(file), null).enterprise();
            Set<String> ids = new HashSet<>();
            for (TreeIterator<EObject> it = enterprise.eAllContents(); it.hasNext();) {
                EObject element = it.next();
                String id = ((Identified) element).getId();
                assertTrue(id != null && ids.add(id), file + ": id " + id);
                if (element instanceof Equipment equipment) {
                    List<String> siblings = new ArrayList<>(names(equipment.getEquipment()));
                    siblings.addAll(names(equipment.getSignals()));
                    assertEquals(siblings.size(), new HashSet<>(siblings).size(), file + ": " + siblings);
                }
            }
        }
    }

    @Test
    void parsedDocumentWithEdgeCases() throws Exception {
        Path file = tmp.resolve("edge.xml");
        Files.writeString(file, """
                <UANodeSet xmlns="http://opcfoundation.org/UA/2011/03/UANodeSet.xsd">
                  <NamespaceUris><Uri>urn:fabrica:test:a</Uri><Uri>urn:fabrica:test:b</Uri></NamespaceUris>
                  <UAVariableType NodeId="ns=1;i=2001" BrowseName="1:LevelType" DataType="i=10">
                    <References><Reference ReferenceType="HasSubtype" IsForward="false">i=63</Reference></References>
                  </UAVariableType>
                  <UAObject NodeId="ns=1;i=1" BrowseName="1:Press">
                    <References>
                      <Reference ReferenceType="Organizes" IsForward="false">i=85</Reference>
                      <Reference ReferenceType="HasComponent">ns=1;i=10</Reference>
                      <Reference ReferenceType="HasComponent">ns=1;i=11</Reference>
                      <Reference ReferenceType="HasComponent">ns=5;i=12</Reference>
                      <Reference ReferenceType="HasComponent">ns=1;i=13</Reference>
                      <Reference ReferenceType="HasComponent">ns=1;i=16</Reference>
                      <Reference ReferenceType="HasComponent">ns=1;i=21</Reference>
                    </References>
                  </UAObject>
                  <UAObjectType NodeId="ns=1;i=1000" BrowseName="1:PressType">
                    <References>
                      <Reference ReferenceType="HasSubtype" IsForward="false">i=58</Reference>
                      <Reference ReferenceType="HasComponent">ns=1;i=21</Reference>
                    </References>
                  </UAObjectType>
                  <UAVariable NodeId="ns=1;i=21" BrowseName="1:RatedForce" DataType="i=11">
                    <References><Reference ReferenceType="HasModellingRule">i=78</Reference></References>
                  </UAVariable>
                  <UAObject NodeId="ns=1;i=30" BrowseName="1:Diagnostics">
                    <References>
                      <Reference ReferenceType="HasComponent" IsForward="false">ns=2;i=1002</Reference>
                      <Reference ReferenceType="HasModellingRule">i=80</Reference>
                    </References>
                  </UAObject>
                  <UAVariable NodeId="ns=1;i=10" BrowseName="1:Level">
                    <References><Reference ReferenceType="HasTypeDefinition">ns=1;i=2001</Reference></References>
                  </UAVariable>
                  <UAVariable NodeId="ns=1;i=11" BrowseName="1:Position" DataType="i=18808">
                    <References>
                      <Reference ReferenceType="HasComponent">ns=1;i=14</Reference>
                      <Reference ReferenceType="HasComponent">ns=1;i=15</Reference>
                    </References>
                  </UAVariable>
                  <UAVariable NodeId="ns=1;i=14" BrowseName="1:X" DataType="i=11"/>
                  <UAVariable NodeId="ns=1;i=15" BrowseName="1:Y" DataType="i=11"/>
                  <UAVariable NodeId="ns=5;i=12" BrowseName="1:Ghost" DataType="i=11"/>
                  <UAVariable NodeId="ns=1;i=13" BrowseName="1:Shared" DataType="i=6"/>
                  <UAVariable NodeId="ns=1;i=16" BrowseName="1:Flags" DataType="i=1" ValueRank="1" ArrayDimensions="8"/>
                  <UAObject NodeId="ns=1;i=2" BrowseName="1:Press (2)">
                    <References>
                      <Reference ReferenceType="Organizes" IsForward="false">i=85</Reference>
                      <Reference ReferenceType="HasComponent">ns=1;i=13</Reference>
                    </References>
                  </UAObject>
                  <UAObject NodeId="ns=2;i=1" BrowseName="2:Press">
                    <References><Reference ReferenceType="Organizes" IsForward="false">i=85</Reference></References>
                  </UAObject>
                  <UAObject NodeId="ns=2;i=2" BrowseName="2:Signals">
                    <References>
                      <Reference ReferenceType="Organizes" IsForward="false">i=85</Reference>
                      <Reference ReferenceType="HasTypeDefinition">i=61</Reference>
                      <Reference ReferenceType="Organizes">ns=2;i=3</Reference>
                    </References>
                  </UAObject>
                  <UAVariable NodeId="ns=2;i=3" BrowseName="2:Loose" DataType="i=11"/>
                </UANodeSet>
                """, StandardCharsets.UTF_8);
        NodeSetImport result = NodeSetImporter.importNodeSet(NodeSetParser.parse(file), null, "  ");
        assertEquals("NodeSet", result.enterprise().getName());
        assertEquals("NodeSet", result.line().getName());
        assertEquals("opc.tcp://localhost:4840", result.connection().getEndpoint());

        // same browse names in two namespaces, and a literal "Press (2)" that is kept; not imported:
        // PressType's RatedForce although Press references it, Diagnostics (an instance declaration
        // added to a type of another model)
        assertEquals("Press[Level,Position.X,Position.Y,Shared],Press (2),Press (3)", tree(result.line()));
        Equipment press = result.line().getEquipment().get(0);
        assertEquals(DataType.FLOAT, signal(press, "Level").getDataType(), "DataType from the variable type LevelType");
        assertAddress(signal(press, "Level"), "urn:fabrica:test:a", NodeIdType.NUMERIC, "10", "Float");
        assertAddress(signal(press, "Position.Y"), "urn:fabrica:test:a", NodeIdType.NUMERIC, "15", "Double");
        assertAddress(signal(press, "Shared"), "urn:fabrica:test:a", NodeIdType.NUMERIC, "13", "Int32");

        List<String> warnings = result.warnings();
        assertEquals(6, warnings.size(), String.join("\n", warnings));
        assertWarning(warnings.get(0), "Position (ns=1;i=11, line ", "data type i=18808", "not imported");
        assertWarning(warnings.get(1), "Ghost (ns=5;i=12, line ", "namespace index 5 is not declared");
        assertWarning(warnings.get(2), "Flags (ns=1;i=16, line ", "array of Boolean", "not imported");
        assertWarning(warnings.get(3), "RatedForce (ns=1;i=21, line ", "instance declaration", "Press (ns=1;i=1)",
                "not imported");
        assertWarning(warnings.get(4), "Shared (ns=1;i=13, line ", "also referenced from ns=1;i=2", "under ns=1;i=1");
        assertWarning(warnings.get(5), "Loose (ns=2;i=3, line ", "in folder Signals", "not imported");
    }

    @Test
    void typesOnlyNodeSetGivesAnEmptyLineAndAWarning() throws Exception {
        Path file = tmp.resolve("pump-types.NodeSet2.xml");
        Files.writeString(file, """
                <UANodeSet xmlns="http://opcfoundation.org/UA/2011/03/UANodeSet.xsd">
                  <NamespaceUris><Uri>http://example.com/Types/</Uri></NamespaceUris>
                  <Models><Model ModelUri="http://example.com/Types/" Version="1.0.0"/></Models>
                  <UAObjectType NodeId="ns=1;i=1000" BrowseName="1:PumpType">
                    <References><Reference ReferenceType="HasSubtype" IsForward="false">i=58</Reference></References>
                  </UAObjectType>
                </UANodeSet>
                """, StandardCharsets.UTF_8);
        NodeSetImport result = NodeSetImporter.importNodeSet(file, null);
        assertEquals("Types", result.enterprise().getName(), "the last segment of the model URI");
        assertEquals("OPC UA information model http://example.com/Types/, imported from pump-types.NodeSet2.xml",
                result.enterprise().getDescription());
        assertEquals("pump-types", result.line().getName(), "the file name without .NodeSet2.xml");
        assertTrue(result.line().getEquipment().isEmpty());
        assertEquals(List.of("pump-types: no object instances found (a NodeSet of types only?); the line is empty"),
                result.warnings());
    }

    @Test
    void unreadableFileIsANodeSetException() {
        Path missing = tmp.resolve("missing.NodeSet2.xml");
        NodeSetException e = assertThrows(NodeSetException.class, () -> NodeSetImporter.importNodeSet(missing, null));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    // ---------------------------------------------------------------------------------------------

    /** {@code Name[signal,...]{child,...}} for each equipment of the line, comma-separated. */
    private static String tree(Line line) {
        return line.getEquipment().stream().map(NodeSetImportTest::tree).collect(Collectors.joining(","));
    }

    private static String tree(Equipment equipment) {
        StringBuilder b = new StringBuilder(equipment.getName());
        if (!equipment.getSignals().isEmpty()) {
            b.append('[').append(String.join(",", names(equipment.getSignals()))).append(']');
        }
        if (!equipment.getEquipment().isEmpty()) {
            b.append('{').append(equipment.getEquipment().stream().map(NodeSetImportTest::tree)
                    .collect(Collectors.joining(","))).append('}');
        }
        return b.toString();
    }

    /** Every attribute of every element except the ids, in containment order. */
    private static String dump(Enterprise enterprise) {
        StringBuilder b = new StringBuilder();
        for (TreeIterator<EObject> it = enterprise.eAllContents(); it.hasNext();) {
            EObject element = it.next();
            b.append(element.eClass().getName());
            element.eClass().getEAllAttributes().stream().filter(a -> !a.getName().equals("id"))
                    .forEach(a -> b.append(' ').append(a.getName()).append('=').append(element.eGet(a)));
            if (element instanceof Signal signal && signal.getBinding() != null) {
                b.append(" connection=").append(signal.getBinding().getConnection().getName());
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static List<String> names(List<? extends NamedElement> elements) {
        return elements.stream().map(NamedElement::getName).toList();
    }

    private static Equipment equipment(Line line, String name) {
        return line.getEquipment().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no equipment " + name + " in " + names(line.getEquipment())));
    }

    private static Equipment equipment(Equipment parent, String name) {
        return parent.getEquipment().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no equipment " + name + " in " + names(parent.getEquipment())));
    }

    private static Signal signal(Equipment equipment, String name) {
        return equipment.getSignals().stream().filter(s -> s.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no signal " + name + " in " + names(equipment.getSignals())));
    }

    private static OpcUaNodeAddress address(Signal signal) {
        return (OpcUaNodeAddress) signal.getBinding().getAddress();
    }

    private static void assertAddress(Signal signal, String namespaceUri, NodeIdType type, String identifier,
            String deviceDataType) {
        OpcUaNodeAddress address = address(signal);
        assertEquals(namespaceUri, address.getNamespaceUri(), signal.getName());
        assertEquals(type, address.getIdentifierType(), signal.getName());
        assertEquals(identifier, address.getIdentifier(), signal.getName());
        assertEquals(deviceDataType, address.getDeviceDataType(), signal.getName());
    }

    private static void assertWarning(String warning, String prefix, String... contains) {
        assertTrue(warning.startsWith(prefix), warning);
        for (String text : contains) {
            assertTrue(warning.contains(text), "'" + text + "' in: " + warning);
        }
    }

    private Path copy(String resource) throws IOException {
        return TestNodeSets.copy(tmp, resource);
    }

    private String read(String resource) throws IOException {
        return TestNodeSets.read(resource);
    }
}
