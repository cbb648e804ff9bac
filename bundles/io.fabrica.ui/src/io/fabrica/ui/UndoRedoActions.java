package io.fabrica.ui;

import org.eclipse.emf.common.command.Command;
import org.eclipse.emf.common.command.CommandStack;
import org.eclipse.jface.action.Action;
import org.eclipse.ui.IActionBars;
import org.eclipse.ui.actions.ActionFactory;

/**
 * Edit › Undo and Redo of an editor whose model changes only through an EMF command stack: the
 * workbench's global actions, bound to that stack.
 */
public final class UndoRedoActions {
    private final CommandStack stack;
    private final Action undo;
    private final Action redo;

    private UndoRedoActions(CommandStack stack) {
        this.stack = stack;
        this.undo = ViewActions.create("Undo", null, null, stack::undo);
        this.redo = ViewActions.create("Redo", null, null, stack::redo);
    }

    /**
     * Binds Undo and Redo of the editor's action bars to a command stack.
     *
     * @param bars the editor site's action bars
     * @param stack the stack the editor's commands run on
     * @return the actions, for {@link #update()}
     */
    public static UndoRedoActions install(IActionBars bars, CommandStack stack) {
        UndoRedoActions actions = new UndoRedoActions(stack);
        bars.setGlobalActionHandler(ActionFactory.UNDO.getId(), actions.undo);
        bars.setGlobalActionHandler(ActionFactory.REDO.getId(), actions.redo);
        return actions;
    }

    /** Enables each action by what the stack can do now and names the command it would undo or redo. */
    public void update() {
        Command u = stack.getUndoCommand();
        Command r = stack.getRedoCommand();
        undo.setEnabled(stack.canUndo());
        undo.setText(u != null && u.getLabel() != null ? "Undo " + u.getLabel() : "Undo");
        redo.setEnabled(stack.canRedo());
        redo.setText(r != null && r.getLabel() != null ? "Redo " + r.getLabel() : "Redo");
    }
}
