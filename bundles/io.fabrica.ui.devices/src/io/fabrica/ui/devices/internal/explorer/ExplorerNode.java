package io.fabrica.ui.devices.internal.explorer;

import java.util.List;

/**
 * An element of the Device Explorer tree. Children are fetched lazily from the device: {@code null}
 * until the node is expanded the first time, then the browse result. Fields are touched on the UI
 * thread only; browse jobs hand their result over with {@code Display.asyncExec}.
 */
abstract sealed class ExplorerNode permits ConnectionNode, DeviceNode, MessageNode {

    private final ExplorerNode parent;
    private List<ExplorerNode> children;
    private boolean browsing;

    ExplorerNode(ExplorerNode parent) {
        this.parent = parent;
    }

    /** @return the parent in the tree, {@code null} for a connection */
    ExplorerNode parent() {
        return parent;
    }

    /** @return the connection this node was browsed on */
    abstract ConnectionNode connection();

    /** @return whether the node can have children worth browsing */
    abstract boolean browsable();

    /** @return the browsed children, or {@code null} while not browsed yet */
    List<ExplorerNode> children() {
        return children;
    }

    void setChildren(List<ExplorerNode> newChildren) {
        children = newChildren;
        browsing = false;
    }

    /** Forgets the children so that the next expansion browses again. */
    void forgetChildren() {
        children = null;
        browsing = false;
    }

    /** @return true the first time it is called after children were forgotten: the caller starts the browse */
    boolean startBrowsing() {
        if (browsing || children != null) {
            return false;
        }
        browsing = true;
        return true;
    }
}
