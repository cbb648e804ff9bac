package io.fabrica.model.edit.nodeset;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed OPC UA NodeSet2 document: its namespace table, aliases and nodes, with the queries an
 * importer needs — hierarchical children (whichever side declared the reference), type
 * definitions and type inheritance. Immutable; safe to share between threads.
 *
 * <p>Create one with {@link NodeSetParser#parse(java.nio.file.Path)}.
 */
public final class NodeSetDocument {

    /** The OPC UA namespace, index 0 of every namespace table. */
    public static final String UA_NAMESPACE = "http://opcfoundation.org/UA/";

    /** Reference type ids of the OPC UA namespace that importers follow. */
    public static final UaNodeId ORGANIZES = UaNodeId.ua(35);
    /** HasTypeDefinition. */
    public static final UaNodeId HAS_TYPE_DEFINITION = UaNodeId.ua(40);
    /** HasSubtype. */
    public static final UaNodeId HAS_SUBTYPE = UaNodeId.ua(45);
    /** HasProperty. */
    public static final UaNodeId HAS_PROPERTY = UaNodeId.ua(46);
    /** HasComponent. */
    public static final UaNodeId HAS_COMPONENT = UaNodeId.ua(47);
    /** HasOrderedComponent. */
    public static final UaNodeId HAS_ORDERED_COMPONENT = UaNodeId.ua(49);

    private static final Set<UaNodeId> HIERARCHICAL = Set.of(ORGANIZES, HAS_PROPERTY, HAS_COMPONENT, HAS_ORDERED_COMPONENT);

    private final List<String> namespaceUris;
    private final Map<String, UaNodeId> aliases;
    private final Map<UaNodeId, UaNode> nodes;
    private final Map<UaNodeId, List<UaNodeId>> children = new LinkedHashMap<>();
    private final Map<UaNodeId, UaNodeId> parents = new LinkedHashMap<>();
    private final Map<UaNodeId, UaNodeId> supertypes = new LinkedHashMap<>();

    NodeSetDocument(List<String> namespaceUris, Map<String, UaNodeId> aliases, Map<UaNodeId, UaNode> nodes) {
        this.namespaceUris = List.copyOf(namespaceUris);
        this.aliases = Collections.unmodifiableMap(new LinkedHashMap<>(aliases));
        this.nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
        indexReferences();
    }

    /** @return the namespace table: index 0 is {@link #UA_NAMESPACE}, then the file's {@code NamespaceUris} */
    public List<String> namespaceUris() {
        return namespaceUris;
    }

    /**
     * @param index a namespace index used in this document's NodeIds
     * @return its URI
     * @throws IllegalArgumentException if the document declares no such index
     */
    public String namespaceUri(int index) {
        if (index < 0 || index >= namespaceUris.size()) {
            throw new IllegalArgumentException("Namespace index " + index + " is not declared in the NodeSet (it has "
                    + namespaceUris.size() + " namespaces)");
        }
        return namespaceUris.get(index);
    }

    /** @return alias name to NodeId, as declared in {@code <Aliases>} */
    public Map<String, UaNodeId> aliases() {
        return aliases;
    }

    /** @return every node in file order */
    public Collection<UaNode> nodes() {
        return nodes.values();
    }

    /**
     * @param id a NodeId
     * @return the node the document declares with that id
     */
    public Optional<UaNode> node(UaNodeId id) {
        return Optional.ofNullable(nodes.get(id));
    }

    /**
     * Children through hierarchical references (Organizes, HasComponent, HasOrderedComponent,
     * HasProperty), whether the parent declared the forward reference or the child the inverse one.
     * Only nodes declared in this document are returned.
     *
     * @param parent the parent's id
     * @return the children in file order
     */
    public List<UaNode> children(UaNodeId parent) {
        List<UaNode> result = new ArrayList<>();
        for (UaNodeId id : children.getOrDefault(parent, List.of())) {
            node(id).ifPresent(result::add);
        }
        return result;
    }

    /**
     * @param child a node id
     * @return its hierarchical parent, which may be outside the document (e.g. {@code i=85}, Objects)
     */
    public Optional<UaNodeId> parent(UaNodeId child) {
        return Optional.ofNullable(parents.get(child));
    }

    /**
     * @param node an object or variable
     * @return the type its HasTypeDefinition reference names
     */
    public Optional<UaNodeId> typeDefinition(UaNode node) {
        return node.references().stream()
                .filter(r -> r.forward() && r.type().equals(HAS_TYPE_DEFINITION))
                .map(UaReference::target).findFirst();
    }

    /**
     * Whether {@code type} is {@code base} or inherits from it through HasSubtype references
     * declared in this document.
     *
     * @param type a type id
     * @param base a possible supertype
     * @return true if {@code base} is on the supertype chain of {@code type}
     */
    public boolean isSubtypeOf(UaNodeId type, UaNodeId base) {
        Set<UaNodeId> seen = new HashSet<>();
        for (UaNodeId t = type; t != null && seen.add(t); t = supertypes.get(t)) {
            if (t.equals(base)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param type a type id
     * @return the chain of supertypes declared in this document, nearest first
     */
    public List<UaNodeId> supertypes(UaNodeId type) {
        List<UaNodeId> chain = new ArrayList<>();
        Set<UaNodeId> seen = new HashSet<>(Set.of(type));
        for (UaNodeId t = supertypes.get(type); t != null && seen.add(t); t = supertypes.get(t)) {
            chain.add(t);
        }
        return chain;
    }

    private void indexReferences() {
        for (UaNode node : nodes.values()) {
            for (UaReference ref : node.references()) {
                if (HIERARCHICAL.contains(ref.type())) {
                    if (ref.forward()) {
                        link(node.nodeId(), ref.target());
                    } else {
                        link(ref.target(), node.nodeId());
                    }
                } else if (ref.type().equals(HAS_SUBTYPE)) {
                    if (ref.forward()) {
                        supertypes.putIfAbsent(ref.target(), node.nodeId());
                    } else {
                        supertypes.putIfAbsent(node.nodeId(), ref.target());
                    }
                }
            }
        }
    }

    private void link(UaNodeId parent, UaNodeId child) {
        List<UaNodeId> list = children.computeIfAbsent(parent, p -> new ArrayList<>());
        if (!list.contains(child)) {
            list.add(child);
        }
        parents.putIfAbsent(child, parent);
    }
}
