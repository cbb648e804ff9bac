package io.fabrica.ui.internal.editor;

import java.util.function.Consumer;

import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.jface.viewers.ViewerDropAdapter;
import org.eclipse.swt.dnd.DND;
import org.eclipse.swt.dnd.DropTargetEvent;
import org.eclipse.swt.dnd.TransferData;

import io.fabrica.ui.dnd.DeviceNodeRef;
import io.fabrica.ui.dnd.DeviceNodeTransfer;

/**
 * The plant tree's drop target for device nodes: asks the {@link SignalDropHandler} while dragging
 * (refused targets get {@link DND#DROP_NONE} and the reason in the status line) and binds on drop.
 */
final class SignalDropListener extends ViewerDropAdapter {

    private final SignalDropHandler handler;
    private final Consumer<String> error;
    private final Consumer<String> info;

    SignalDropListener(TreeViewer viewer, SignalDropHandler handler, Consumer<String> error, Consumer<String> info) {
        super(viewer);
        this.handler = handler;
        this.error = error;
        this.info = info;
        setFeedbackEnabled(false); // a binding goes onto an element, never between two
    }

    @Override
    public void dragEnter(DropTargetEvent event) {
        // a binding is a link to the device node; prefer it whatever the platform proposes
        if ((event.operations & DND.DROP_LINK) != 0) {
            event.detail = DND.DROP_LINK;
        }
        super.dragEnter(event);
    }

    @Override
    public boolean validateDrop(Object target, int operation, TransferData transferType) {
        if (!DeviceNodeTransfer.getInstance().isSupportedType(transferType)) {
            return false;
        }
        SignalDropHandler.Verdict verdict = handler.check(target);
        error.accept(verdict.reason());
        return verdict.accepted();
    }

    @Override
    public boolean performDrop(Object data) {
        if (!(data instanceof DeviceNodeRef[] nodes)) {
            return false;
        }
        try {
            handler.drop(nodes, getCurrentTarget());
            error.accept("");
            info.accept("Bound to " + nodes[0].nodeIdText() + " on " + nodes[0].endpoint() + " (Undo reverts it)");
            return true;
        } catch (IllegalArgumentException | IllegalStateException refused) {
            error.accept(refused.getMessage());
            return false;
        }
    }

    @Override
    public void dragLeave(DropTargetEvent event) {
        super.dragLeave(event);
        error.accept("");
    }
}
