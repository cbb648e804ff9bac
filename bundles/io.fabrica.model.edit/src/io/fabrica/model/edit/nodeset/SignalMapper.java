package io.fabrica.model.edit.nodeset;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import io.fabrica.model.edit.nodeset.UaNode.EngineeringUnits;
import io.fabrica.model.edit.nodeset.UaNode.NodeClass;
import io.fabrica.model.plant.Access;
import io.fabrica.model.plant.DataType;
import io.fabrica.model.plant.DeviceConnection;
import io.fabrica.model.plant.NodeIdType;
import io.fabrica.model.plant.OpcUaNodeAddress;
import io.fabrica.model.plant.PlantFactory;
import io.fabrica.model.plant.Signal;
import io.fabrica.model.plant.SignalBinding;

/**
 * Maps one OPC UA variable of a NodeSet to a Fabrica signal: its data type (following the HasSubtype
 * chain to a known OPC UA type), array shape, unit (UNECE to UCUM), range, access and its OPC UA
 * address on the imported connection. What cannot be mapped is left out with a warning.
 */
final class SignalMapper {
    static final String EU_RANGE = "EURange";
    static final String ENGINEERING_UNITS = "EngineeringUnits";
    private static final PlantFactory FACTORY = PlantFactory.eINSTANCE;

    private final NodeSetDocument doc;
    private final DeviceConnection connection;
    private final BiConsumer<UaNode, String> warnings;

    SignalMapper(NodeSetDocument doc, DeviceConnection connection, BiConsumer<UaNode, String> warnings) {
        this.doc = doc;
        this.connection = connection;
        this.warnings = warnings;
    }

    /** @return the signal, or {@code null} after a warning when the variable cannot be mapped */
    Signal signal(UaNode variable) {
        UaNodeId dataType = dataTypeOf(variable);
        if (dataType == null) {
            warn(variable, "has no DataType (BaseDataType: any value); not imported");
            return null;
        }
        UaDataTypes.Known known = resolve(variable, dataType);
        if (known == null || !mapped(variable, dataType, known)) {
            return null;
        }
        String namespaceUri = namespaceUri(variable);
        Signal signal = FACTORY.createSignal();
        if (namespaceUri == null || !setDataType(signal, variable, known)) {
            return null;
        }
        if (known.caveat() != null) {
            warn(variable, "data type " + describe(dataType) + ": " + known.caveat());
        }
        describe(signal, variable, dataType);
        signal.setBinding(binding(variable, namespaceUri, known));
        return signal;
    }

    private boolean mapped(UaNode variable, UaNodeId dataType, UaDataTypes.Known known) {
        if (!known.mapped()) {
            warn(variable, "data type " + describe(dataType)
                    + (known.name().equals(typeName(dataType)) ? "" : ", a " + known.name())
                    + ", has no Fabrica equivalent; not imported");
        }
        return known.mapped();
    }

    /** @return the URI of the variable's namespace, or {@code null} after a warning */
    private String namespaceUri(UaNode variable) {
        try {
            return doc.namespaceUri(variable.nodeId().namespaceIndex());
        } catch (IllegalArgumentException e) {
            warn(variable, "its namespace index " + variable.nodeId().namespaceIndex()
                    + " is not declared in <NamespaceUris>; not imported");
            return null;
        }
    }

    /** @return whether the variable's shape maps: a scalar, or an array of numbers */
    private boolean setDataType(Signal signal, UaNode variable, UaDataTypes.Known known) {
        if (variable.valueRank() < 0) {
            signal.setDataType(known.fabrica());
            return true;
        }
        if (!known.numeric()) {
            warn(variable, "is an array of " + known.name() + "; Fabrica only has arrays of numbers; not imported");
            return false;
        }
        signal.setDataType(DataType.NUMBER_ARRAY);
        if (variable.valueRank() > 1) {
            warn(variable, "is a " + variable.valueRank() + "-dimensional array, imported as NUMBER_ARRAY"
                    + " without a length; set the array length");
        } else {
            signal.setArrayLength(variable.arrayLength());
            if (variable.arrayLength() == 0) {
                warn(variable, "is an array without a fixed length (no ArrayDimensions); set the array length");
            }
        }
        return true;
    }

    /** Description, access, unit (ms for durations without one) and range. */
    private void describe(Signal signal, UaNode variable, UaNodeId dataType) {
        signal.setDescription(PlantBuilder.textOrNull(variable.description()));
        signal.setAccess(access(variable.accessLevel()));
        unit(variable).ifPresentOrElse(signal::setUnit, () -> {
            if (typeChain(dataType).contains(UaNodeId.ua(UaDataTypes.DURATION))) {
                signal.setUnit("ms");
            }
        });
        property(variable, EU_RANGE).flatMap(UaNode::range).ifPresent(range -> {
            signal.setMinimum(range[0]);
            signal.setMaximum(range[1]);
        });
    }

    private SignalBinding binding(UaNode variable, String namespaceUri, UaDataTypes.Known known) {
        OpcUaNodeAddress address = FACTORY.createOpcUaNodeAddress();
        address.setNamespaceUri(namespaceUri);
        address.setIdentifierType(identifierType(variable.nodeId().type()));
        address.setIdentifier(variable.nodeId().identifier());
        address.setDeviceDataType(known.builtIn() + (variable.valueRank() >= 0 ? "[]" : ""));
        SignalBinding binding = FACTORY.createSignalBinding();
        binding.setConnection(connection);
        binding.setAddress(address);
        return binding;
    }

    /** The variable's DataType, else the first DataType on its variable type's supertype chain. */
    private UaNodeId dataTypeOf(UaNode variable) {
        if (variable.dataType() != null) {
            return variable.dataType();
        }
        Optional<UaNodeId> type = doc.typeDefinition(variable);
        if (type.isEmpty()) {
            return null;
        }
        for (UaNodeId t : typeChain(type.get())) {
            Optional<UaNode> variableType = doc.node(t).filter(n -> n.nodeClass() == NodeClass.VARIABLE_TYPE);
            if (variableType.isPresent() && variableType.get().dataType() != null) {
                return variableType.get().dataType();
            }
        }
        return null;
    }

    /** The first known OPC UA type on the HasSubtype chain, or {@code null} after a warning. */
    private UaDataTypes.Known resolve(UaNode variable, UaNodeId dataType) {
        List<UaNodeId> chain = typeChain(dataType);
        for (UaNodeId t : chain) {
            Optional<UaDataTypes.Known> known = UaDataTypes.lookup(t);
            if (known.isPresent()) {
                return known.get();
            }
        }
        UaNodeId top = chain.get(chain.size() - 1);
        if (top.namespaceIndex() == 0) {
            warn(variable, "data type " + describe(dataType) + " is an OPC UA type Fabrica does not map; not imported");
        } else if (top.equals(dataType)) {
            warn(variable, "data type " + dataType + " is not declared in the NodeSet (is a required model"
                    + " missing?); not imported");
        } else {
            warn(variable, "data type " + describe(dataType) + " derives from " + top
                    + ", which is not declared in the NodeSet; not imported");
        }
        return null;
    }

    private Optional<String> unit(UaNode variable) {
        Optional<EngineeringUnits> units = property(variable, ENGINEERING_UNITS).flatMap(UaNode::units);
        if (units.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> ucum = UneceUnits.toUcum(units.get());
        if (ucum.isPresent()) {
            return ucum;
        }
        EngineeringUnits eu = units.get();
        boolean unece = UneceUnits.UNECE_NAMESPACE.equals(eu.namespaceUri());
        String code = unece && eu.unitId() >= 0 ? UneceUnits.code(eu.unitId()) : null;
        String shown = !eu.displayName().isBlank() ? eu.displayName() : code;
        warn(variable, "unit '" + (shown == null ? "" : shown) + "' ("
                + (unece ? "UNECE code " + code : "unit system " + eu.namespaceUri() + ", id " + eu.unitId())
                + ") has no UCUM equivalent in Fabrica's table; "
                + (shown == null ? "no unit set" : "kept as written") + ", choose a UCUM code");
        return Optional.ofNullable(shown);
    }

    private Optional<UaNode> property(UaNode variable, String browseName) {
        return doc.children(variable.nodeId()).stream()
                .filter(p -> p.nodeClass() == NodeClass.VARIABLE && p.browseName().equals(browseName))
                .findFirst();
    }

    private static Access access(int accessLevel) {
        boolean read = (accessLevel & 1) != 0;
        boolean write = (accessLevel & 2) != 0;
        return write ? (read ? Access.READ_WRITE : Access.WRITE) : Access.READ;
    }

    private static NodeIdType identifierType(UaNodeId.IdType type) {
        return switch (type) {
            case NUMERIC -> NodeIdType.NUMERIC;
            case STRING -> NodeIdType.STRING;
            case GUID -> NodeIdType.GUID;
            case OPAQUE -> NodeIdType.OPAQUE;
        };
    }

    /** {@code type} followed by its supertypes declared in the document, nearest first. */
    private List<UaNodeId> typeChain(UaNodeId type) {
        List<UaNodeId> chain = new ArrayList<>();
        chain.add(type);
        chain.addAll(doc.supertypes(type));
        return chain;
    }

    private String describe(UaNodeId dataType) {
        String name = typeName(dataType);
        return name == null ? dataType.toString() : name + " (" + dataType + ")";
    }

    private String typeName(UaNodeId dataType) {
        return doc.node(dataType).map(UaNode::browseName)
                .or(() -> UaDataTypes.lookup(dataType).map(UaDataTypes.Known::name)).orElse(null);
    }

    private void warn(UaNode node, String message) {
        warnings.accept(node, message);
    }
}
