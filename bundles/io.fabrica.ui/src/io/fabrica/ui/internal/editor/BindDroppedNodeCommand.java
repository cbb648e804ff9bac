package io.fabrica.ui.internal.editor;

import java.util.Collection;
import java.util.List;

import org.eclipse.emf.common.command.AbstractCommand;
import org.eclipse.emf.common.command.BasicCommandStack;
import org.eclipse.emf.common.command.Command;
import org.eclipse.emf.edit.command.AddCommand;
import org.eclipse.emf.edit.domain.AdapterFactoryEditingDomain;
import org.eclipse.emf.edit.domain.EditingDomain;

import io.fabrica.model.edit.PlantCommands;
import io.fabrica.model.plant.DeviceConnection;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.plant.PlantFactory;
import io.fabrica.model.plant.PlantPackage;
import io.fabrica.model.plant.Signal;
import io.fabrica.ui.dnd.DeviceNodeRef;

/**
 * Binds a signal to a dropped device node as one undoable step: it finds the plant's device
 * connection for the node's endpoint or creates one (an EMF {@link AddCommand}), then binds through
 * {@link PlantCommands#bindOpcUa}, so binding rules live in one place.
 *
 * <p>Why a scratch domain: {@code bindOpcUa} executes its command on the command stack of the domain
 * it is given. Executed on the editor's stack it would be a second undo step next to the connection's
 * creation. Given a scratch domain over the same adapter factory, it executes there and returns the
 * command, which this command then undoes and redoes together with the connection's creation. Only
 * this command lands on the editor's stack. Runs on the UI thread like every editor command.
 */
final class BindDroppedNodeCommand extends AbstractCommand {

    private final AdapterFactoryEditingDomain domain;
    private final Signal signal;
    private final DeviceNodeRef node;
    private Command addConnection;
    private Command bind;

    BindDroppedNodeCommand(AdapterFactoryEditingDomain domain, Signal signal, DeviceNodeRef node) {
        super("Bind " + signal.getName() + " to " + node.displayName(), "Binds the signal to the dropped device node " + node.nodeIdText());
        this.domain = domain;
        this.signal = signal;
        this.node = node;
    }

    @Override
    protected boolean prepare() {
        return plant() != null;
    }

    private Enterprise plant() {
        return org.eclipse.emf.ecore.util.EcoreUtil.getRootContainer(signal) instanceof Enterprise e ? e : null;
    }

    @Override
    public void execute() {
        Enterprise plant = plant();
        DeviceConnection connection = connectionFor(plant, node.endpoint());
        if (connection == null) {
            connection = newConnection(node);
            addConnection = AddCommand.create(domain, plant, PlantPackage.Literals.ENTERPRISE__CONNECTIONS, connection);
            if (!addConnection.canExecute()) {
                throw new IllegalStateException("cannot add a device connection for " + node.endpoint() + " to " + plant.getName());
            }
            addConnection.execute();
        }
        EditingDomain scratch = new AdapterFactoryEditingDomain(domain.getAdapterFactory(), new BasicCommandStack());
        try {
            bind = PlantCommands.bindOpcUa(scratch, signal, connection, node.namespaceUri(), node.nodeIdType(), node.identifier(),
                    node.dataType());
        } catch (IllegalArgumentException e) {
            if (addConnection != null) {
                addConnection.undo(); // leave the model as it was
            }
            throw e;
        }
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

    @Override
    public void undo() {
        bind.undo();
        if (addConnection != null) {
            addConnection.undo();
        }
    }

    @Override
    public void redo() {
        if (addConnection != null) {
            addConnection.redo();
        }
        bind.redo();
    }

    @Override
    public Collection<?> getAffectedObjects() {
        return List.of(signal);
    }

    @Override
    public void dispose() {
        if (bind != null) {
            bind.dispose();
        }
        if (addConnection != null) {
            addConnection.dispose();
        }
    }
}
