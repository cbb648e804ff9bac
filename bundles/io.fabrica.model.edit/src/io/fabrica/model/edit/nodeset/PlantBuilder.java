package io.fabrica.model.edit.nodeset;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.eclipse.emf.common.util.EList;
import io.fabrica.model.edit.nodeset.UaNode.NodeClass;
import io.fabrica.model.plant.DeviceConnection;
import io.fabrica.model.plant.Equipment;
import io.fabrica.model.plant.Line;
import io.fabrica.model.plant.PlantFactory;
import io.fabrica.model.plant.Signal;

/**
 * Places the object instances of a NodeSet into a line: objects become equipment (folders are looked
 * through), their variables signals ({@link SignalMapper}), each node once; instance declarations of
 * types, metadata properties and nodes outside objects are left out with a warning.
 */
final class PlantBuilder {
    private static final UaNodeId OBJECTS_FOLDER = UaNodeId.ua(85);
    private static final UaNodeId FOLDER_TYPE = UaNodeId.ua(61);
    private static final UaNodeId HAS_MODELLING_RULE = UaNodeId.ua(37);
    private static final Set<UaNodeId> HIERARCHICAL = Set.of(NodeSetDocument.ORGANIZES, NodeSetDocument.HAS_PROPERTY,
            NodeSetDocument.HAS_COMPONENT, NodeSetDocument.HAS_ORDERED_COMPONENT);
    /** Properties that describe a node rather than carry process values. */
    private static final Set<String> METADATA_PROPERTIES = Set.of(SignalMapper.EU_RANGE, SignalMapper.ENGINEERING_UNITS, "InstrumentRange",
            "EUInformation", "NodeVersion");
    private static final PlantFactory FACTORY = PlantFactory.eINSTANCE;

    private final NodeSetDocument doc;
    private final DeviceConnection connection;
    final List<String> warnings = new ArrayList<>();
    /** Imported (or deliberately left out) node to the node it was reached from. */
    private final Map<UaNodeId, UaNodeId> placed = new HashMap<>();
    private final Set<UaNodeId> typeMembers;
    private final SignalMapper signals;

    PlantBuilder(NodeSetDocument doc, DeviceConnection connection) {
        this.doc = doc;
        this.connection = connection;
        this.typeMembers = typeMembers(doc);
        this.signals = new SignalMapper(doc, connection, this::warn);
    }

    void importInto(Line line) {
        Names names = new Names();
        for (UaNode node : doc.nodes()) {
            if (node.nodeId().namespaceIndex() == 0 || hasModellingRule(node) || isInstanceDeclaration(node)
                    || placed.containsKey(node.nodeId())) {
                continue;
            }
            Optional<UaNodeId> parent = doc.parent(node.nodeId());
            if (parent.isEmpty() || !isTopLevelParent(parent.get())) {
                continue;
            }
            if (node.nodeClass() == NodeClass.OBJECT) {
                placeObject(node, parent.get(), null, line.getEquipment(), names);
            } else if (node.nodeClass() == NodeClass.VARIABLE) {
                placed.put(node.nodeId(), parent.get());
                warn(node, "is not part of an object (it is directly under "
                        + (parent.get().equals(OBJECTS_FOLDER) ? "Objects, i=85" : parent.get()) + "); not imported");
            }
        }
    }

    /** Objects (i=85), or a node of another model that the file references but does not declare. */
    private boolean isTopLevelParent(UaNodeId parent) {
        return parent.equals(OBJECTS_FOLDER) || parent.namespaceIndex() != 0 && doc.node(parent).isEmpty();
    }

    /**
     * @param owner the equipment that receives signals at this level, {@code null} at line level
     * @param into where equipment at this level goes
     * @param names the names used at this level
     */
    private void placeObject(UaNode object, UaNodeId from, Equipment owner, EList<Equipment> into, Names names) {
        if (!claim(object, from)) {
            return;
        }
        if (isFolder(object)) {
            placeChildren(object, owner, into, names);
            return;
        }
        Equipment equipment = FACTORY.createEquipment();
        equipment.setName(names.unique(nameOf(object)));
        equipment.setDescription(textOrNull(object.description()));
        into.add(equipment);
        placeChildren(object, equipment, equipment.getEquipment(), new Names());
    }

    private void placeChildren(UaNode parent, Equipment owner, EList<Equipment> into, Names names) {
        for (UaNode child : doc.children(parent.nodeId())) {
            if (child.nodeId().namespaceIndex() == 0) {
                continue;
            }
            if (isInstanceDeclaration(child)) {
                if ((child.nodeClass() == NodeClass.OBJECT || child.nodeClass() == NodeClass.VARIABLE)
                        && placed.putIfAbsent(child.nodeId(), parent.nodeId()) == null) {
                    warn(child, "belongs to a type (an instance declaration) but " + nameOf(parent) + " ("
                            + parent.nodeId() + ") references it; not imported");
                }
                continue;
            }
            if (child.nodeClass() == NodeClass.OBJECT) {
                placeObject(child, parent.nodeId(), owner, into, names);
            } else if (child.nodeClass() == NodeClass.VARIABLE) {
                if (isProperty(parent, child) && METADATA_PROPERTIES.contains(child.browseName())) {
                    continue;
                }
                if (!claim(child, parent.nodeId())) {
                    continue;
                }
                if (owner == null) {
                    warn(child, "is in folder " + nameOf(parent) + " (" + parent.nodeId()
                            + "), not in an object; not imported");
                } else {
                    importVariable(child, owner, names, "");
                }
            }
            // methods, views and the rest are not part of the plant model
        }
    }

    private void importVariable(UaNode variable, Equipment owner, Names names, String prefix) {
        String name = prefix + nameOf(variable);
        Signal signal = signals.signal(variable);
        if (signal != null) {
            name = names.unique(name);
            signal.setName(name);
            owner.getSignals().add(signal);
        }
        for (UaNode child : doc.children(variable.nodeId())) {
            if (child.nodeClass() == NodeClass.VARIABLE && !isProperty(variable, child)
                    && !isInstanceDeclaration(child) && claim(child, variable.nodeId())) {
                importVariable(child, owner, names, name + ".");
            }
        }
    }

    /** Records that {@code node} is placed; a second parent gets a warning and nothing. */
    private boolean claim(UaNode node, UaNodeId from) {
        UaNodeId first = placed.putIfAbsent(node.nodeId(), from);
        if (first == null) {
            return true;
        }
        if (!first.equals(from)) {
            warn(node, "is also referenced from " + from + "; imported once, under " + first);
        }
        return false;
    }

    private boolean isFolder(UaNode object) {
        return doc.typeDefinition(object).map(t -> doc.isSubtypeOf(t, FOLDER_TYPE)).orElse(false);
    }

    /** Whether a node belongs to a type: it is in the hierarchy below an object or variable type. */
    private boolean isInstanceDeclaration(UaNode node) {
        return typeMembers.contains(node.nodeId());
    }

    /** The instance declarations: every node below an object or variable type, however else it is referenced. */
    private static Set<UaNodeId> typeMembers(NodeSetDocument doc) {
        Set<UaNodeId> members = new HashSet<>();
        Deque<UaNodeId> pending = new ArrayDeque<>();
        for (UaNode node : doc.nodes()) {
            if (node.nodeClass() == NodeClass.OBJECT_TYPE || node.nodeClass() == NodeClass.VARIABLE_TYPE) {
                pending.add(node.nodeId());
            }
        }
        while (!pending.isEmpty()) {
            for (UaNode child : doc.children(pending.remove())) {
                if (members.add(child.nodeId())) {
                    pending.add(child.nodeId());
                }
            }
        }
        return members;
    }

    private static boolean hasModellingRule(UaNode node) {
        return node.references().stream().anyMatch(r -> r.forward() && r.type().equals(HAS_MODELLING_RULE));
    }

    /** Whether {@code child} hangs off {@code parent} by HasProperty (declared from either side). */
    static boolean isProperty(UaNode parent, UaNode child) {
        UaNodeId type = null;
        for (UaReference r : parent.references()) {
            if (r.forward() && r.target().equals(child.nodeId()) && HIERARCHICAL.contains(r.type())) {
                type = r.type();
                break;
            }
        }
        if (type == null) {
            for (UaReference r : child.references()) {
                if (!r.forward() && r.target().equals(parent.nodeId()) && HIERARCHICAL.contains(r.type())) {
                    type = r.type();
                    break;
                }
            }
        }
        return NodeSetDocument.HAS_PROPERTY.equals(type);
    }

    private void warn(UaNode node, String message) {
        warnings.add(nameOf(node) + " (" + node.nodeId() + ", line " + node.line() + "): " + message);
    }

    /** The node's name for the plant model; '/' separates element paths there, so it becomes '-'. */
    static String nameOf(UaNode node) {
        String name;
        if (!node.browseName().isBlank()) {
            name = node.browseName().strip();
        } else {
            name = node.displayName().isBlank() ? node.nodeId().toString() : node.displayName().strip();
        }
        return name.replace('/', '-');
    }

    static String textOrNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    /** Names already used among the children of one line or equipment. */
    private static final class Names {
        private final Set<String> used = new HashSet<>();

        /** @return {@code name}, or {@code name (2)}, {@code name (3)}, ... if taken */
        String unique(String name) {
            String candidate = name;
            for (int n = 2; !used.add(candidate); n++) {
                candidate = name + " (" + n + ")";
            }
            return candidate;
        }
    }
}
