package io.fabrica.model.edit.nodeset;

import java.util.Objects;

/**
 * An OPC UA NodeId as written in NodeSet2 XML ({@code ns=2;s=Press.Temperature}, {@code i=85}),
 * held structurally: namespace index, identifier type and identifier.
 *
 * @param namespaceIndex index into the document's namespace table (0 = the OPC UA namespace)
 * @param type the identifier type
 * @param identifier the identifier text (a number for {@link IdType#NUMERIC})
 */
public record UaNodeId(int namespaceIndex, IdType type, String identifier) {

    /** NodeId identifier types, with their NodeSet2 prefixes. */
    public enum IdType {
        /** {@code i=} */
        NUMERIC,
        /** {@code s=} */
        STRING,
        /** {@code g=} */
        GUID,
        /** {@code b=} */
        OPAQUE
    }

    /** Requires a type and an identifier. */
    public UaNodeId {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(identifier, "identifier");
    }

    /**
     * Parses the XML notation.
     *
     * @param text e.g. {@code ns=1;i=5001}, {@code i=11}, {@code ns=3;s=Line 1.Press}
     * @return the NodeId
     * @throws IllegalArgumentException naming the text if it is not a NodeId
     */
    public static UaNodeId parse(String text) {
        String rest = text.trim();
        int ns = 0;
        if (rest.startsWith("ns=")) {
            int semicolon = rest.indexOf(';');
            if (semicolon < 0) {
                throw new IllegalArgumentException("Not a NodeId: '" + text + "' (missing ';' after the namespace)");
            }
            try {
                ns = Integer.parseInt(rest.substring(3, semicolon));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Not a NodeId: '" + text + "' (namespace index is not a number)", e);
            }
            rest = rest.substring(semicolon + 1);
        }
        if (rest.length() < 2 || rest.charAt(1) != '=') {
            throw new IllegalArgumentException("Not a NodeId: '" + text + "' (expected i=, s=, g= or b=)");
        }
        IdType type = switch (rest.charAt(0)) {
            case 'i' -> IdType.NUMERIC;
            case 's' -> IdType.STRING;
            case 'g' -> IdType.GUID;
            case 'b' -> IdType.OPAQUE;
            default -> throw new IllegalArgumentException("Not a NodeId: '" + text + "' (expected i=, s=, g= or b=)");
        };
        String id = rest.substring(2);
        if (type == IdType.NUMERIC && !id.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("Not a NodeId: '" + text + "' (numeric identifier expected)");
        }
        return new UaNodeId(ns, type, id);
    }

    /**
     * @param id a numeric identifier in the OPC UA namespace
     * @return {@code i=<id>}
     */
    public static UaNodeId ua(long id) {
        return new UaNodeId(0, IdType.NUMERIC, Long.toString(id));
    }

    @Override
    public String toString() {
        String prefix = switch (type) {
            case NUMERIC -> "i=";
            case STRING -> "s=";
            case GUID -> "g=";
            case OPAQUE -> "b=";
        };
        return (namespaceIndex == 0 ? "" : "ns=" + namespaceIndex + ";") + prefix + identifier;
    }
}
