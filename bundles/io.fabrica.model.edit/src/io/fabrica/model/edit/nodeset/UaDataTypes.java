package io.fabrica.model.edit.nodeset;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.fabrica.model.plant.DataType;

/**
 * The data types of the OPC UA namespace ({@code ns=0}) that the NodeSet importer recognises: the
 * built-in types, the abstract ones above them and the common simple subtypes of Part 3/5
 * (Duration, UtcTime, LocaleId, the image types, ...), each with the built-in type its values are
 * encoded as and the Fabrica {@link DataType} a scalar of it maps to.
 *
 * <p>Data types declared in a NodeSet are resolved by walking their HasSubtype chain up to the
 * first entry of this table (see {@link NodeSetImporter}).
 */
final class UaDataTypes {

    /**
     * One known OPC UA data type.
     *
     * @param name the type's browse name, e.g. {@code Duration}
     * @param builtIn the built-in type its values are encoded as, e.g. {@code Double} (for abstract
     *        types their own name); becomes {@code Address.deviceDataType}
     * @param fabrica the Fabrica type of a scalar of it, or {@code null} when Fabrica has none
     *        (structures, NodeIds, ...)
     * @param caveat when the mapping loses meaning: what the user should know, else {@code null}
     */
    record Known(String name, String builtIn, DataType fabrica, String caveat) {

        /** @return whether Fabrica has a type for scalars of this type */
        boolean mapped() {
            return fabrica != null;
        }

        /** @return whether arrays of it can become {@link DataType#NUMBER_ARRAY} */
        boolean numeric() {
            return fabrica == DataType.INT || fabrica == DataType.FLOAT || fabrica == DataType.DOUBLE;
        }
    }

    /** Duration (i=290): a Double in milliseconds. */
    static final long DURATION = 290;

    private static final String DATE_TIME_CAVEAT = "Fabrica has no date/time data type; imported as STRING";

    private static final Map<Long, Known> KNOWN = new HashMap<>();

    static {
        add(1, "Boolean", "Boolean", DataType.BOOLEAN);
        add(2, "SByte", "SByte", DataType.INT);
        add(3, "Byte", "Byte", DataType.INT);
        add(4, "Int16", "Int16", DataType.INT);
        add(5, "UInt16", "UInt16", DataType.INT);
        add(6, "Int32", "Int32", DataType.INT);
        add(7, "UInt32", "UInt32", DataType.INT);
        add(8, "Int64", "Int64", DataType.INT);
        add(9, "UInt64", "UInt64", DataType.INT);
        add(10, "Float", "Float", DataType.FLOAT);
        add(11, "Double", "Double", DataType.DOUBLE);
        add(12, "String", "String", DataType.STRING);
        KNOWN.put(13L, new Known("DateTime", "DateTime", DataType.STRING, DATE_TIME_CAVEAT));
        add(14, "Guid", "Guid", DataType.STRING);
        add(15, "ByteString", "ByteString", DataType.IMAGE);
        add(16, "XmlElement", "XmlElement", DataType.STRING);
        add(17, "NodeId", "NodeId", null);
        add(18, "ExpandedNodeId", "ExpandedNodeId", null);
        add(19, "StatusCode", "StatusCode", null);
        add(20, "QualifiedName", "QualifiedName", DataType.STRING);
        add(21, "LocalizedText", "LocalizedText", DataType.STRING);
        add(22, "Structure", "ExtensionObject", null);
        add(23, "DataValue", "DataValue", null);
        add(24, "BaseDataType", "Variant", null);
        add(25, "DiagnosticInfo", "DiagnosticInfo", null);
        KNOWN.put(26L, new Known("Number", "Number", DataType.DOUBLE,
                "abstract data type Number (the server decides integer or floating point); imported as DOUBLE"));
        add(27, "Integer", "Integer", DataType.INT);
        add(28, "UInteger", "UInteger", DataType.INT);
        add(29, "Enumeration", "Int32", DataType.INT);
        add(30, "Image", "ByteString", DataType.IMAGE);
        add(50, "Decimal", "Decimal", null);
        add(288, "IntegerId", "UInt32", DataType.INT);
        add(289, "Counter", "UInt32", DataType.INT);
        add(DURATION, "Duration", "Double", DataType.DOUBLE);
        add(291, "NumericRange", "String", DataType.STRING);
        add(292, "Time", "String", DataType.STRING);
        KNOWN.put(293L, new Known("Date", "DateTime", DataType.STRING, DATE_TIME_CAVEAT));
        KNOWN.put(294L, new Known("UtcTime", "DateTime", DataType.STRING, DATE_TIME_CAVEAT));
        add(295, "LocaleId", "String", DataType.STRING);
        add(2000, "ImageBMP", "ByteString", DataType.IMAGE);
        add(2001, "ImageGIF", "ByteString", DataType.IMAGE);
        add(2002, "ImageJPG", "ByteString", DataType.IMAGE);
        add(2003, "ImagePNG", "ByteString", DataType.IMAGE);
        add(11737, "BitFieldMaskDataType", "UInt64", DataType.INT);
        add(12755, "OptionSet", "ExtensionObject", null);
        add(12756, "Union", "ExtensionObject", null);
        add(12877, "NormalizedString", "String", DataType.STRING);
        add(12878, "DecimalString", "String", DataType.STRING);
        add(12879, "DurationString", "String", DataType.STRING);
        add(12880, "TimeString", "String", DataType.STRING);
        add(12881, "DateString", "String", DataType.STRING);
        add(16307, "AudioDataType", "ByteString", null);
        add(17588, "Index", "UInt32", DataType.INT);
        add(20998, "VersionTime", "UInt32", DataType.INT);
    }

    private UaDataTypes() {
    }

    private static void add(long id, String name, String builtIn, DataType fabrica) {
        KNOWN.put(id, new Known(name, builtIn, fabrica, null));
    }

    /**
     * @param id a data type NodeId
     * @return the entry if {@code id} is a numeric NodeId of the OPC UA namespace in the table
     */
    static Optional<Known> lookup(UaNodeId id) {
        if (id == null || id.namespaceIndex() != 0 || id.type() != UaNodeId.IdType.NUMERIC) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(KNOWN.get(Long.parseLong(id.identifier())));
        } catch (NumberFormatException e) { // more digits than a long: not an OPC UA type
            return Optional.empty();
        }
    }
}
