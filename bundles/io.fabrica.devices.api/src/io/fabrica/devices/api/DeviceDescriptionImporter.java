package io.fabrica.devices.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;
import org.osgi.annotation.versioning.ProviderType;

import io.fabrica.model.plant.Enterprise;

/**
 * Turns a vendor's device description file (an OPC UA NodeSet2, a register map, ...) into plant
 * model elements bound to the device's addresses. Registered as an OSGi service (Declarative Services
 * {@code @Component(service = DeviceDescriptionImporter.class)}).
 *
 * <p>Implemented by vendors; Fabrica calls it.
 *
 * <p>Threading: implementations are thread-safe. {@link #id()} and {@link #label()} never block;
 * {@link #canImport} and {@link #importFile} read the file, so Fabrica calls them from worker
 * threads, never the UI thread.
 *
 * @since 1.0
 */
@ConsumerType
public interface DeviceDescriptionImporter {

    /**
     * The result of an import: a new plant model (in no resource) and what could not be mapped.
     *
     * <p>Implemented by Fabrica; vendors use it: importers create it, Fabrica reads it.
     *
     * @param plant the imported plant, owned by the caller from now on
     * @param warnings one sentence per element that could not be mapped, empty if none
     * @since 1.0
     */
    @ProviderType
    record Result(Enterprise plant, List<String> warnings) {
    }

    /**
     * The importer's id. Any thread; returns a constant.
     *
     * @return a unique id, e.g. {@code "opcua-nodeset2"}
     */
    String id();

    /**
     * The importer's name for people. Any thread; returns a constant.
     *
     * @return a name for people, e.g. "OPC UA NodeSet2 XML"
     */
    String label();

    /**
     * Whether this importer recognises a file, by its name or a quick look at its start (a few
     * kilobytes at most). Never throws: a file that cannot be read is not recognised.
     *
     * @param file a candidate file
     * @return whether this importer recognises it
     */
    boolean canImport(Path file);

    /**
     * Imports a description file. May take a while for large files.
     *
     * @param file the description file
     * @param endpoint the device's endpoint to put into the new connection, or {@code null} for a default
     * @return the imported plant and warnings
     * @throws IOException if the file cannot be read or is not valid; the message names the file and line
     */
    Result importFile(Path file, String endpoint) throws IOException;
}
