package io.fabrica.model.edit.nodeset;

import java.util.List;
import java.util.Optional;

/**
 * One node of a NodeSet2 document, as declared in the file (no inherited members added).
 *
 * @param nodeClass the node class
 * @param nodeId the node's id
 * @param browseName the browse name without its namespace prefix ({@code "1:Press"} gives {@code "Press"})
 * @param displayName the display name, or the browse name when the file gives none
 * @param description the description, or {@code ""}
 * @param dataType for variables and variable types: the data type (aliases resolved), else {@code null}
 * @param valueRank for variables: -1 scalar, 1 one-dimensional array, ...
 * @param arrayLength for one-dimensional arrays with a fixed length: that length, else 0
 * @param accessLevel for variables: the AccessLevel bit mask (1 = read, 2 = write); 1 when absent
 * @param references the references declared in the node's {@code <References>}
 * @param range for an {@code EURange} property: its value as {low, high}, else empty
 * @param units for an {@code EngineeringUnits} property: its value, else empty
 * @param line the line in the file where the node starts, for messages
 */
public record UaNode(NodeClass nodeClass, UaNodeId nodeId, String browseName, String displayName, String description,
        UaNodeId dataType, int valueRank, int arrayLength, int accessLevel, List<UaReference> references,
        Optional<double[]> range, Optional<EngineeringUnits> units, int line) {

    /** The node classes a NodeSet2 file declares, by element name. */
    public enum NodeClass {
        /** {@code UAObject} */
        OBJECT,
        /** {@code UAVariable} */
        VARIABLE,
        /** {@code UAMethod} */
        METHOD,
        /** {@code UAObjectType} */
        OBJECT_TYPE,
        /** {@code UAVariableType} */
        VARIABLE_TYPE,
        /** {@code UADataType} */
        DATA_TYPE,
        /** {@code UAReferenceType} */
        REFERENCE_TYPE,
        /** {@code UAView} */
        VIEW
    }

    /**
     * The value of an OPC UA {@code EUInformation} structure.
     *
     * @param namespaceUri the unit code system, normally UNECE ({@code http://www.opcfoundation.org/UA/units/un/cefact})
     * @param unitId the UNECE common code packed into an Int32, or -1
     * @param displayName the unit symbol shown to users, e.g. {@code °C}
     */
    public record EngineeringUnits(String namespaceUri, int unitId, String displayName) {
    }

    /** @return whether clients may write the value (AccessLevel bit 2) */
    public boolean writable() {
        return (accessLevel & 2) != 0;
    }
}
