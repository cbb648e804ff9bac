package io.fabrica.model.edit.nodeset;

/**
 * A reference as declared in a node's {@code <References>} element, with aliases resolved.
 *
 * @param type the reference type's NodeId, e.g. {@code i=47} for HasComponent
 * @param target the node at the other end
 * @param forward {@code false} when the file says {@code IsForward="false"}
 */
public record UaReference(UaNodeId type, UaNodeId target, boolean forward) {
}
