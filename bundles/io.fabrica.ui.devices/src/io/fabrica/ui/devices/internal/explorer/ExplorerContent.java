package io.fabrica.ui.devices.internal.explorer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.TreeViewer;

import io.fabrica.devices.api.BrowseNode;
import io.fabrica.devices.api.DeviceException;
import io.fabrica.devices.api.DeviceSession;
import io.fabrica.model.plant.Address;
import io.fabrica.model.plant.OpcUaNodeAddress;

/**
 * The explorer's lazy tree content: a node's children are browsed from the device in a job the
 * first time it is expanded; until then it shows a "Loading…" row. The input is the view's list of
 * {@link ConnectionNode}s. Failures become a child row with the reason, never a dialog.
 */
final class ExplorerContent implements ITreeContentProvider {

    /** The standard OPC UA namespace: at the top it holds the server's own diagnostics, not the device's data. */
    private static final String UA_NAMESPACE = "http://opcfoundation.org/UA/";

    private final TreeViewer viewer;
    private final Consumer<ExplorerNode> browsed;

    /**
     * @param viewer the tree it feeds
     * @param browsed told on the UI thread after a node's children arrived
     */
    ExplorerContent(TreeViewer viewer, Consumer<ExplorerNode> browsed) {
        this.viewer = viewer;
        this.browsed = browsed;
    }

    @Override
    public Object[] getElements(Object input) {
        return input instanceof List<?> roots ? roots.toArray() : new Object[0];
    }

    @Override
    public Object[] getChildren(Object parent) {
        if (!(parent instanceof ExplorerNode node) || !node.browsable()) {
            return new Object[0];
        }
        if (node.children() != null) {
            return node.children().toArray();
        }
        if (node.startBrowsing()) {
            browse(node);
        }
        return new Object[] {new MessageNode(node, MessageNode.LOADING, false)};
    }

    @Override
    public Object getParent(Object element) {
        return element instanceof ExplorerNode node ? node.parent() : null;
    }

    @Override
    public boolean hasChildren(Object element) {
        return element instanceof ExplorerNode node && node.browsable() && (node.children() == null || !node.children().isEmpty());
    }

    private void browse(ExplorerNode node) {
        ConnectionNode root = node.connection();
        Address address = node instanceof DeviceNode d ? d.node().address() : null;
        String name = node instanceof DeviceNode d ? d.node().displayName() : root.endpoint();
        Job job = Job.create("Browsing " + name, monitor -> {
            List<ExplorerNode> children = browseNow(node, root, address);
            if (!viewer.getControl().isDisposed()) {
                viewer.getControl().getDisplay().asyncExec(() -> {
                    if (!viewer.getControl().isDisposed()) {
                        node.setChildren(children);
                        viewer.refresh(node);
                        browsed.accept(node);
                    }
                });
            }
            return Status.OK_STATUS;
        });
        job.schedule();
    }

    /** Browses on the job's thread; at most the spec's timeout. */
    private static List<ExplorerNode> browseNow(ExplorerNode node, ConnectionNode root, Address address) {
        DeviceSession session = root.session();
        if (session == null) {
            return List.of(new MessageNode(node, "Not connected (" + root.state() + "); it is browsed when the connection is back", true));
        }
        try {
            List<ExplorerNode> children = new ArrayList<>();
            for (BrowseNode child : session.browseSync(address, root.spec().timeout())) {
                boolean diagnostics = address == null && child.address() instanceof OpcUaNodeAddress a && UA_NAMESPACE.equals(a.getNamespaceUri());
                if (!diagnostics) {
                    children.add(new DeviceNode(node, child));
                }
            }
            return children;
        } catch (DeviceException e) {
            return List.of(new MessageNode(node, "Browse failed: " + e.getMessage(), true));
        }
    }
}
