package io.fabrica.model.edit;

import java.util.Collection;
import java.util.List;

import org.eclipse.emf.common.command.Command;
import org.eclipse.emf.common.command.CompoundCommand;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.edit.command.AddCommand;
import org.eclipse.emf.edit.command.DeleteCommand;
import org.eclipse.emf.edit.command.SetCommand;
import org.eclipse.emf.edit.domain.EditingDomain;

import io.fabrica.model.plant.DeviceConnection;
import io.fabrica.model.plant.NodeIdType;
import io.fabrica.model.plant.OpcUaNodeAddress;
import io.fabrica.model.plant.PlantFactory;
import io.fabrica.model.plant.PlantPackage;
import io.fabrica.model.plant.Signal;
import io.fabrica.model.plant.SignalBinding;

/**
 * The edits users make to a plant model, as EMF commands executed on an editing domain's command
 * stack, so each one can be undone and redone. Every method executes its command and returns it;
 * a command that cannot execute (wrong owner or value type) throws {@link IllegalArgumentException}
 * and changes nothing.
 */
public final class PlantCommands {

    private PlantCommands() {
    }

    /** Sets a feature of an element (name, unit, range, ...). */
    public static Command set(EditingDomain domain, EObject owner, EStructuralFeature feature, Object value) {
        return execute(domain, SetCommand.create(domain, owner, feature, value), "set " + feature.getName());
    }

    /** Adds a new child to a containment list (a signal to equipment, equipment to a line, ...). */
    public static Command add(EditingDomain domain, EObject owner, EStructuralFeature feature, Object child) {
        return execute(domain, AddCommand.create(domain, owner, feature, child), "add to " + feature.getName());
    }

    /** Deletes elements and clears every reference to them (a deleted connection unbinds nothing silently: see validation). */
    public static Command delete(EditingDomain domain, Collection<? extends EObject> elements) {
        return execute(domain, DeleteCommand.create(domain, elements), "delete");
    }

    /**
     * Binds a signal to an OPC UA node of a connection, replacing any previous binding, as one
     * undoable step.
     *
     * @param domain the editing domain
     * @param signal the signal to bind
     * @param connection a connection of the same plant
     * @param namespaceUri the node's namespace URI (not its index)
     * @param type the identifier type
     * @param identifier the identifier
     * @param deviceDataType the node's built-in data type name when known (e.g. {@code Double}), else {@code null}
     * @return the executed command
     */
    public static Command bindOpcUa(EditingDomain domain, Signal signal, DeviceConnection connection, String namespaceUri,
            NodeIdType type, String identifier, String deviceDataType) {
        return execute(domain, bindOpcUaCommand(domain, signal, connection, namespaceUri, type, identifier, deviceDataType),
                "bind " + signal.getName());
    }

    /**
     * The command of {@link #bindOpcUa}, not executed: for callers that combine it with other edits
     * (e.g. creating the connection it refers to) into one undoable step.
     *
     * @return the command; the caller executes it on the domain's command stack
     */
    public static Command bindOpcUaCommand(EditingDomain domain, Signal signal, DeviceConnection connection, String namespaceUri,
            NodeIdType type, String identifier, String deviceDataType) {
        OpcUaNodeAddress address = PlantFactory.eINSTANCE.createOpcUaNodeAddress();
        address.setNamespaceUri(namespaceUri);
        address.setIdentifierType(type);
        address.setIdentifier(identifier);
        address.setDeviceDataType(deviceDataType);
        SignalBinding binding = PlantFactory.eINSTANCE.createSignalBinding();
        binding.setConnection(connection);
        binding.setAddress(address);
        Command command = SetCommand.create(domain, signal, PlantPackage.Literals.SIGNAL__BINDING, binding);
        return new CompoundCommand("Bind " + signal.getName(), List.of(command));
    }

    private static Command execute(EditingDomain domain, Command command, String what) {
        if (!command.canExecute()) {
            command.dispose();
            throw new IllegalArgumentException("cannot " + what + ": the command is not executable for this element and value");
        }
        domain.getCommandStack().execute(command);
        return command;
    }
}
