package io.fabrica.model.edit.nodeset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.eclipse.emf.common.util.EList;

import io.fabrica.model.edit.nodeset.UaNode.EngineeringUnits;
import io.fabrica.model.edit.nodeset.UaNode.NodeClass;
import io.fabrica.model.plant.Access;
import io.fabrica.model.plant.Area;
import io.fabrica.model.plant.DataType;
import io.fabrica.model.plant.DeviceConnection;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.plant.Equipment;
import io.fabrica.model.plant.Line;
import io.fabrica.model.plant.NodeIdType;
import io.fabrica.model.plant.OpcUaNodeAddress;
import io.fabrica.model.plant.PlantFactory;
import io.fabrica.model.plant.Signal;
import io.fabrica.model.plant.SignalBinding;
import io.fabrica.model.plant.Site;

/**
 * Imports the object instances of an OPC UA NodeSet2 file into a new Fabrica plant model: each
 * object becomes {@link Equipment}, each of its variables a {@link Signal} bound to the node through
 * one OPC UA {@link DeviceConnection}.
 *
 * <h2>What becomes what</h2>
 * <ul>
 * <li>The model is Enterprise &gt; Site "Imported" &gt; Area "Imported" &gt; Line &gt; Equipment.
 * From a file, the enterprise is named after the first {@code <Models><Model ModelUri>} (its last
 * path segment, e.g. {@code SpindleMonitor} for {@code http://example.com/SpindleMonitor/}; the
 * whole URI goes into the description, as a name it would break {@code /}-separated element
 * paths), else after the file; line and connection are named after the file without
 * {@code .NodeSet2.xml}.</li>
 * <li><b>Equipment</b>: objects outside the OPC UA namespace. Top level are those organised
 * under Objects ({@code i=85}) or under a node of another model the file does not declare (such as
 * DI's DeviceSet); objects under objects become nested equipment. Not imported: instance
 * declarations (every node below an object or variable type of the file, even where an instance
 * references it, which gives a warning; at the top level also any node with a modelling rule),
 * data type encodings and namespace metadata (they are not under Objects). Folders
 * (FolderType or a subtype) are only organisation: the importer descends through them and their
 * objects and variables land on the enclosing level.</li>
 * <li><b>Signals</b>: variables under an object through HasComponent, HasOrderedComponent or
 * Organizes, and properties of objects except EURange, EngineeringUnits, InstrumentRange,
 * EUInformation and NodeVersion. Properties of variables are metadata, never signals; components of
 * a variable (a structure's fields) become signals of the same equipment named
 * {@code Parent.Child}.</li>
 * <li><b>Data type</b> from the variable's DataType (or, if the file omits it, the DataType of its
 * variable type or that type's supertypes), resolved through the HasSubtype chain the file declares
 * to the first OPC UA type the importer knows: Boolean &rarr; BOOLEAN; SByte..UInt64, Integer,
 * UInteger and enumerations &rarr; INT; Float &rarr; FLOAT; Double, Duration and Number &rarr;
 * DOUBLE; String, LocalizedText, QualifiedName, Guid and DateTime/UtcTime &rarr; STRING;
 * ByteString and Image types &rarr; IMAGE. A numeric type with ValueRank 0 or more is an array
 * &rarr; NUMBER_ARRAY with the first ArrayDimension as length. Structures, NodeIds, BaseDataType,
 * arrays of non-numbers and types the file does not declare are not imported (warning).</li>
 * <li><b>Unit</b> from the EngineeringUnits property through {@link UneceUnits#toUcum}; a unit
 * without UCUM equivalent keeps its display name and gives a warning. A Duration without
 * EngineeringUnits gets {@code ms}. <b>Range</b> from EURange. <b>Access</b>: READ_WRITE when
 * AccessLevel has both CurrentRead and CurrentWrite, WRITE with CurrentWrite only, else READ.
 * <b>Description</b> from the node's Description.</li>
 * <li><b>Binding</b>: an {@link OpcUaNodeAddress} with the namespace URI (not the index) of the
 * variable's NodeId, its identifier type and identifier, and the built-in type of the data type as
 * {@code deviceDataType} ({@code Double}, {@code Int32} for enumerations, {@code Float[]} for
 * arrays).</li>
 * <li><b>Names</b>: the browse name without its namespace prefix (the display name if it is empty).
 * Names are unique among the children of a line or equipment, signals and equipment together: a
 * repeated name gets {@code " (2)"}, {@code " (3)"}, ...</li>
 * <li><b>Order</b>: document order — roots in the order of the file, children in the order
 * {@link NodeSetDocument#children} returns them (references in file order) — so importing the same
 * file again gives the same model except for the element ids. A node reachable from two parents is
 * imported once, under the first (with a warning).</li>
 * </ul>
 *
 * <p>Type definitions are not instantiated: NodeSet2 instances carry their components explicitly,
 * so only an instance's own children count and inherited instance declarations never add to or
 * duplicate them.
 */
public final class NodeSetImporter {

    /** The endpoint used when none is given. */
    public static final String DEFAULT_ENDPOINT = "opc.tcp://localhost:4840";

    /** The driver id of the imported connection. */
    public static final String DRIVER_ID = "opcua";

    /** The name of the site and area the import creates. */
    public static final String IMPORTED = "Imported";

    private static final UaNodeId OBJECTS_FOLDER = UaNodeId.ua(85);
    private static final UaNodeId FOLDER_TYPE = UaNodeId.ua(61);
    private static final UaNodeId HAS_MODELLING_RULE = UaNodeId.ua(37);
    private static final Set<UaNodeId> HIERARCHICAL = Set.of(NodeSetDocument.ORGANIZES, NodeSetDocument.HAS_PROPERTY,
            NodeSetDocument.HAS_COMPONENT, NodeSetDocument.HAS_ORDERED_COMPONENT);
    private static final String EU_RANGE = "EURange";
    private static final String ENGINEERING_UNITS = "EngineeringUnits";
    /** Properties that describe a node rather than carry process values. */
    private static final Set<String> METADATA_PROPERTIES = Set.of(EU_RANGE, ENGINEERING_UNITS, "InstrumentRange",
            "EUInformation", "NodeVersion");

    private static final PlantFactory FACTORY = PlantFactory.eINSTANCE;

    private NodeSetImporter() {
    }

    /**
     * Reads a NodeSet2 file and imports its object instances (see the class comment for the
     * mapping).
     *
     * @param nodeSetFile the NodeSet2 XML file
     * @param endpoint the OPC UA endpoint of the server that exposes these nodes, or {@code null}
     *        (or blank) for {@value #DEFAULT_ENDPOINT}
     * @return the new model and the warnings; a file without object instances gives an empty line
     *         and a warning saying so
     * @throws NodeSetException if the file cannot be read or is not NodeSet2 XML (the message names
     *         file and line, see {@link NodeSetParser#parse(Path)})
     * @throws NullPointerException if {@code nodeSetFile} is {@code null}
     */
    public static NodeSetImport importNodeSet(Path nodeSetFile, String endpoint) throws NodeSetException {
        Objects.requireNonNull(nodeSetFile, "nodeSetFile");
        NodeSetDocument document = NodeSetParser.parse(nodeSetFile);
        String fileName = String.valueOf(nodeSetFile.getFileName());
        NodeSetImport result = importNodeSet(document, sourceName(fileName), endpoint);
        List<String> models = modelUris(nodeSetFile);
        Enterprise enterprise = result.enterprise();
        if (models.isEmpty()) {
            enterprise.setDescription("Imported from OPC UA NodeSet " + fileName);
        } else {
            enterprise.setName(nameOfUri(models.get(0)));
            enterprise.setDescription("OPC UA information model " + models.get(0) + ", imported from " + fileName);
        }
        return result;
    }

    /**
     * Imports the object instances of a parsed NodeSet (see the class comment for the mapping).
     *
     * @param document the parsed NodeSet2 document
     * @param sourceName what the enterprise, the line and the connection are named after, e.g. the
     *        file name without extension; {@code null} or blank gives {@code "NodeSet"}
     * @param endpoint the OPC UA endpoint of the server that exposes these nodes, or {@code null}
     *        (or blank) for {@value #DEFAULT_ENDPOINT}
     * @return the new model and the warnings
     * @throws NullPointerException if {@code document} is {@code null}
     */
    public static NodeSetImport importNodeSet(NodeSetDocument document, String sourceName, String endpoint) {
        Objects.requireNonNull(document, "document");
        String name = sourceName == null || sourceName.isBlank() ? "NodeSet" : sourceName.strip();

        Enterprise enterprise = FACTORY.createEnterprise();
        enterprise.setName(name);
        enterprise.setDescription("Imported from OPC UA NodeSet " + name);
        DeviceConnection connection = FACTORY.createDeviceConnection();
        connection.setName(name);
        connection.setDriverId(DRIVER_ID);
        connection.setEndpoint(endpoint == null || endpoint.isBlank() ? DEFAULT_ENDPOINT : endpoint.strip());
        enterprise.getConnections().add(connection);
        Site site = FACTORY.createSite();
        site.setName(IMPORTED);
        enterprise.getSites().add(site);
        Area area = FACTORY.createArea();
        area.setName(IMPORTED);
        site.getAreas().add(area);
        Line line = FACTORY.createLine();
        line.setName(name);
        area.getLines().add(line);

        Run run = new Run(document, connection);
        run.importInto(line);
        if (line.getEquipment().isEmpty()) {
            run.warnings.add(name + ": no object instances found (a NodeSet of types only?); the line is empty");
        }
        return new NodeSetImport(enterprise, run.warnings);
    }

    /** {@code press-line.NodeSet2.xml} gives {@code press-line}. */
    static String sourceName(String fileName) {
        String name = fileName.replaceFirst("(?i)(\\.nodeset2?)?\\.xml$", "");
        return name.isBlank() ? fileName : name;
    }

    /** The last segment of a model URI: {@code http://example.com/Press/} gives {@code Press}. */
    static String nameOfUri(String uri) {
        String trimmed = uri.strip().replaceAll("[/#:]+$", "");
        int cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf(':'));
        String last = trimmed.substring(cut + 1);
        return last.isBlank() ? uri.strip() : last;
    }

    /** The {@code ModelUri}s of {@code <Models>}, which NodeSetParser does not keep; stops at the first node. */
    private static List<String> modelUris(Path file) throws NodeSetException {
        List<String> uris = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            XMLInputFactory factory = XMLInputFactory.newFactory();
            factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
            factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
            XMLStreamReader xml = factory.createXMLStreamReader(in);
            while (xml.hasNext()) {
                if (xml.next() != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                String element = xml.getLocalName();
                if ("Model".equals(element)) {
                    String uri = xml.getAttributeValue(null, "ModelUri");
                    if (uri != null && !uri.isBlank()) {
                        uris.add(uri.strip());
                    }
                } else if (element.startsWith("UA") && !"UANodeSet".equals(element)) {
                    break; // <Models> precedes the nodes
                }
            }
            xml.close();
            return uris;
        } catch (IOException | XMLStreamException e) {
            throw new NodeSetException("Cannot read the <Models> of NodeSet " + file + ": " + e.getMessage(), e);
        }
    }

    /** One import: the document, the connection, what has been placed and the warnings. */
    private static final class Run {
        private final NodeSetDocument doc;
        private final DeviceConnection connection;
        private final List<String> warnings = new ArrayList<>();
        /** Imported (or deliberately left out) node to the node it was reached from. */
        private final Map<UaNodeId, UaNodeId> placed = new HashMap<>();
        private final Set<UaNodeId> typeMembers;

        Run(NodeSetDocument doc, DeviceConnection connection) {
            this.doc = doc;
            this.connection = connection;
            this.typeMembers = typeMembers(doc);
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
            Signal signal = signal(variable);
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

        /** @return the signal, or {@code null} after a warning when the variable cannot be mapped */
        private Signal signal(UaNode variable) {
            UaNodeId dataType = dataTypeOf(variable);
            if (dataType == null) {
                warn(variable, "has no DataType (BaseDataType: any value); not imported");
                return null;
            }
            UaDataTypes.Known known = resolve(variable, dataType);
            if (known == null) {
                return null;
            }
            if (!known.mapped()) {
                warn(variable, "data type " + describe(dataType)
                        + (known.name().equals(typeName(dataType)) ? "" : ", a " + known.name())
                        + ", has no Fabrica equivalent; not imported");
                return null;
            }
            String namespaceUri;
            try {
                namespaceUri = doc.namespaceUri(variable.nodeId().namespaceIndex());
            } catch (IllegalArgumentException e) {
                warn(variable, "its namespace index " + variable.nodeId().namespaceIndex()
                        + " is not declared in <NamespaceUris>; not imported");
                return null;
            }

            Signal signal = FACTORY.createSignal();
            boolean array = variable.valueRank() >= 0;
            if (array) {
                if (!known.numeric()) {
                    warn(variable, "is an array of " + known.name() + "; Fabrica only has arrays of numbers; not imported");
                    return null;
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
            } else {
                signal.setDataType(known.fabrica());
            }
            if (known.caveat() != null) {
                warn(variable, "data type " + describe(dataType) + ": " + known.caveat());
            }
            signal.setDescription(textOrNull(variable.description()));
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

            OpcUaNodeAddress address = FACTORY.createOpcUaNodeAddress();
            address.setNamespaceUri(namespaceUri);
            address.setIdentifierType(identifierType(variable.nodeId().type()));
            address.setIdentifier(variable.nodeId().identifier());
            address.setDeviceDataType(known.builtIn() + (array ? "[]" : ""));
            SignalBinding binding = FACTORY.createSignalBinding();
            binding.setConnection(connection);
            binding.setAddress(address);
            signal.setBinding(binding);
            return signal;
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
        private static boolean isProperty(UaNode parent, UaNode child) {
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
            warnings.add(nameOf(node) + " (" + node.nodeId() + ", line " + node.line() + "): " + message);
        }
    }

    /** The node's name for the plant model; '/' separates element paths there, so it becomes '-'. */
    private static String nameOf(UaNode node) {
        String name;
        if (!node.browseName().isBlank()) {
            name = node.browseName().strip();
        } else {
            name = node.displayName().isBlank() ? node.nodeId().toString() : node.displayName().strip();
        }
        return name.replace('/', '-');
    }

    private static String textOrNull(String text) {
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
