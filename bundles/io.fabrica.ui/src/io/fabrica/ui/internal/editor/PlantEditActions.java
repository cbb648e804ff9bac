package io.fabrica.ui.internal.editor;

import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.eclipse.emf.common.command.Command;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.edit.command.CopyToClipboardCommand;
import org.eclipse.emf.edit.command.CreateChildCommand;
import org.eclipse.emf.edit.command.CutToClipboardCommand;
import org.eclipse.emf.edit.command.DeleteCommand;
import org.eclipse.emf.edit.command.PasteFromClipboardCommand;
import org.eclipse.emf.edit.domain.EditingDomain;
import org.eclipse.emf.edit.provider.IItemLabelProvider;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IAction;
import org.eclipse.jface.action.IMenuManager;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.action.Separator;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.ui.IActionBars;
import org.eclipse.ui.actions.ActionFactory;

/**
 * The structural edits of the plant editor, each one EMF command on the editor's command stack (so
 * Undo/Redo covers them): Cut, Copy, Paste (pasted elements get new ids, see the model's item
 * providers), Delete, and New Child for whatever the selected element may contain (areas under a
 * site, signals under equipment …), offered by the item providers. Copy and Paste work across open
 * plant editors through the editing domain's clipboard.
 *
 * <p>Threading: UI thread only.
 */
final class PlantEditActions {

    private final EditingDomain domain;
    private final TreeViewer tree;
    private final Consumer<String> status;

    PlantEditActions(EditingDomain domain, TreeViewer tree, Consumer<String> status) {
        this.domain = domain;
        this.tree = tree;
        this.status = status;
    }

    /** Registers Cut/Copy/Paste/Delete as the workbench's global actions while the editor is active. */
    void install(IActionBars bars) {
        bars.setGlobalActionHandler(ActionFactory.CUT.getId(), action("Cut", () -> CutToClipboardCommand.create(domain, selection())));
        bars.setGlobalActionHandler(ActionFactory.COPY.getId(), action("Copy", () -> CopyToClipboardCommand.create(domain, selection())));
        bars.setGlobalActionHandler(ActionFactory.PASTE.getId(), action("Paste",
                () -> PasteFromClipboardCommand.create(domain, first(), null)));
        bars.setGlobalActionHandler(ActionFactory.DELETE.getId(), action("Delete", () -> DeleteCommand.create(domain, selection())));
        bars.updateActionBars();
        MenuManager menu = new MenuManager();
        menu.setRemoveAllWhenShown(true);
        menu.addMenuListener(m -> fill(m, bars));
        tree.getControl().setMenu(menu.createContextMenu(tree.getControl()));
    }

    private void fill(IMenuManager menu, IActionBars bars) {
        MenuManager newChild = new MenuManager("&New Child");
        for (IAction create : newChildActions()) {
            newChild.add(create);
        }
        menu.add(newChild);
        menu.add(new Separator());
        for (ActionFactory id : List.of(ActionFactory.CUT, ActionFactory.COPY, ActionFactory.PASTE, ActionFactory.DELETE)) {
            menu.add(bars.getGlobalActionHandler(id.getId()));
        }
    }

    /** @return one action per child the selected element can get, labelled like "Signal" or "Area" */
    List<IAction> newChildActions() {
        EObject owner = first();
        if (owner == null) {
            return List.of();
        }
        Collection<?> descriptors = domain.getNewChildDescriptors(owner, null);
        return descriptors.stream().<IAction>map(descriptor -> {
            Command probe = CreateChildCommand.create(domain, owner, descriptor, List.of(owner));
            String label = probe.getLabel();
            probe.dispose();
            return action(label, () -> CreateChildCommand.create(domain, owner, descriptor, List.of(owner)));
        }).toList();
    }

    /** An action that runs a fresh command on the stack and selects what it affected. */
    private IAction action(String label, Supplier<Command> command) {
        return new Action(label) {
            @Override
            public void run() {
                Command c = command.get();
                if (!c.canExecute()) {
                    c.dispose();
                    status.accept(label + " is not possible for " + describe(first()));
                    return;
                }
                domain.getCommandStack().execute(c);
                status.accept("");
                Collection<?> affected = c.getAffectedObjects();
                if (!affected.isEmpty() && affected.iterator().next() instanceof EObject) {
                    tree.getControl().getDisplay().asyncExec(() -> {
                        if (!tree.getControl().isDisposed()) {
                            tree.setSelection(new StructuredSelection(affected.toArray()), true);
                        }
                    });
                }
            }
        };
    }

    private List<?> selection() {
        return ((IStructuredSelection) tree.getSelection()).toList();
    }

    private EObject first() {
        Object first = ((IStructuredSelection) tree.getSelection()).getFirstElement();
        return first instanceof EObject e ? e : null;
    }

    private String describe(EObject element) {
        if (element == null) {
            return "an empty selection";
        }
        Object labels = ((org.eclipse.emf.edit.domain.AdapterFactoryEditingDomain) domain).getAdapterFactory().adapt(element,
                IItemLabelProvider.class);
        return labels instanceof IItemLabelProvider l ? l.getText(element) : element.eClass().getName();
    }
}
