package io.fabrica.ui.internal.editor;

import org.eclipse.emf.common.command.Command;
import org.eclipse.emf.edit.domain.AdapterFactoryEditingDomain;
import org.eclipse.emf.edit.provider.IItemLabelProvider;

import io.fabrica.model.plant.Signal;
import io.fabrica.ui.dnd.DeviceNodeRef;

/**
 * What happens when device nodes are dropped on the plant editor's tree: a single node dropped onto a
 * signal binds the signal to it ({@link BindDroppedNodeCommand}, one undo step); anything else is
 * refused with a reason the editor shows in the status line. Kept apart from SWT's drop events so
 * that tests can call it with the data a drag produces. UI thread only.
 */
public final class SignalDropHandler {

    /**
     * Whether a drop is accepted.
     *
     * @param accepted true if the drop would bind
     * @param reason why not, for the status line; empty when accepted
     */
    public record Verdict(boolean accepted, String reason) {

        static final Verdict OK = new Verdict(true, "");

        static Verdict refuse(String reason) {
            return new Verdict(false, reason);
        }
    }

    private final AdapterFactoryEditingDomain domain;

    /** @param domain the editor's editing domain, whose command stack gets the binding */
    public SignalDropHandler(AdapterFactoryEditingDomain domain) {
        this.domain = domain;
    }

    /**
     * Checks the drop target alone (while dragging, the data is not known yet on every platform).
     *
     * @param target the tree element under the pointer, or {@code null}
     * @return the verdict
     */
    public Verdict check(Object target) {
        if (target instanceof Signal) {
            return Verdict.OK;
        }
        if (target == null) {
            return Verdict.refuse("Drop the device node onto a signal of the plant");
        }
        return Verdict.refuse("Only signals can be bound to device nodes; " + label(target) + " is not a signal");
    }

    /**
     * Checks a drop of these nodes onto a target.
     *
     * @param nodes the dragged nodes
     * @param target the tree element under the pointer
     * @return the verdict
     */
    public Verdict check(DeviceNodeRef[] nodes, Object target) {
        Verdict onTarget = check(target);
        if (!onTarget.accepted()) {
            return onTarget;
        }
        if (nodes == null || nodes.length != 1) {
            return Verdict.refuse("Drop one device node onto one signal (" + (nodes == null ? 0 : nodes.length) + " were dragged)");
        }
        return Verdict.OK;
    }

    /**
     * Binds the target signal to the dropped node.
     *
     * @param nodes the dragged nodes (exactly one)
     * @param target the signal
     * @return the executed command (on the editor's command stack)
     * @throws IllegalArgumentException with the reason when the drop is refused
     */
    public Command drop(DeviceNodeRef[] nodes, Object target) {
        Verdict verdict = check(nodes, target);
        if (!verdict.accepted()) {
            throw new IllegalArgumentException(verdict.reason());
        }
        Command command = BindDroppedNodeCommand.create(domain, (Signal) target, nodes[0]);
        if (!command.canExecute()) {
            command.dispose();
            throw new IllegalArgumentException("The signal " + label(target) + " cannot be bound to " + nodes[0].displayName());
        }
        domain.getCommandStack().execute(command);
        return command;
    }

    private String label(Object element) {
        Object provider = domain.getAdapterFactory().adapt(element, IItemLabelProvider.class);
        String text = provider instanceof IItemLabelProvider labels ? labels.getText(element) : String.valueOf(element);
        return "'" + text + "'";
    }
}
