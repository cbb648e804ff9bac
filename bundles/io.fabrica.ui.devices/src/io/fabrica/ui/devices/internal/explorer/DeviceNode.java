package io.fabrica.ui.devices.internal.explorer;

import io.fabrica.devices.api.BrowseNode;
import io.fabrica.devices.api.SampledValue;
import io.fabrica.model.plant.OpcUaNodeAddress;
import io.fabrica.ui.dnd.DeviceNodeRef;

/**
 * A node found by browsing a device, with its latest live value (UI thread). Identity is the
 * object: browsing again makes new nodes.
 */
final class DeviceNode extends ExplorerNode {

    private final BrowseNode node;
    private SampledValue value;

    DeviceNode(ExplorerNode parent, BrowseNode node) {
        super(parent);
        this.node = node;
    }

    BrowseNode node() {
        return node;
    }

    /** @return the latest sample, or {@code null} before the first */
    SampledValue value() {
        return value;
    }

    void setValue(SampledValue sample) {
        value = sample;
    }

    boolean isVariable() {
        return node.kind() == BrowseNode.Kind.VARIABLE;
    }

    /** @return whether the value is a number or boolean, i.e. something a trend can draw */
    boolean isScalarNumber() {
        String type = node.dataType();
        return isVariable() && type != null && !type.endsWith("[]") && !type.equals("String") && !type.equals("ByteString")
                && !type.equals("LocalizedText") && !type.equals("DateTime") && !type.equals("Guid");
    }

    /** @return the drag-and-drop form of this node, or {@code null} if it has no OPC UA address */
    DeviceNodeRef ref() {
        if (!(node.address() instanceof OpcUaNodeAddress address)) {
            return null;
        }
        ConnectionNode root = connection();
        return DeviceNodeRef.of(root.endpoint(), address, node.displayName(), node.dataType())
                .withSecurity(root.spec().securityPolicy(), root.spec().securityMode(), root.spec().identityType());
    }

    @Override
    ConnectionNode connection() {
        return parent().connection();
    }

    @Override
    boolean browsable() {
        return node.kind() == BrowseNode.Kind.OBJECT;
    }
}
