package io.fabrica.opcua.server;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.methods.AbstractMethodInvocationHandler;
import org.eclipse.milo.opcua.sdk.server.nodes.UaMethodNode;
import org.eclipse.milo.opcua.sdk.server.nodes.filters.AttributeFilter;
import org.eclipse.milo.opcua.sdk.server.nodes.filters.AttributeFilterContext;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.structured.Argument;

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
        return addVariable(parent, name, null, dataType, -1, initialValue, writable);
    }

    /**
     * Adds a variable of any value rank (arrays for windows of samples).
     *
     * @param parent the parent folder's id (not {@code null})
     * @param name the browse name
     * @param id the node id to give it, or {@code null} for {@code <parent path>/<name>}
     * @param dataType a built-in data type id such as {@code NodeIds.Double}
     * @param valueRank -1 for a scalar, 1 for a one-dimensional array
     * @param initialValue the initial value (a boxed array for arrays, e.g. {@code Double[]})
     * @param writable whether clients may write it
     * @return the new variable's id
     * @throws IllegalArgumentException if a node with that id exists or the parent does not
     */
    public NodeId addVariable(NodeId parent, String name, NodeId id, NodeId dataType, int valueRank, Object initialValue,
            boolean writable) {
        Objects.requireNonNull(parent, "parent");
        NodeId nodeId = id != null ? checkFree(id, parent) : childId(parent, name);
        UaVariableNode node = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                .setNodeId(nodeId)
                .setBrowseName(newQualifiedName(name))
                .setDisplayName(LocalizedText.english(name))
                .setDataType(dataType)
                .setValueRank(valueRank)
                .setTypeDefinition(NodeIds.BaseDataVariableType)
                .setAccessLevel(writable ? AccessLevel.READ_WRITE : AccessLevel.READ_ONLY)
                .setUserAccessLevel(writable ? AccessLevel.READ_WRITE : AccessLevel.READ_ONLY)
                .setValue(new DataValue(new Variant(initialValue)))
                .build();
        getNodeManager().addNode(node);
        link(parent, node);
        return nodeId;
    }

    /**
     * Checks every value a client writes to a variable before it is stored. A guard that throws
     * refuses the write: the client gets {@code Bad_OutOfRange} and the value stays as it was.
     *
     * @param variable the variable's id
     * @param guard throws {@link IllegalArgumentException} with the reason to refuse a value
     * @throws IllegalArgumentException if there is no such variable
     */
    public void guardWrites(NodeId variable, Consumer<Object> guard) {
        variableNode(variable).getFilterChain().addLast(new AttributeFilter() {
            @Override
            public void writeAttribute(AttributeFilterContext ctx, AttributeId attributeId, Object value) throws UaException {
                if (attributeId == AttributeId.Value && value instanceof DataValue data) {
                    try {
                        guard.accept(data.getValue().getValue());
                    } catch (IllegalArgumentException e) {
                        throw new UaException(StatusCodes.Bad_OutOfRange, e.getMessage());
                    }
                }
                ctx.writeAttribute(attributeId, value);
            }
        });
    }

    /**
     * Adds a method that clients can call.
     *
     * @param parent the object or folder it belongs to
     * @param name the browse name
     * @param inputs the input arguments: name and built-in data type id, in order
     * @param handler runs the call with the input values; throws {@link IllegalArgumentException}
     *        to refuse it (the client gets {@code Bad_InvalidArgument} with the message)
     * @return the method's id
     */
    public NodeId addMethod(NodeId parent, String name, Map<String, NodeId> inputs, Consumer<Object[]> handler) {
        return addMethod(parent, name, inputs, Map.of(), (caller, values) -> {
            handler.accept(values);
            return new Object[0];
        });
    }

    /**
     * Adds a method that knows its caller and returns values.
     *
     * @param parent the object or folder it belongs to
     * @param name the browse name
     * @param inputs the input arguments: name and built-in data type id, in order
     * @param outputs the output arguments: name and built-in data type id, in order
     * @param handler runs the call (see {@link MethodCall} for how refusals reach the client)
     * @return the method's id
     */
    public NodeId addMethod(NodeId parent, String name, Map<String, NodeId> inputs, Map<String, NodeId> outputs, MethodCall handler) {
        NodeId id = childId(parent, name);
        UaMethodNode method = UaMethodNode.builder(getNodeContext())
                .setNodeId(id)
                .setBrowseName(newQualifiedName(name))
                .setDisplayName(LocalizedText.english(name))
                .build();
        Argument[] in = arguments(inputs);
        Argument[] out = arguments(outputs);
        AbstractMethodInvocationHandler invocation = new AbstractMethodInvocationHandler(method) {
            @Override
            public Argument[] getInputArguments() {
                return in;
            }

            @Override
            public Argument[] getOutputArguments() {
                return out;
            }

            @Override
            protected Variant[] invoke(InvocationContext context, Variant[] values) throws UaException {
                Object[] plain = new Object[values.length];
                for (int i = 0; i < values.length; i++) {
                    Object v = values[i].getValue();
                    plain[i] = v instanceof org.eclipse.milo.opcua.stack.core.types.builtin.ByteString bytes ? bytes.bytesOrEmpty() : v;
                }
                try {
                    Object[] results = handler.call(caller(context), plain);
                    Variant[] variants = new Variant[results.length];
                    for (int i = 0; i < results.length; i++) {
                        Object r = results[i];
                        variants[i] = new Variant(r instanceof byte[] bytes ? org.eclipse.milo.opcua.stack.core.types.builtin.ByteString.of(bytes) : r);
                    }
                    return variants;
                } catch (SecurityException e) {
                    throw new UaException(StatusCodes.Bad_UserAccessDenied, e.getMessage());
                } catch (IllegalArgumentException e) {
                    throw new UaException(StatusCodes.Bad_InvalidArgument, e.getMessage());
                } catch (IllegalStateException e) {
                    throw new UaException(StatusCodes.Bad_InvalidState, e.getMessage());
                }
            }
        };
        method.setInputArguments(in);
        method.setOutputArguments(out);
        method.setInvocationHandler(invocation);
        getNodeManager().addNode(method);
        method.addReference(new Reference(id, NodeIds.HasComponent, parent.expanded(), false));
        return id;
    }

    /**
     * Adds an OPC UA TemporaryFileTransferType object through which clients upload files in chunks (see
     * {@link TemporaryFileTransfer}).
     *
     * @param parent the object or folder it belongs to
     * @param name the browse name
     * @param folder where the temporary files are written (created if missing; emptied now: what a previous
     *        process left there is deleted)
     * @param limits size, concurrency, chunk and idle limits
     * @param receiver what is accepted and what happens to a complete file
     * @return the transfer; close it to stop its clean-up and delete the uploads in progress
     */
    public TemporaryFileTransfer addTemporaryFileTransfer(NodeId parent, String name, java.nio.file.Path folder, TemporaryFileTransfer.Limits limits,
            TemporaryFileTransfer.Receiver receiver) {
        childId(parent, name); // checks the name and that it is free
        return new TemporaryFileTransfer(this, parent, name, folder, limits, receiver);
    }

    private static Argument[] arguments(Map<String, NodeId> named) {
        return named.entrySet().stream()
                .map(e -> new Argument(e.getKey(), e.getValue(), -1, null, LocalizedText.english(e.getKey())))
                .toArray(Argument[]::new);
    }

    static MethodCall.Caller caller(AbstractMethodInvocationHandler.InvocationContext context) {
        return context.getSession().map(session -> {
            Object user = session.getIdentity() instanceof org.eclipse.milo.opcua.sdk.server.identity.Identity.UsernameIdentity named
                    ? named.getUsername() : null;
            return new MethodCall.Caller(session.getSecurityConfiguration().getSecurityMode().name(),
                    session.getSecurityConfiguration().getSecurityPolicy().getUri(), (String) user);
        }).orElse(new MethodCall.Caller("None", "", null));
    }

    /**
     * @param id a node id
     * @return whether a node with that id exists in this namespace
     */
    public boolean contains(NodeId id) {
        return getNodeManager().containsNode(id);
    }

    /**
     * @param id a string identifier in this namespace
     * @return the node id with that identifier
     */
    public NodeId nodeId(String id) {
        return newNodeId(id);
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

    private NodeId checkFree(NodeId id, NodeId parent) {
        if (getNodeManager().containsNode(id)) {
            throw new IllegalArgumentException("Node " + id + " already exists");
        }
        if (!getNodeManager().containsNode(parent)) {
            throw new IllegalArgumentException("Parent node " + parent + " does not exist");
        }
        return id;
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
