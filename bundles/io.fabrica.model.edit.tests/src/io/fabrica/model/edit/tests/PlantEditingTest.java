package io.fabrica.model.edit.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

import org.eclipse.emf.common.command.Command;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.edit.command.CommandParameter;
import org.eclipse.emf.edit.command.CopyToClipboardCommand;
import org.eclipse.emf.edit.command.PasteFromClipboardCommand;
import org.eclipse.emf.edit.domain.AdapterFactoryEditingDomain;
import org.eclipse.emf.edit.provider.IItemLabelProvider;
import org.eclipse.emf.edit.provider.ITreeItemContentProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabrica.model.edit.PlantCommands;
import io.fabrica.model.edit.PlantEditing;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.plant.Equipment;
import io.fabrica.model.plant.NodeIdType;
import io.fabrica.model.plant.OpcUaNodeAddress;
import io.fabrica.model.plant.PlantPackage;
import io.fabrica.model.plant.Signal;
import io.fabrica.model.resource.PlantFiles;

/** Edits as EMF commands on the editing domain: undo, redo, dirty state, item providers, copy/paste. */
class PlantEditingTest {

    @TempDir
    Path tmp;

    @Test
    void setUndoRedoAndDirtyState() throws Exception {
        AdapterFactoryEditingDomain domain = openPress();
        Signal temperature = TestPlants.temperature(PlantEditing.root(domain));
        assertFalse(domain.getCommandStack().getUndoCommand() != null, "fresh domain has nothing to undo");

        PlantCommands.set(domain, temperature, PlantPackage.Literals.SIGNAL__UNIT, "K");
        assertEquals("K", temperature.getUnit());
        assertTrue(((org.eclipse.emf.common.command.BasicCommandStack) domain.getCommandStack()).isSaveNeeded());

        domain.getCommandStack().undo();
        assertEquals("Cel", temperature.getUnit());
        domain.getCommandStack().redo();
        assertEquals("K", temperature.getUnit());

        PlantEditing.save(domain, tmp.resolve("press.plant"));
        assertFalse(((org.eclipse.emf.common.command.BasicCommandStack) domain.getCommandStack()).isSaveNeeded());
        assertEquals("K", TestPlants.temperature(PlantFiles.load(tmp.resolve("press.plant"))).getUnit());
    }

    @Test
    void deleteConnectionClearsReferencesAndUndoRestoresThem() throws Exception {
        AdapterFactoryEditingDomain domain = openPress();
        Enterprise plant = PlantEditing.root(domain);
        var connection = plant.getConnections().get(0);
        Signal temperature = TestPlants.temperature(plant);

        PlantCommands.delete(domain, List.of(connection));
        assertTrue(plant.getConnections().isEmpty());
        assertNull(temperature.getBinding().getConnection(), "DeleteCommand removes references too");

        domain.getCommandStack().undo();
        assertSame(connection, plant.getConnections().get(0));
        assertSame(connection, temperature.getBinding().getConnection());
    }

    @Test
    void bindIsOneUndoableStep() throws Exception {
        AdapterFactoryEditingDomain domain = openPress();
        Enterprise plant = PlantEditing.root(domain);
        Signal temperature = TestPlants.temperature(plant);
        var before = temperature.getBinding();

        PlantCommands.bindOpcUa(domain, temperature, plant.getConnections().get(0), "urn:other", NodeIdType.NUMERIC, "1042", "Float");
        OpcUaNodeAddress address = (OpcUaNodeAddress) temperature.getBinding().getAddress();
        assertEquals("urn:other", address.getNamespaceUri());
        assertEquals("1042", address.getIdentifier());

        domain.getCommandStack().undo();
        assertSame(before, temperature.getBinding());
    }

    @Test
    void commandThatCannotExecuteChangesNothing() throws Exception {
        AdapterFactoryEditingDomain domain = openPress();
        Signal temperature = TestPlants.temperature(PlantEditing.root(domain));
        assertThrows(IllegalArgumentException.class,
                () -> PlantCommands.add(domain, temperature, PlantPackage.Literals.EQUIPMENT__SIGNALS, temperature));
        assertNull(domain.getCommandStack().getUndoCommand());
    }

    @Test
    void itemProvidersGiveLabelsChildrenAndNewChildDescriptors() throws Exception {
        AdapterFactoryEditingDomain domain = openPress();
        Equipment press = TestPlants.equipment(PlantEditing.root(domain));
        IItemLabelProvider labels = (IItemLabelProvider) domain.getAdapterFactory().adapt(press, IItemLabelProvider.class);
        assertTrue(labels.getText(press).contains("Press 3"), labels.getText(press));
        ITreeItemContentProvider tree = (ITreeItemContentProvider) domain.getAdapterFactory().adapt(press, ITreeItemContentProvider.class);
        assertEquals(2, tree.getChildren(press).size(), "temperature and force setpoint");
        Collection<?> descriptors = domain.getNewChildDescriptors(press, null);
        assertTrue(descriptors.stream().anyMatch(d -> d instanceof CommandParameter p && p.getValue() instanceof Signal),
                "a new signal can be created under equipment");
    }

    @Test
    void pastedCopyGetsNewIds() throws Exception {
        AdapterFactoryEditingDomain domain = openPress();
        Equipment press = TestPlants.equipment(PlantEditing.root(domain));
        Signal temperature = press.getSignals().get(0);

        domain.getCommandStack().execute(CopyToClipboardCommand.create(domain, temperature));
        Command paste = PasteFromClipboardCommand.create(domain, press, PlantPackage.Literals.EQUIPMENT__SIGNALS);
        assertTrue(paste.canExecute());
        domain.getCommandStack().execute(paste);

        Signal copy = press.getSignals().get(1);
        assertEquals("Temperature", copy.getName());
        assertNotEquals(temperature.getId(), copy.getId());
        assertNotNull(copy.getBinding());
        assertNotEquals(temperature.getBinding().getId(), copy.getBinding().getId());
        assertSame(temperature.getBinding().getConnection(), copy.getBinding().getConnection(), "references outside the copy are kept");
        domain.getCommandStack().undo();
        assertEquals(1, press.getSignals().size());
    }

    private AdapterFactoryEditingDomain openPress() throws Exception {
        Path file = tmp.resolve("press.plant");
        PlantFiles.save(TestPlants.press(), file);
        AdapterFactoryEditingDomain domain = PlantEditing.open(file);
        EObject root = PlantEditing.root(domain);
        assertNotNull(root);
        return domain;
    }
}
