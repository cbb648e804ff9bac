package io.fabrica.opcua.server;

import java.util.List;
import java.util.Objects;

import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;

/**
 * A namespace of folders and variables that Fabrica code adds at run time. Node ids are strings
 * made of the browse path ({@code Fabrica/Runtime/State}), so they are stable across restarts and
 * readable in a browse tree.
 *
 * <p>Values written by clients are stored in the node; subscriptions are sampled by Milo's
 * {@link SubscriptionModel}. All methods are thread-safe (Milo's node manager is concurrent).
 */
public final class VariableNamespace extends ManagedNamespaceWithLifecycle {

    private final SubscriptionModel subscriptions;

    VariableNamespace(OpcUaServer server, String uri) {
        super(server, uri);
        subscriptions = new SubscriptionModel(server, this);
        getLifecycleManager().addLifecycle(subscriptions);
    }

    /**
     * Adds a folder.
     *
     * @param parent the parent folder's id, or {@code null} for the server's Objects folder
     * @param name the browse name, unique among its siblings
     * @return the new folder's id ({@code <parent path>/<name>})
     * @throws IllegalArgumentException if a node with that id exists or the parent does not
     */
    public NodeId addFolder(NodeId parent, String name) {
        NodeId id = childId(parent, name);
        UaFolderNode folder = new UaFolderNode(getNodeContext(), id, newQualifiedName(name), LocalizedText.english(name));
        getNodeManager().addNode(folder);
        link(parent, folder);
        return id;
    }

    /**
     * Adds a scalar variable.
     *
     * @param parent the parent folder's id (not {@code null})
     * @param name the browse name
     * @param dataType a built-in data type id such as {@code NodeIds.Double}
     * @param initialValue the initial value, of a Java type matching {@code dataType}
     * @param writable whether clients may write it
     * @return the new variable's id
     * @throws IllegalArgumentException if a node with that id exists or the parent does not
     */
    public NodeId addVariable(NodeId parent, String name, NodeId dataType, Object initialValue, boolean writable) {
        Objects.requireNonNull(parent, "parent");
        NodeId id = childId(parent, name);
        UaVariableNode node = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                .setNodeId(id)
                .setBrowseName(newQualifiedName(name))
                .setDisplayName(LocalizedText.english(name))
                .setDataType(dataType)
                .setTypeDefinition(NodeIds.BaseDataVariableType)
                .setAccessLevel(writable ? AccessLevel.READ_WRITE : AccessLevel.READ_ONLY)
                .setUserAccessLevel(writable ? AccessLevel.READ_WRITE : AccessLevel.READ_ONLY)
                .setValue(new DataValue(new Variant(initialValue)))
                .build();
        getNodeManager().addNode(node);
        link(parent, node);
        return id;
    }

    /**
     * Sets a variable's value with the current time as source and server timestamp; subscribed
     * clients are notified at their next sampling.
     *
     * @param variable the variable's id
     * @param value the new value
     * @throws IllegalArgumentException if there is no such variable
     */
    public void setValue(NodeId variable, Object value) {
        variableNode(variable).setValue(new DataValue(new Variant(value)));
    }

    /**
     * @param variable the variable's id
     * @return its current value (may be {@code null})
     * @throws IllegalArgumentException if there is no such variable
     */
    public Object value(NodeId variable) {
        return variableNode(variable).getValue().value().value();
    }

    /**
     * @param path browse path below the Objects folder, e.g. {@code "Fabrica/Runtime/State"}
     * @return the node id that a node at that path has in this namespace
     */
    public NodeId idOf(String path) {
        return newNodeId(path);
    }

    private UaVariableNode variableNode(NodeId id) {
        return getNodeManager().getNode(id)
                .filter(UaVariableNode.class::isInstance)
                .map(UaVariableNode.class::cast)
                .orElseThrow(() -> new IllegalArgumentException("No variable " + id + " in namespace " + getNamespaceUri()));
    }

    private NodeId childId(NodeId parent, String name) {
        if (name == null || name.isBlank() || name.contains("/")) {
            throw new IllegalArgumentException("Invalid node name '" + name + "': it must be non-blank and contain no '/'");
        }
        NodeId id = parent == null ? newNodeId(name) : newNodeId(parent.getIdentifier() + "/" + name);
        if (getNodeManager().containsNode(id)) {
            throw new IllegalArgumentException("Node " + id + " already exists");
        }
        if (parent != null && !getNodeManager().containsNode(parent)) {
            throw new IllegalArgumentException("Parent node " + parent + " does not exist");
        }
        return id;
    }

    private void link(NodeId parent, UaNode child) {
        boolean folder = child instanceof UaFolderNode;
        NodeId parentId = parent == null ? NodeIds.ObjectsFolder : parent;
        NodeId referenceType = folder ? NodeIds.Organizes : NodeIds.HasComponent;
        child.addReference(new Reference(child.getNodeId(), referenceType, parentId.expanded(), false));
    }

    @Override
    public void onDataItemsCreated(List<DataItem> dataItems) {
        subscriptions.onDataItemsCreated(dataItems);
    }

    @Override
    public void onDataItemsModified(List<DataItem> dataItems) {
        subscriptions.onDataItemsModified(dataItems);
    }

    @Override
    public void onDataItemsDeleted(List<DataItem> dataItems) {
        subscriptions.onDataItemsDeleted(dataItems);
    }

    @Override
    public void onMonitoringModeChanged(List<MonitoredItem> monitoredItems) {
        subscriptions.onMonitoringModeChanged(monitoredItems);
    }
}
