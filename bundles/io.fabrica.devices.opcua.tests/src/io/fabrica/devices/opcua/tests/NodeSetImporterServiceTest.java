package io.fabrica.devices.opcua.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

import io.fabrica.devices.api.DeviceDescriptionImporter;
import io.fabrica.devices.opcua.internal.OpcUaDriver;

/** The NodeSet2 importer is offered to the workbench and CLI as a DeviceDescriptionImporter service. */
class NodeSetImporterServiceTest {

    @TempDir
    Path tmp;

    @Test
    void importerServiceRecognisesAndImportsNodeSets() throws Exception {
        DeviceDescriptionImporter importer = service();
        Path nodeset = tmp.resolve("oven.xml");
        Files.writeString(nodeset, """
                <?xml version="1.0" encoding="utf-8"?>
                <UANodeSet xmlns="http://opcfoundation.org/UA/2011/03/UANodeSet.xsd">
                  <NamespaceUris><Uri>http://example.com/Oven/</Uri></NamespaceUris>
                  <UAObject NodeId="ns=1;s=Oven1" BrowseName="1:Oven1">
                    <DisplayName>Oven 1</DisplayName>
                    <References>
                      <Reference ReferenceType="i=35" IsForward="false">i=85</Reference>
                      <Reference ReferenceType="i=47">ns=1;s=Oven1.Temperature</Reference>
                    </References>
                  </UAObject>
                  <UAVariable NodeId="ns=1;s=Oven1.Temperature" BrowseName="1:Temperature" DataType="i=11">
                    <DisplayName>Temperature</DisplayName>
                  </UAVariable>
                </UANodeSet>
                """);
        Path other = tmp.resolve("other.xml");
        Files.writeString(other, "<?xml version=\"1.0\"?><AssetAdministrationShells/>");
        assertTrue(importer.canImport(nodeset));
        assertFalse(importer.canImport(other));
        DeviceDescriptionImporter.Result result = importer.importFile(nodeset, "opc.tcp://oven:4840");
        assertEquals("opc.tcp://oven:4840", result.plant().getConnections().get(0).getEndpoint());
        Files.writeString(other, "<UANodeSet xmlns=\"http://opcfoundation.org/UA/2011/03/UANodeSet.xsd\"><UAObject");
        IOException e = assertThrows(IOException.class, () -> importer.importFile(other, null));
        assertTrue(e.getMessage().contains("other.xml"), e.getMessage());
    }

    private static DeviceDescriptionImporter service() throws Exception {
        BundleContext context = FrameworkUtil.getBundle(OpcUaDriver.class).getBundleContext();
        for (int i = 0; i < 50; i++) {
            for (var ref : context.getServiceReferences(DeviceDescriptionImporter.class, null)) {
                DeviceDescriptionImporter importer = context.getService(ref);
                if (importer != null && importer.id().equals("opcua-nodeset2")) {
                    return importer;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no opcua-nodeset2 DeviceDescriptionImporter service");
    }
}
