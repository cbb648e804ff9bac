package io.fabrica.model.edit.aas;

import java.nio.charset.StandardCharsets;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;

/**
 * The pieces of the AAS V3.0 JSON serialization that the submodels are made of: submodels, references,
 * properties, language strings, and the value rules (xs:double lexical form, characters AASd-130 allows,
 * optional members left out when empty).
 */
final class AasElements {
    private static final String LANGUAGE = "en";
    /** LangStringNameType (displayName) allows 128 characters, LangStringTextType (description) 1023. */
    private static final int NAME_TEXT_MAX = 128;
    private static final int TEXT_MAX = 1023;

    private AasElements() {
    }

    static JsonObject submodel(String id, String idShort, String semanticId) {
        JsonObject submodel = new JsonObject();
        submodel.addProperty("modelType", "Submodel");
        submodel.addProperty("id", id);
        submodel.addProperty("idShort", idShort);
        submodel.addProperty("kind", "Instance");
        submodel.add("semanticId", externalReference(semanticId));
        return submodel;
    }

    static JsonObject submodelReference(JsonObject submodel) {
        return reference("ModelReference", "Submodel", submodel.get("id"));
    }

    static JsonObject element(String modelType, String idShort, String semanticId) {
        JsonObject element = new JsonObject();
        element.addProperty("modelType", modelType);
        element.addProperty("idShort", idShort);
        element.add("semanticId", externalReference(semanticId));
        return element;
    }

    static JsonObject signalProperty(String idShort, String valueType, String value) {
        return property(idShort, AasExporter.SIGNALS_SEMANTIC_ID + "/" + idShort, valueType, value);
    }

    /** @return a Property, or {@code null} if the value is absent or blank */
    static JsonObject property(String idShort, String semanticId, String valueType, String value) {
        if (isBlank(value)) {
            return null;
        }
        JsonObject property = element("Property", idShort, semanticId);
        property.addProperty("valueType", valueType);
        property.addProperty("value", xmlText(value));
        return property;
    }

    /** @return a MultiLanguageProperty with an English text, or {@code null} if the text is absent or blank */
    static JsonObject multiLanguageProperty(String idShort, String semanticId, String text) {
        JsonArray value = langStrings(text, TEXT_MAX);
        if (value == null) {
            return null;
        }
        JsonObject property = element("MultiLanguageProperty", idShort, semanticId);
        property.add("value", value);
        return property;
    }

    static JsonObject externalReference(String globalId) {
        return reference("ExternalReference", "GlobalReference", new JsonPrimitive(globalId));
    }

    /** A reference of one key: {@code {"type":..., "keys":[{"type":..., "value":...}]}}. */
    static JsonObject reference(String type, String keyType, JsonElement value) {
        JsonObject key = new JsonObject();
        key.addProperty("type", keyType);
        key.add("value", value);
        JsonArray keys = new JsonArray();
        keys.add(key);
        JsonObject reference = new JsonObject();
        reference.addProperty("type", type);
        reference.add("keys", keys);
        return reference;
    }

    static void addNames(JsonObject referable, String name, String description) {
        JsonArray displayName = langStrings(name, NAME_TEXT_MAX);
        if (displayName != null) {
            referable.add("displayName", displayName);
        }
        JsonArray text = langStrings(description, TEXT_MAX);
        if (text != null) {
            referable.add("description", text);
        }
    }

    /** @return {@code [{"language":"en","text":...}]}, or {@code null} if the text is absent or blank */
    static JsonArray langStrings(String text, int maxCodePoints) {
        if (isBlank(text)) {
            return null;
        }
        String clean = xmlText(text).strip();
        if (clean.codePointCount(0, clean.length()) > maxCodePoints) {
            clean = clean.substring(0, clean.offsetByCodePoints(0, maxCodePoints));
        }
        if (clean.isEmpty()) {
            return null;
        }
        JsonObject langString = new JsonObject();
        langString.addProperty("language", LANGUAGE);
        langString.addProperty("text", clean);
        JsonArray array = new JsonArray();
        array.add(langString);
        return array;
    }

    /** Percent-encodes what may not stand in a URN's namespace-specific string (nothing, for a UUID). */
    static String urnPart(String id) {
        StringBuilder sb = new StringBuilder(id.length());
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    /**
     * An xs:double in its lexical form: whole numbers without fraction ({@code 20}), others as Java prints
     * them ({@code 12.5}, {@code 1.0E-5}), and {@code INF}, {@code -INF}, {@code NaN}.
     */
    static String xsDouble(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "INF" : "-INF";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return Double.toString(d);
    }

    /**
     * Drops the characters AASd-130 forbids in strings: controls other than tab, line feed and carriage
     * return, unpaired surrogates, U+FFFE and U+FFFF.
     */
    static String xmlText(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok;
            if (Character.isHighSurrogate(c)) {
                ok = i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
                if (ok) {
                    if (sb != null) {
                        sb.append(c).append(s.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
            } else {
                ok = c == '\t' || c == '\n' || c == '\r' || c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD;
            }
            if (!ok && sb == null) {
                sb = new StringBuilder(s.length()).append(s, 0, i);
            } else if (ok && sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    static void addIfPresent(JsonArray array, JsonObject element) {
        if (element != null) {
            array.add(element);
        }
    }

    static void putIfNotEmpty(JsonObject object, String member, JsonArray array) {
        if (!array.isEmpty()) {
            object.add(member, array);
        }
    }
}
