package io.fabrica.devices.opcua.internal;

import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import org.eclipse.milo.opcua.stack.core.NamespaceTable;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.ULong;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;
import org.eclipse.milo.opcua.stack.core.types.enumerated.IdType;

import io.fabrica.devices.api.DeviceException;
import io.fabrica.devices.api.DeviceException.Reason;
import io.fabrica.model.plant.Address;
import io.fabrica.model.plant.NodeIdType;
import io.fabrica.model.plant.OpcUaNodeAddress;
import io.fabrica.model.plant.PlantFactory;

/**
 * Converts between the plant model's structural node addresses and Milo's NodeIds, between OPC UA
 * values and plain Java values, and from OPC UA status codes to {@link DeviceException} reasons.
 */
final class UaConversions {

    /** Built-in and common image data types by their numeric id in namespace 0. */
    private static final Map<Long, String> TYPE_NAMES = Map.ofEntries(Map.entry(1L, "Boolean"), Map.entry(2L, "SByte"),
            Map.entry(3L, "Byte"), Map.entry(4L, "Int16"), Map.entry(5L, "UInt16"), Map.entry(6L, "Int32"), Map.entry(7L, "UInt32"),
            Map.entry(8L, "Int64"), Map.entry(9L, "UInt64"), Map.entry(10L, "Float"), Map.entry(11L, "Double"),
            Map.entry(12L, "String"), Map.entry(13L, "DateTime"), Map.entry(14L, "Guid"), Map.entry(15L, "ByteString"),
            Map.entry(17L, "NodeId"), Map.entry(20L, "QualifiedName"), Map.entry(21L, "LocalizedText"), Map.entry(30L, "Image"),
            Map.entry(290L, "Double"), Map.entry(294L, "DateTime"), Map.entry(2000L, "ImageBMP"), Map.entry(2001L, "ImageGIF"),
            Map.entry(2002L, "ImageJPG"), Map.entry(2003L, "ImagePNG"));

    private UaConversions() {
    }

    /** Resolves a structural address against the server's namespace table. */
    static NodeId toNodeId(Address address, NamespaceTable namespaces, String endpoint) throws DeviceException {
        if (!(address instanceof OpcUaNodeAddress node)) {
            throw new DeviceException(Reason.NO_SUCH_NODE, "the OPC UA driver cannot use address " + address + " on " + endpoint
                    + ": bind the signal to an OPC UA node", null);
        }
        UShort index = namespaces.getIndex(node.getNamespaceUri());
        if (index == null) {
            throw new DeviceException(Reason.NO_SUCH_NODE, "node " + format(node) + " does not exist on " + endpoint
                    + ": the server has no namespace " + node.getNamespaceUri(), null);
        }
        String id = node.getIdentifier();
        try {
            return switch (node.getIdentifierType()) {
                case NUMERIC -> new NodeId(index, UInteger.valueOf(Long.parseLong(id)));
                case STRING -> new NodeId(index, id);
                case GUID -> new NodeId(index, UUID.fromString(id));
                case OPAQUE -> new NodeId(index, ByteString.of(Base64.getDecoder().decode(id)));
            };
        } catch (IllegalArgumentException e) {
            throw new DeviceException(Reason.NO_SUCH_NODE, "node id " + format(node) + " is malformed: " + e.getMessage(), e);
        }
    }

    /** @return the structural address of a node id */
    static OpcUaNodeAddress toAddress(NodeId id, NamespaceTable namespaces) {
        OpcUaNodeAddress address = PlantFactory.eINSTANCE.createOpcUaNodeAddress();
        address.setNamespaceUri(namespaces.get(id.getNamespaceIndex()));
        Object identifier = id.getIdentifier();
        IdType type = id.getType();
        switch (type) {
            case Numeric -> {
                address.setIdentifierType(NodeIdType.NUMERIC);
                address.setIdentifier(identifier.toString());
            }
            case Guid -> {
                address.setIdentifierType(NodeIdType.GUID);
                address.setIdentifier(identifier.toString());
            }
            case Opaque -> {
                address.setIdentifierType(NodeIdType.OPAQUE);
                address.setIdentifier(Base64.getEncoder().encodeToString(((ByteString) identifier).bytesOrEmpty()));
            }
            default -> {
                address.setIdentifierType(NodeIdType.STRING);
                address.setIdentifier(identifier.toString());
            }
        }
        return address;
    }

    /** @return {@code nsu=<uri>;<kind>=<id>} */
    static String format(OpcUaNodeAddress node) {
        return "nsu=" + node.getNamespaceUri() + ";" + node.getIdentifierType().getLiteral() + "=" + node.getIdentifier();
    }

    /** @return the type name plant models use ({@code Double}, {@code Float[]}), or {@code null} if unknown */
    static String typeName(NodeId dataType, int valueRank) {
        if (dataType == null || dataType.getNamespaceIndex().intValue() != 0 || !(dataType.getIdentifier() instanceof UInteger id)) {
            return null;
        }
        String name = TYPE_NAMES.get(id.longValue());
        return name == null ? null : valueRank >= 1 ? name + "[]" : name;
    }

    /** Turns an OPC UA value into a plain Java value (numbers stay numbers, arrays of numbers become double[]). */
    static Object toJava(Object value) {
        if (value instanceof ByteString bytes) {
            return bytes.bytesOrEmpty();
        }
        if (value instanceof LocalizedText text) {
            return text.text();
        }
        if (value instanceof QualifiedName name) {
            return name.name();
        }
        if (value instanceof DateTime time) {
            return time.getJavaInstant();
        }
        if (value instanceof Number[] numbers) {
            double[] doubles = new double[numbers.length];
            for (int i = 0; i < numbers.length; i++) {
                doubles[i] = numbers[i] == null ? Double.NaN : numbers[i].doubleValue();
            }
            return doubles;
        }
        return value;
    }

    /**
     * Converts a value to the Java type Milo writes for a built-in data type, refusing lossy conversions.
     *
     * @throws DeviceException {@link Reason#BAD_VALUE} naming the node, the value and the type
     */
    static Object toUa(Object value, NodeId dataType, String node) throws DeviceException {
        String type = typeName(dataType, -1);
        if (type == null) {
            return value instanceof byte[] bytes ? ByteString.of(bytes) : value;
        }
        try {
            return switch (type) {
                case "Boolean" -> value instanceof Boolean b ? b : Boolean.valueOf(booleanText(value));
                case "SByte" -> (byte) integral(value, Byte.MIN_VALUE, Byte.MAX_VALUE);
                case "Byte" -> UByte.valueOf(integral(value, 0, 255));
                case "Int16" -> (short) integral(value, Short.MIN_VALUE, Short.MAX_VALUE);
                case "UInt16" -> UShort.valueOf((int) integral(value, 0, 65535));
                case "Int32" -> (int) integral(value, Integer.MIN_VALUE, Integer.MAX_VALUE);
                case "UInt32" -> UInteger.valueOf(integral(value, 0, 4294967295L));
                case "Int64" -> integral(value, Long.MIN_VALUE, Long.MAX_VALUE);
                case "UInt64" -> ULong.valueOf(integral(value, 0, Long.MAX_VALUE));
                case "Float" -> (float) number(value);
                case "Double" -> number(value);
                case "String" -> value.toString();
                case "ByteString", "Image", "ImageBMP", "ImageGIF", "ImageJPG", "ImagePNG" -> ByteString.of((byte[]) value);
                default -> value;
            };
        } catch (ClassCastException | IllegalArgumentException e) {
            throw new DeviceException(Reason.BAD_VALUE, "cannot write " + describe(value) + " to node " + node + " of type " + type
                    + (e.getMessage() != null ? ": " + e.getMessage() : ""), e);
        }
    }

    private static String booleanText(Object value) {
        String text = value.toString().trim().toLowerCase();
        if (!text.equals("true") && !text.equals("false")) {
            throw new IllegalArgumentException("not true or false");
        }
        return text;
    }

    private static double number(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof String s) {
            return Double.parseDouble(s.trim());
        }
        throw new IllegalArgumentException("not a number");
    }

    private static long integral(Object value, long min, long max) {
        double d = number(value);
        if (d != Math.rint(d)) {
            throw new IllegalArgumentException("not a whole number");
        }
        if (d < min || d > max) {
            throw new IllegalArgumentException("out of range " + min + ".." + max);
        }
        return (long) d;
    }

    private static String describe(Object value) {
        return value instanceof String ? "'" + value + "'" : String.valueOf(value);
    }

    /** @return the status code's symbolic name, e.g. {@code Bad_NodeIdUnknown} */
    static String statusName(StatusCode status) {
        return StatusCodes.lookup(status.getValue()).map(names -> names[0]).orElse(status.toString());
    }

    /** Classifies a bad status of an operation on a node. */
    static DeviceException nodeFailure(StatusCode status, String what, String node) {
        long code = status.getValue() & 0xFFFF0000L;
        Reason reason;
        String cause;
        if (code == StatusCodes.Bad_NodeIdUnknown || code == StatusCodes.Bad_NodeIdInvalid) {
            reason = Reason.NO_SUCH_NODE;
            cause = "the node does not exist";
        } else if (code == StatusCodes.Bad_NotWritable || code == StatusCodes.Bad_UserAccessDenied || code == StatusCodes.Bad_WriteNotSupported) {
            reason = Reason.NOT_WRITABLE;
            cause = "the node may not be written by this user";
        } else if (code == StatusCodes.Bad_TypeMismatch) {
            reason = Reason.BAD_VALUE;
            cause = "the value has the wrong type for the node";
        } else if (code == StatusCodes.Bad_InvalidArgument || code == StatusCodes.Bad_ArgumentsMissing) {
            reason = Reason.BAD_VALUE;
            cause = "the arguments were refused";
        } else if (code == StatusCodes.Bad_OutOfRange) {
            reason = Reason.BAD_VALUE;
            cause = "the value is outside the node's allowed range";
        } else {
            reason = Reason.DEVICE_ERROR;
            cause = "the server answered " + statusName(status);
        }
        return new DeviceException(reason, what + " " + node + " failed: " + cause + " (" + statusName(status) + ")", null);
    }
}
