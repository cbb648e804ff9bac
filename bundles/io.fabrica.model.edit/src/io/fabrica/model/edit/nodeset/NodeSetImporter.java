package io.fabrica.model.edit.nodeset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;


import io.fabrica.model.edit.nodeset.UaNode.EngineeringUnits;
import io.fabrica.model.plant.Access;
import io.fabrica.model.plant.Area;
import io.fabrica.model.plant.DataType;
import io.fabrica.model.plant.DeviceConnection;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.plant.Equipment;
import io.fabrica.model.plant.Line;
import io.fabrica.model.plant.OpcUaNodeAddress;
import io.fabrica.model.plant.PlantFactory;
import io.fabrica.model.plant.Signal;
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

        PlantBuilder run = new PlantBuilder(document, connection);
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
}
