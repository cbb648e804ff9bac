package io.fabrica.ui.dnd;

import java.util.Objects;

import io.fabrica.model.plant.IdentityType;
import io.fabrica.model.plant.NodeIdType;
import io.fabrica.model.plant.OpcUaNodeAddress;
import io.fabrica.model.plant.PlantFactory;
import io.fabrica.model.plant.SecurityMode;
import io.fabrica.model.plant.SecurityPolicy;

/**
 * A device node as dragged from the Device Explorer: everything a drop target needs to bind a plant
 * signal to it without asking the device again. A plain value, safe to pass between threads.
 *
 * @param endpoint the endpoint URL of the device the node was browsed on
 * @param namespaceUri the node's namespace URI (stable across servers, unlike the index)
 * @param identifierType the identifier kind as its NodeId letter: {@code i}, {@code s}, {@code g} or {@code b}
 * @param identifier the identifier text
 * @param displayName the name the explorer shows
 * @param dataType the device's data type name (e.g. {@code Double}), or {@code null} when unknown
 * @param securityPolicy the channel security the explorer used for the endpoint, or {@code null} when unknown
 * @param securityMode the channel security mode the explorer used, or {@code null} when unknown
 * @param identityType how the explorer's user was identified, or {@code null} when unknown
 */
public record DeviceNodeRef(String endpoint, String namespaceUri, String identifierType, String identifier, String displayName,
        String dataType, SecurityPolicy securityPolicy, SecurityMode securityMode, IdentityType identityType) {

    /** @throws NullPointerException if endpoint, namespace, identifier type or identifier is null */
    public DeviceNodeRef {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(namespaceUri, "namespaceUri");
        Objects.requireNonNull(identifierType, "identifierType");
        Objects.requireNonNull(identifier, "identifier");
        displayName = displayName == null ? identifier : displayName;
    }

    /**
     * @param endpoint the device's endpoint URL
     * @param address the node's address as browsed
     * @param displayName the name to show
     * @param dataType the device's data type name, or {@code null}
     * @return the reference, without security details
     */
    public static DeviceNodeRef of(String endpoint, OpcUaNodeAddress address, String displayName, String dataType) {
        return new DeviceNodeRef(endpoint, address.getNamespaceUri(), address.getIdentifierType().getLiteral(), address.getIdentifier(),
                displayName, dataType, null, null, null);
    }

    /**
     * @param policy channel security policy of the connection the node was browsed on
     * @param mode channel security mode
     * @param identity identity type
     * @return a copy with these connection details
     */
    public DeviceNodeRef withSecurity(SecurityPolicy policy, SecurityMode mode, IdentityType identity) {
        return new DeviceNodeRef(endpoint, namespaceUri, identifierType, identifier, displayName, dataType, policy, mode, identity);
    }

    /** @return the identifier kind as the plant model's enum */
    public NodeIdType nodeIdType() {
        NodeIdType type = NodeIdType.get(identifierType);
        if (type == null) {
            throw new IllegalArgumentException("'" + identifierType + "' is not an OPC UA identifier type (i, s, g or b)");
        }
        return type;
    }

    /** @return a new plant-model address for this node (not contained anywhere) */
    public OpcUaNodeAddress toAddress() {
        OpcUaNodeAddress address = PlantFactory.eINSTANCE.createOpcUaNodeAddress();
        address.setNamespaceUri(namespaceUri);
        address.setIdentifierType(nodeIdType());
        address.setIdentifier(identifier);
        address.setDeviceDataType(dataType);
        return address;
    }

    /** @return the stable node id text, {@code nsu=<uri>;<kind>=<identifier>} */
    public String nodeIdText() {
        return "nsu=" + namespaceUri + ";" + identifierType + "=" + identifier;
    }

    /**
     * @param address a plant-model address
     * @return whether it names this node (namespace, identifier type and identifier)
     */
    public boolean sameNode(OpcUaNodeAddress address) {
        return address != null && namespaceUri.equals(address.getNamespaceUri()) && address.getIdentifierType() != null
                && identifierType.equals(address.getIdentifierType().getLiteral()) && identifier.equals(address.getIdentifier());
    }
}
