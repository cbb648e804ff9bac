package io.fabrica.model.edit.nodeset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import io.fabrica.model.edit.nodeset.UaNode.EngineeringUnits;
import io.fabrica.model.edit.nodeset.UaNode.NodeClass;

/**
 * Reads OPC UA NodeSet2 XML (the format of companion specifications and vendor information
 * models) with the JDK's StAX parser: namespace table, aliases, and the nodes with their
 * references, data types, access levels and the values of {@code EURange} and
 * {@code EngineeringUnits} properties. Other values are skipped.
 *
 * <p>Why StAX and not a library: the NodeSet2 parser on Maven Central
 * ({@code com.digitalpetri.opcua:uanodeset-parser} 0.4.0) is bound to the pre-Eclipse Milo 0.4 and
 * JAXB 2.3; what an importer needs is a small, streaming subset of the schema.
 *
 * <p>External entities and DTDs are disabled (nodesets come from vendors and the internet).
 */
public final class NodeSetParser {

    /** Standard reference type names, for files that use them without declaring aliases. */
    private static final Map<String, UaNodeId> STANDARD_NAMES = Map.of(
            "Organizes", NodeSetDocument.ORGANIZES,
            "HasTypeDefinition", NodeSetDocument.HAS_TYPE_DEFINITION,
            "HasSubtype", NodeSetDocument.HAS_SUBTYPE,
            "HasProperty", NodeSetDocument.HAS_PROPERTY,
            "HasComponent", NodeSetDocument.HAS_COMPONENT,
            "HasOrderedComponent", NodeSetDocument.HAS_ORDERED_COMPONENT,
            "HasModellingRule", UaNodeId.ua(37));

    private static final Map<String, NodeClass> NODE_ELEMENTS = Map.of(
            "UAObject", NodeClass.OBJECT, "UAVariable", NodeClass.VARIABLE, "UAMethod", NodeClass.METHOD,
            "UAObjectType", NodeClass.OBJECT_TYPE, "UAVariableType", NodeClass.VARIABLE_TYPE,
            "UADataType", NodeClass.DATA_TYPE, "UAReferenceType", NodeClass.REFERENCE_TYPE, "UAView", NodeClass.VIEW);

    private NodeSetParser() {
    }

    /**
     * Parses a NodeSet2 file.
     *
     * @param file the XML file
     * @return the document
     * @throws NodeSetException if the file cannot be read, is not well-formed XML, is not a
     *         {@code UANodeSet}, or contains a malformed NodeId; the message names file and line
     */
    public static NodeSetDocument parse(Path file) throws NodeSetException {
        try (InputStream in = Files.newInputStream(file)) {
            return new Reader(file, reader(in)).read();
        } catch (IOException e) {
            throw new NodeSetException("Cannot read NodeSet " + file + ": " + e.getMessage(), e);
        } catch (XMLStreamException e) {
            int line = e.getLocation() != null ? e.getLocation().getLineNumber() : -1;
            String message = String.valueOf(e.getMessage());
            // StAX prefixes "ParseError at [row,col]:[..]\nMessage: "; the line is reported our way
            int cut = message.indexOf("Message: ");
            throw new NodeSetException(file + ":" + line + ": not well-formed NodeSet2 XML: "
                    + (cut >= 0 ? message.substring(cut + "Message: ".length()) : message), e);
        }
    }

    private static XMLStreamReader reader(InputStream in) throws XMLStreamException {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        return factory.createXMLStreamReader(in);
    }

    /** One pass over one file. */
    private static final class Reader {
        private final Path file;
        private final XMLStreamReader xml;
        private final List<String> namespaces = new ArrayList<>(List.of(NodeSetDocument.UA_NAMESPACE));
        private final Map<String, UaNodeId> aliases = new HashMap<>();
        private final Map<UaNodeId, UaNode> nodes = new LinkedHashMap<>();

        Reader(Path file, XMLStreamReader xml) {
            this.file = file;
            this.xml = xml;
        }

        NodeSetDocument read() throws XMLStreamException, NodeSetException {
            xml.nextTag();
            if (!"UANodeSet".equals(xml.getLocalName())) {
                throw error("the root element is <" + xml.getLocalName() + ">, expected <UANodeSet>");
            }
            while (xml.nextTag() == XMLStreamConstants.START_ELEMENT) {
                String name = xml.getLocalName();
                switch (name) {
                    case "NamespaceUris" -> readUris();
                    case "Aliases" -> readAliases();
                    default -> {
                        NodeClass nodeClass = NODE_ELEMENTS.get(name);
                        if (nodeClass != null) {
                            UaNode node = readNode(nodeClass);
                            nodes.put(node.nodeId(), node);
                        } else {
                            skip();
                        }
                    }
                }
            }
            return new NodeSetDocument(namespaces, aliases, nodes);
        }

        private void readUris() throws XMLStreamException {
            while (xml.nextTag() == XMLStreamConstants.START_ELEMENT) {
                namespaces.add(xml.getElementText().trim());
            }
        }

        private void readAliases() throws XMLStreamException, NodeSetException {
            while (xml.nextTag() == XMLStreamConstants.START_ELEMENT) {
                String alias = xml.getAttributeValue(null, "Alias");
                aliases.put(alias, nodeId(xml.getElementText()));
            }
        }

        private UaNode readNode(NodeClass nodeClass) throws XMLStreamException, NodeSetException {
            int line = xml.getLocation().getLineNumber();
            String idText = xml.getAttributeValue(null, "NodeId");
            if (idText == null) {
                throw error("<" + xml.getLocalName() + "> without a NodeId attribute");
            }
            UaNodeId id = nodeId(idText);
            String browseName = stripNamespace(attribute("BrowseName", ""));
            String dataTypeText = xml.getAttributeValue(null, "DataType");
            UaNodeId dataType = dataTypeText == null ? null : resolve(dataTypeText);
            int valueRank = Integer.parseInt(attribute("ValueRank", "-1"));
            int arrayLength = firstDimension(attribute("ArrayDimensions", ""));
            int accessLevel = Integer.parseInt(attribute("AccessLevel", "1"));
            String displayName = browseName;
            String description = "";
            List<UaReference> references = new ArrayList<>();
            ValueReader value = new ValueReader();
            while (xml.nextTag() == XMLStreamConstants.START_ELEMENT) {
                switch (xml.getLocalName()) {
                    case "DisplayName" -> displayName = xml.getElementText().trim();
                    case "Description" -> description = xml.getElementText().trim();
                    case "References" -> readReferences(references);
                    case "Value" -> value.read(xml);
                    default -> skip();
                }
            }
            return new UaNode(nodeClass, id, browseName, displayName, description, dataType, valueRank, arrayLength,
                    accessLevel, List.copyOf(references), value.range(), value.units(), line);
        }

        private void readReferences(List<UaReference> references) throws XMLStreamException, NodeSetException {
            while (xml.nextTag() == XMLStreamConstants.START_ELEMENT) {
                String type = xml.getAttributeValue(null, "ReferenceType");
                boolean forward = !"false".equalsIgnoreCase(xml.getAttributeValue(null, "IsForward"));
                UaNodeId target = resolve(xml.getElementText());
                references.add(new UaReference(resolve(type), target, forward));
            }
        }

        private UaNodeId resolve(String aliasOrId) throws NodeSetException {
            String text = aliasOrId.trim();
            UaNodeId aliased = aliases.get(text);
            if (aliased != null) {
                return aliased;
            }
            UaNodeId standard = STANDARD_NAMES.get(text);
            return standard != null ? standard : nodeId(text);
        }

        private UaNodeId nodeId(String text) throws NodeSetException {
            try {
                return UaNodeId.parse(text);
            } catch (IllegalArgumentException e) {
                throw error(e.getMessage() + " — neither an alias declared in <Aliases> nor a NodeId");
            }
        }

        private String attribute(String name, String fallback) {
            String value = xml.getAttributeValue(null, name);
            return value == null ? fallback : value;
        }

        private static String stripNamespace(String browseName) {
            int colon = browseName.indexOf(':');
            return colon > 0 && browseName.substring(0, colon).chars().allMatch(Character::isDigit)
                    ? browseName.substring(colon + 1) : browseName;
        }

        private static int firstDimension(String dims) {
            if (dims.isBlank()) {
                return 0;
            }
            String first = dims.split(",")[0].trim();
            return first.chars().allMatch(Character::isDigit) ? Integer.parseInt(first) : 0;
        }

        private void skip() throws XMLStreamException {
            int depth = 1;
            while (depth > 0) {
                int event = xml.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                }
            }
        }

        private NodeSetException error(String what) {
            return new NodeSetException(file + ":" + xml.getLocation().getLineNumber() + ": " + what, null);
        }
    }

    /** Collects the fields of Range and EUInformation values inside a {@code <Value>} element. */
    private static final class ValueReader {
        private final Map<String, String> fields = new HashMap<>();
        private String structure;

        void read(XMLStreamReader xml) throws XMLStreamException {
            int depth = 1;
            List<String> path = new ArrayList<>();
            while (depth > 0) {
                int event = xml.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    path.add(xml.getLocalName());
                    if ("Range".equals(xml.getLocalName()) || "EUInformation".equals(xml.getLocalName())) {
                        structure = xml.getLocalName();
                    }
                } else if (event == XMLStreamConstants.CHARACTERS && structure != null && !xml.isWhiteSpace()) {
                    fields.put(String.join("/", path.subList(Math.max(0, path.size() - 2), path.size())), xml.getText().trim());
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                    if (!path.isEmpty()) {
                        path.remove(path.size() - 1);
                    }
                }
            }
        }

        Optional<double[]> range() {
            if (!"Range".equals(structure)) {
                return Optional.empty();
            }
            try {
                return Optional.of(new double[] {Double.parseDouble(fields.get("Range/Low")),
                    Double.parseDouble(fields.get("Range/High"))});
            } catch (NullPointerException | NumberFormatException e) {
                return Optional.empty();
            }
        }

        Optional<EngineeringUnits> units() {
            if (!"EUInformation".equals(structure)) {
                return Optional.empty();
            }
            String unitId = fields.getOrDefault("EUInformation/UnitId", "-1");
            return Optional.of(new EngineeringUnits(fields.getOrDefault("EUInformation/NamespaceUri", ""),
                    unitId.matches("-?\\d+") ? Integer.parseInt(unitId) : -1,
                    fields.getOrDefault("DisplayName/Text", "")));
        }
    }
}
