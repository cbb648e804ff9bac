package io.fabrica.devices.opcua;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabrica.model.plant.NodeIdType;
import io.fabrica.model.plant.OpcUaNodeAddress;
import io.fabrica.model.plant.PlantFactory;

/**
 * Text forms of OPC UA node addresses, for command lines and logs. Accepted:
 * {@code nsu=<namespace URI>;s=<id>} (the stable form, which plant models store),
 * {@code ns=<index>;i=<number>} (resolved against the server's namespace table) and the
 * identifier kinds {@code i=}, {@code s=}, {@code g=}, {@code b=}; without a namespace part the
 * node is in namespace 0.
 */
public final class NodeAddresses {

    private static final Pattern TEXT = Pattern.compile("(?:(nsu|ns)=([^;]+);)?([isgb])=(.+)", Pattern.DOTALL);

    private NodeAddresses() {
    }

    /**
     * Parses a node id text.
     *
     * @param text e.g. {@code nsu=urn:fabrica:demo:spindle-line;s=Spindle Line 1/Machining Cell/CNC Mill 1/Spindle/Speed}
     * @param namespaceUris the server's namespace table, to resolve {@code ns=<index>}; may be empty if not needed
     * @return the structural address
     * @throws IllegalArgumentException naming the text and what is wrong
     */
    public static OpcUaNodeAddress parse(String text, List<String> namespaceUris) {
        Matcher m = TEXT.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a node id; write it like nsu=urn:plant;s=Line 1/Speed or ns=2;i=1042");
        }
        String uri;
        if (m.group(1) == null) {
            uri = "http://opcfoundation.org/UA/";
        } else if (m.group(1).equals("nsu")) {
            uri = m.group(2);
        } else {
            uri = namespaceAt(text, m.group(2), namespaceUris);
        }
        OpcUaNodeAddress address = PlantFactory.eINSTANCE.createOpcUaNodeAddress();
        address.setNamespaceUri(uri);
        address.setIdentifierType(NodeIdType.get(m.group(3)));
        address.setIdentifier(m.group(4));
        if (address.getIdentifierType() == NodeIdType.NUMERIC && !address.getIdentifier().matches("\\d{1,10}")) {
            throw new IllegalArgumentException("'" + text + "': a numeric identifier (i=) must be an unsigned integer");
        }
        return address;
    }

    /** @return the stable text form {@code nsu=<uri>;<kind>=<identifier>} */
    public static String format(OpcUaNodeAddress address) {
        return "nsu=" + address.getNamespaceUri() + ";" + address.getIdentifierType().getLiteral() + "=" + address.getIdentifier();
    }

    private static String namespaceAt(String text, String index, List<String> namespaceUris) {
        try {
            int i = Integer.parseInt(index);
            if (i < 0 || i >= namespaceUris.size()) {
                throw new IllegalArgumentException("'" + text + "': the server has no namespace " + i + " (it has 0.."
                        + (namespaceUris.size() - 1) + ")");
            }
            return namespaceUris.get(i);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "': ns= takes a namespace index; use nsu= for a namespace URI", e);
        }
    }
}
