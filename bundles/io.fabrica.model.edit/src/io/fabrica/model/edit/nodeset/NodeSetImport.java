package io.fabrica.model.edit.nodeset;

import java.util.List;
import java.util.Objects;

import io.fabrica.model.plant.DeviceConnection;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.plant.Line;

/**
 * The result of {@link NodeSetImporter#importNodeSet(java.nio.file.Path, String)}: a new plant model
 * (not yet in any resource) and what could not be mapped.
 *
 * @param enterprise the root: Enterprise &gt; Site "Imported" &gt; Area "Imported" &gt; one Line
 *        holding the equipment, and one OPC UA {@link DeviceConnection} the signals are bound through
 * @param warnings one line per node or unit that was left out or mapped with a loss, each naming
 *        the node (browse name, NodeId, line in the file); empty when everything mapped
 */
public record NodeSetImport(Enterprise enterprise, List<String> warnings) {

    /**
     * @throws NullPointerException if an argument is {@code null}
     */
    public NodeSetImport {
        Objects.requireNonNull(enterprise, "enterprise");
        warnings = List.copyOf(warnings);
    }

    /** @return the imported line (the only line of the only area of the only site), as created by the import */
    public Line line() {
        return enterprise.getSites().get(0).getAreas().get(0).getLines().get(0);
    }

    /** @return the OPC UA connection every imported signal is bound through, as created by the import */
    public DeviceConnection connection() {
        return enterprise.getConnections().get(0);
    }
}
