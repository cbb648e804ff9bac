package io.fabrica.model.edit.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabrica.model.edit.nodeset.NodeSetDocument;
import io.fabrica.model.edit.nodeset.NodeSetException;
import io.fabrica.model.edit.nodeset.NodeSetParser;
import io.fabrica.model.edit.nodeset.UaNode;
import io.fabrica.model.edit.nodeset.UaNodeId;
import io.fabrica.model.edit.nodeset.UneceUnits;

/** NodeSet2 parsing on two nodesets of different shape (see the comments at their tops). */
class NodeSetParserTest {

    @TempDir
    Path tmp;

    @Test
    void vendorModelWithAliasesInheritanceAndProperties() throws Exception {
        NodeSetDocument doc = NodeSetParser.parse(copy("press-line.NodeSet2.xml"));
        assertEquals(List.of(NodeSetDocument.UA_NAMESPACE, "http://example.com/PressLine/"), doc.namespaceUris());

        UaNode press = doc.node(UaNodeId.parse("ns=1;i=5001")).orElseThrow();
        assertEquals("Press3", press.browseName());
        assertEquals("Press 3", press.displayName());
        assertEquals(UaNodeId.ua(85), doc.parent(press.nodeId()).orElseThrow(), "organized under Objects");
        UaNodeId pressType = doc.typeDefinition(press).orElseThrow();
        assertTrue(doc.isSubtypeOf(pressType, UaNodeId.parse("ns=1;i=1000")), "PressType inherits MachineType");
        assertEquals(List.of(UaNodeId.parse("ns=1;i=1000"), UaNodeId.ua(58)), doc.supertypes(pressType));

        List<String> children = doc.children(press.nodeId()).stream().map(UaNode::browseName).toList();
        assertEquals(List.of("Temperature", "Spindle"), children, "forward and inverse HasComponent both count");

        UaNode temperature = doc.children(press.nodeId()).get(0);
        assertEquals(UaNodeId.ua(11), temperature.dataType(), "alias Double resolved to i=11");
        assertFalse(temperature.writable());
        UaNode range = property(doc, temperature, "EURange");
        assertArrayEquals(new double[] {-20, 250.5}, range.range().orElseThrow());
        UaNode.EngineeringUnits units = property(doc, temperature, "EngineeringUnits").units().orElseThrow();
        assertEquals("°C", units.displayName());
        assertEquals("CEL", UneceUnits.code(units.unitId()));
        assertEquals("Cel", UneceUnits.toUcum(units).orElseThrow());

        UaNode setpoint = doc.children(UaNodeId.parse("ns=1;i=5002")).get(0);
        assertEquals("SpeedSetpoint", setpoint.browseName());
        assertTrue(setpoint.writable(), "AccessLevel 3 is read-write");
    }

    @Test
    void companionShapeWithStringIdsArraysAndDerivedDataTypes() throws Exception {
        NodeSetDocument doc = NodeSetParser.parse(copy("inspection-cell.NodeSet2.xml"));
        assertEquals("http://example.com/InspectionCell/", doc.namespaceUri(2));

        UaNode cell = doc.node(new UaNodeId(2, UaNodeId.IdType.STRING, "Cell A")).orElseThrow();
        UaNode camera = doc.children(cell.nodeId()).get(0);
        assertEquals("Camera 1", camera.browseName(), "namespace prefix stripped, spaces kept");
        List<UaNode> signals = doc.children(camera.nodeId());
        assertEquals(List.of("Histogram", "GapWidth"), signals.stream().map(UaNode::browseName).toList());

        UaNode histogram = signals.get(0);
        assertEquals(UaNodeId.ua(10), histogram.dataType());
        assertEquals(1, histogram.valueRank());
        assertEquals(256, histogram.arrayLength());

        UaNode gap = signals.get(1);
        assertTrue(doc.isSubtypeOf(gap.dataType(), UaNodeId.ua(11)), "Millimetres derives from Double");
        assertEquals("ns=2;s=Cell A.Camera 1.GapWidth", gap.nodeId().toString());
    }

    @Test
    void truncatedFileNamesFileAndLine() throws Exception {
        String text = read("press-line.NodeSet2.xml");
        Path file = tmp.resolve("truncated.xml");
        Files.writeString(file, text.substring(0, text.indexOf("<UAVariable NodeId=\"ns=1;i=6002\"")), StandardCharsets.UTF_8);
        NodeSetException e = assertThrows(NodeSetException.class, () -> NodeSetParser.parse(file));
        assertTrue(e.getMessage().startsWith(file + ":"), e.getMessage());
        assertTrue(e.getMessage().matches(".*truncated.xml:\\d+: not well-formed NodeSet2 XML: XML document structures.*"),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void wrongRootAndBadNodeIdsAreNamed() throws Exception {
        Path notNodeSet = tmp.resolve("model.xml");
        Files.writeString(notNodeSet, "<?xml version=\"1.0\"?>\n<AssetAdministrationShell/>\n");
        NodeSetException root = assertThrows(NodeSetException.class, () -> NodeSetParser.parse(notNodeSet));
        assertTrue(root.getMessage().contains("expected <UANodeSet>"), root.getMessage());

        Path badId = tmp.resolve("bad-id.xml");
        Files.writeString(badId, "<UANodeSet xmlns=\"http://opcfoundation.org/UA/2011/03/UANodeSet.xsd\">\n"
                + "  <UAObject NodeId=\"ns=1;x=7\" BrowseName=\"1:Oops\"/>\n</UANodeSet>\n");
        NodeSetException id = assertThrows(NodeSetException.class, () -> NodeSetParser.parse(badId));
        assertTrue(id.getMessage().contains("bad-id.xml:2:") && id.getMessage().contains("ns=1;x=7"), id.getMessage());
    }

    @Test
    void nodeIdNotationRoundTrips() {
        for (String text : List.of("i=85", "ns=1;i=5001", "ns=3;s=Line 1.Press", "ns=2;g=09087e75-8e5e-499b-954f-f2a9603db28a", "ns=4;b=M/RbKBsRVkePCePcx24oRA==")) {
            assertEquals(text, UaNodeId.parse(text).toString());
        }
        assertThrows(IllegalArgumentException.class, () -> UaNodeId.parse("ns=1;i=abc"));
        assertThrows(IllegalArgumentException.class, () -> UaNodeId.parse("Temperature"));
    }

    private static UaNode property(NodeSetDocument doc, UaNode variable, String name) {
        return doc.children(variable.nodeId()).stream().filter(n -> n.browseName().equals(name)).findFirst().orElseThrow();
    }

    private Path copy(String resource) throws IOException {
        return TestNodeSets.copy(tmp, resource);
    }

    private String read(String resource) throws IOException {
        return TestNodeSets.read(resource);
    }
}
