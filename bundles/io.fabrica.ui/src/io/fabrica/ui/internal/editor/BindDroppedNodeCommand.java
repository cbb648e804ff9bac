package io.fabrica.ui.internal.editor;

import org.eclipse.emf.common.command.Command;
import org.eclipse.emf.common.command.CompoundCommand;
import org.eclipse.emf.edit.command.AddCommand;
import org.eclipse.emf.edit.domain.EditingDomain;
import org.eclipse.emf.ecore.util.EcoreUtil;

import io.fabrica.model.edit.PlantCommands;
import io.fabrica.model.plant.DeviceConnection;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.plant.PlantFactory;
import io.fabrica.model.plant.PlantPackage;
import io.fabrica.model.plant.Signal;
import io.fabrica.ui.dnd.DeviceNodeRef;

/**
 * Builds the one undoable command that binds a signal to a dropped device node: the plant's device
 * connection for the node's endpoint is reused, or created (with the security the node was browsed
 * with) in the same compound, followed by {@link PlantCommands#bindOpcUaCommand}, so the binding rules
 * live in one place.
 */
final class BindDroppedNodeCommand {

    private BindDroppedNodeCommand() {
    }

    /**
     * @return the compound command, not executed
     * @throws IllegalArgumentException when the signal is not inside a plant
     */
    static Command create(EditingDomain domain, Signal signal, DeviceNodeRef node) {
        if (!(EcoreUtil.getRootContainer(signal) instanceof Enterprise plant)) {
            throw new IllegalArgumentException(signal.getName() + " is not part of a plant");
        }
        CompoundCommand bind = new CompoundCommand("Bind " + signal.getName() + " to " + node.displayName());
        DeviceConnection connection = connectionFor(plant, node.endpoint());
        if (connection == null) {
            connection = newConnection(node);
            bind.append(AddCommand.create(domain, plant, PlantPackage.Literals.ENTERPRISE__CONNECTIONS, connection));
        }
        bind.append(PlantCommands.bindOpcUaCommand(domain, signal, connection, node.namespaceUri(), node.nodeIdType(),
                node.identifier(), node.dataType()));
        return bind;
    }

    /** @return the plant's connection to this endpoint, or {@code null} */
    static DeviceConnection connectionFor(Enterprise plant, String endpoint) {
        for (DeviceConnection c : plant.getConnections()) {
            if (endpoint.equals(c.getEndpoint())) {
                return c;
            }
        }
        return null;
    }

    private static DeviceConnection newConnection(DeviceNodeRef node) {
        DeviceConnection created = PlantFactory.eINSTANCE.createDeviceConnection();
        created.setName(node.endpoint().replaceAll("^opc\\.tcp://", "").replace('/', ' ').trim());
        created.setEndpoint(node.endpoint());
        if (node.securityPolicy() != null) {
            created.setSecurityPolicy(node.securityPolicy());
        }
        if (node.securityMode() != null) {
            created.setSecurityMode(node.securityMode());
        }
        if (node.identityType() != null) {
            created.setIdentityType(node.identityType());
        }
        return created;
    }
}
