package io.fabrica.devices.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

import io.fabrica.model.plant.Enterprise;

/**
 * Turns a vendor's device description file (an OPC UA NodeSet2, a register map, ...) into plant
 * model elements bound to the device's addresses. Registered as an OSGi service.
 *
 * @since 0.1
 */
@ConsumerType
public interface DeviceDescriptionImporter {

    /** The result of an import: a new plant model (in no resource) and what could not be mapped. */
    record Result(Enterprise plant, List<String> warnings) {
    }

    /** @return a unique id, e.g. {@code "opcua-nodeset2"} */
    String id();

    /** @return a name for people, e.g. "OPC UA NodeSet2 XML" */
    String label();

    /**
     * @param file a candidate file
     * @return whether this importer recognises it (by name or a quick look at its start)
     */
    boolean canImport(Path file);

    /**
     * @param file the description file
     * @param endpoint the device's endpoint to put into the new connection, or {@code null} for a default
     * @return the imported plant
     * @throws IOException if the file cannot be read or is not valid; the message names the file and line
     */
    Result importFile(Path file, String endpoint) throws IOException;
}
