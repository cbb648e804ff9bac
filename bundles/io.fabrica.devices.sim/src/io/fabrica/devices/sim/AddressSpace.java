package io.fabrica.devices.sim;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.util.HashSet;
import java.util.Set;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;

import io.fabrica.model.plant.Access;
import io.fabrica.model.plant.DataType;
import io.fabrica.model.plant.Line;
import io.fabrica.model.plant.NamedElement;
import io.fabrica.model.plant.NodeIdType;
import io.fabrica.model.plant.OpcUaNodeAddress;
import io.fabrica.model.plant.Signal;
import io.fabrica.opcua.server.VariableNamespace;

/**
 * Creates the simulator's folders and variables. A signal bound to a string NodeId made of a
 * path ({@code Spindle Line 1/Machining Cell/CNC Mill 1/Spindle/Speed}) gets folders for every
 * prefix, so browsing shows the plant's hierarchy and the NodeIds are exactly the bound ones;
 * numeric or non-path ids go under the equipment's folder path; unbound signals get a path id.
 */
final class AddressSpace {

    private final VariableNamespace namespace;
    private final String namespaceUri;
    private final Set<String> folders = new HashSet<>();

    AddressSpace(VariableNamespace namespace, String namespaceUri) {
        this.namespace = namespace;
        this.namespaceUri = namespaceUri;
    }

    /** Adds the signal's variable and the folders above it. */
    NodeId addSignal(Signal signal) {
        OpcUaNodeAddress bound = boundAddress(signal);
        String path;
        NodeId explicit = null;
        if (bound != null && bound.getIdentifierType() == NodeIdType.STRING && bound.getIdentifier().contains("/")) {
            path = bound.getIdentifier();
        } else {
            path = pathBelowLine(signal);
            if (bound != null) {
                explicit = bound.getIdentifierType() == NodeIdType.NUMERIC
                        ? new NodeId(namespace.getNamespaceIndex(), UInteger.valueOf(Long.parseLong(bound.getIdentifier())))
                        : namespace.nodeId(bound.getIdentifier());
            }
        }
        int slash = path.lastIndexOf('/');
        NodeId folder = folders(slash < 0 ? "" : path.substring(0, slash));
        String name = path.substring(slash + 1);
        boolean array = signal.getDataType() == DataType.NUMBER_ARRAY;
        return namespace.addVariable(folder, name, explicit, uaType(signal), array ? 1 : -1, initialValue(signal),
                signal.getAccess() != Access.READ);
    }

    private OpcUaNodeAddress boundAddress(Signal signal) {
        if (signal.getBinding() != null && signal.getBinding().getAddress() instanceof OpcUaNodeAddress node
                && namespaceUri.equals(node.getNamespaceUri()) && node.getIdentifier() != null) {
            return node;
        }
        return null;
    }

    /** Creates the folders of a path ("A/B/C") that do not exist yet; returns the last one. */
    private NodeId folders(String path) {
        if (path.isEmpty()) {
            return folders("Plant");
        }
        NodeId parent = null;
        StringBuilder prefix = new StringBuilder();
        for (String segment : path.split("/")) {
            prefix.append(prefix.length() == 0 ? "" : "/").append(segment);
            String id = prefix.toString();
            if (folders.add(id)) {
                parent = namespace.addFolder(parent, segment);
            } else {
                parent = namespace.nodeId(id);
            }
        }
        return parent;
    }

    /** The signal's path of names from its line down (the line included), as the demo plant binds them. */
    private static String pathBelowLine(Signal signal) {
        StringBuilder path = new StringBuilder(signal.getName());
        for (EObject e = signal.eContainer(); e instanceof NamedElement named; e = e.eContainer()) {
            path.insert(0, named.getName() + "/");
            if (e instanceof Line) {
                break;
            }
        }
        return path.toString();
    }

    /** The OPC UA data type: the bound device type when it names a built-in one, else from the signal's type. */
    static NodeId uaType(Signal signal) {
        String device = signal.getBinding() != null && signal.getBinding().getAddress() != null
                ? signal.getBinding().getAddress().getDeviceDataType() : null;
        if (device != null) {
            switch (device.replace("[]", "")) {
                case "Int32": return NodeIds.Int32;
                case "UInt32": return NodeIds.UInt32;
                case "Int16": return NodeIds.Int16;
                case "UInt16": return NodeIds.UInt16;
                case "Float": return NodeIds.Float;
                default: break;
            }
        }
        return switch (signal.getDataType()) {
            case BOOLEAN -> NodeIds.Boolean;
            case INT -> NodeIds.Int32;
            case FLOAT -> NodeIds.Float;
            case STRING -> NodeIds.String;
            case IMAGE -> NodeIds.ByteString;
            default -> NodeIds.Double;
        };
    }

    /** A number as the Java type of the signal's node (integers rounded), so clients read the type the model declares. */
    static Object typed(Signal signal, double value) {
        NodeId type = uaType(signal);
        if (type.equals(NodeIds.UInt32)) {
            return uint(Math.max(0, Math.round(value)));
        }
        if (type.equals(NodeIds.Int32)) {
            return (int) Math.round(value);
        }
        if (type.equals(NodeIds.Int16)) {
            return (short) Math.round(value);
        }
        if (type.equals(NodeIds.UInt16)) {
            return org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ushort((int) Math.max(0, Math.round(value)));
        }
        return type.equals(NodeIds.Float) ? (Object) (float) value : (Object) value;
    }

    /** A value of the node's Java type, so the first read is well-typed. */
    static Object initialValue(Signal signal) {
        NodeId type = uaType(signal);
        if (signal.getDataType() == DataType.NUMBER_ARRAY) {
            Double[] zeros = new Double[Math.max(1, signal.getArrayLength())];
            java.util.Arrays.fill(zeros, 0.0);
            return zeros;
        }
        if (type.equals(NodeIds.Boolean)) {
            return Boolean.FALSE;
        }
        if (type.equals(NodeIds.UInt32)) {
            return uint(0);
        }
        if (type.equals(NodeIds.Int32)) {
            return 0;
        }
        if (type.equals(NodeIds.Float)) {
            return 0f;
        }
        if (type.equals(NodeIds.String)) {
            return signal.getName();
        }
        if (type.equals(NodeIds.ByteString)) {
            return org.eclipse.milo.opcua.stack.core.types.builtin.ByteString.NULL_VALUE;
        }
        return signal.getMinimum() != null ? signal.getMinimum() : 0.0;
    }
}
