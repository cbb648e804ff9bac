package io.fabrica.devices.opcua.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.osgi.service.component.annotations.Component;

import io.fabrica.devices.api.DeviceDescriptionImporter;
import io.fabrica.model.edit.nodeset.NodeSetException;
import io.fabrica.model.edit.nodeset.NodeSetImport;
import io.fabrica.model.edit.nodeset.NodeSetImporter;

/** OPC UA NodeSet2 XML, the description format of OPC UA devices and companion specifications, as a device description importer. */
@Component(service = DeviceDescriptionImporter.class)
public final class NodeSetDescriptionImporter implements DeviceDescriptionImporter {

    private static final int SNIFF_BYTES = 4096;

    @Override
    public String id() {
        return "opcua-nodeset2";
    }

    @Override
    public String label() {
        return "OPC UA NodeSet2 XML";
    }

    /** Recognises a file by its {@code UANodeSet} root element in the first few kilobytes. */
    @Override
    public boolean canImport(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            String start = new String(in.readNBytes(SNIFF_BYTES), StandardCharsets.UTF_8);
            return start.contains("<UANodeSet");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public Result importFile(Path file, String endpoint) throws IOException {
        try {
            NodeSetImport result = NodeSetImporter.importNodeSet(file, endpoint);
            return new Result(result.enterprise(), result.warnings());
        } catch (NodeSetException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
