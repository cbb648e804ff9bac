package io.fabrica.model.edit.aas;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

import org.eclipse.emf.common.util.TreeIterator;
import org.eclipse.emf.ecore.EObject;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import io.fabrica.model.plant.Address;
import io.fabrica.model.plant.DataType;
import io.fabrica.model.plant.DeviceAddress;
import io.fabrica.model.plant.DeviceConnection;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.plant.Equipment;
import io.fabrica.model.plant.Identified;
import io.fabrica.model.plant.Nameplate;
import io.fabrica.model.plant.OpcUaNodeAddress;
import io.fabrica.model.plant.ProcessParameter;
import io.fabrica.model.plant.Signal;
import io.fabrica.model.plant.SignalBinding;
import io.fabrica.model.resource.ElementPaths;

/**
 * Exports the equipment of a plant model as an Asset Administration Shell environment in the JSON
 * serialization of the AAS metamodel V3.0 (IDTA-01001-3-0, schema of IDTA-01002-3-0).
 * <p>
 * Every {@link Equipment}, nested equipment included, becomes one {@code AssetAdministrationShell} (asset kind
 * {@code Instance}) with these submodels:
 * <ul>
 * <li>{@code Nameplate}, when the equipment has a {@link Nameplate}: the elements ManufacturerName,
 * ManufacturerProductDesignation, SerialNumber and YearOfConstruction of the IDTA 02006-2-0 Digital Nameplate
 * (as far as they are filled in; the template's other mandatory elements are not known to the plant model);</li>
 * <li>{@code Signals}, when the equipment has signals or process parameters: one collection per signal with its
 * data type, unit, access, sampling interval, range and device binding, all under
 * {@value #SIGNALS_SEMANTIC_ID}.</li>
 * </ul>
 * Identifiers are URNs made of the model elements' UUIDs ({@value #SHELL_ID_PREFIX}{@code <uuid>},
 * {@value #ASSET_ID_PREFIX}{@code <uuid>}, {@value #SUBMODEL_ID_PREFIX}{@code <uuid>:nameplate|signals}), so
 * exporting the same model twice gives the same identifiers. idShorts are derived from the names (see
 * {@code IdShorts}), unique among siblings; the original name is kept as English {@code displayName}, the
 * element's path in the plant as the shell extension {@value #PATH_EXTENSION}. Optional lists that would be
 * empty, and values that are not set, are left out, as the serialization rules require.
 * <p>
 * The class is stateless and thread-safe, but the model must not change while it is exported.
 */
public final class AasExporter {

    /** Prefix of the id of the shell of an equipment; the equipment's UUID follows. */
    public static final String SHELL_ID_PREFIX = "urn:fabrica:aas:";

    /** Prefix of the globalAssetId of an equipment; the equipment's UUID follows. */
    public static final String ASSET_ID_PREFIX = "urn:fabrica:asset:";

    /**
     * Prefix of the ids of an equipment's submodels; the equipment's UUID and {@code :nameplate} or
     * {@code :signals} follow.
     */
    public static final String SUBMODEL_ID_PREFIX = "urn:fabrica:submodel:";

    /** semanticId of the Digital Nameplate submodel, IDTA 02006-2-0. */
    public static final String NAMEPLATE_SEMANTIC_ID = "https://admin-shell.io/zvei/nameplate/2/0/Nameplate";

    /** semanticId of Fabrica's Signals submodel; its elements' semanticIds extend it by {@code /<idShort>}. */
    public static final String SIGNALS_SEMANTIC_ID = "https://fabrica.io/aas/Signals/1/0";

    /** Name of the shell extension that holds the equipment's path in the plant, e.g. {@code ACME/Berlin/Line 1/Press 3}. */
    public static final String PATH_EXTENSION = "FabricaPath";

    static final String MANUFACTURER_NAME = "0173-1#02-AAO677#002";
    static final String MANUFACTURER_PRODUCT_DESIGNATION = "0173-1#02-AAW338#001";
    static final String SERIAL_NUMBER = "0173-1#02-AAM556#002";
    static final String YEAR_OF_CONSTRUCTION = "0173-1#02-AAP906#001";

    private static final String LANGUAGE = "en";
    /** LangStringNameType (displayName) allows 128 characters, LangStringTextType (description) 1023. */
    private static final int NAME_TEXT_MAX = 128;
    private static final int TEXT_MAX = 1023;

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private AasExporter() {
    }

    /**
     * Builds the AAS environment of a plant model.
     *
     * @param enterprise the root of the plant model; not changed
     * @return a new object with {@code assetAdministrationShells} and {@code submodels} (each left out when it
     *         would be empty, e.g. {@code {}} for a plant without equipment); no {@code conceptDescriptions},
     *         as only published semantic ids and Fabrica's own are used
     * @throws NullPointerException     if {@code enterprise} is {@code null}
     * @throws IllegalArgumentException if an equipment has no id, or two equipment elements have the same id
     *                                  (the message names their paths), because the shells' ids would not be
     *                                  unique
     */
    public static JsonObject toEnvironment(Enterprise enterprise) {
        Objects.requireNonNull(enterprise, "enterprise");
        JsonArray shells = new JsonArray();
        JsonArray submodels = new JsonArray();
        IdShorts.Namespace shellNames = new IdShorts.Namespace();
        Map<String, Equipment> byId = new HashMap<>();
        for (TreeIterator<EObject> it = enterprise.eAllContents(); it.hasNext();) {
            if (it.next() instanceof Equipment equipment) {
                String uuid = idOf(equipment);
                Equipment clash = byId.putIfAbsent(uuid, equipment);
                if (clash != null) {
                    throw new IllegalArgumentException("Equipment '" + ElementPaths.pathOf(equipment)
                            + "' has the same id as '" + ElementPaths.pathOf(clash) + "': " + uuid);
                }
                addEquipment(equipment, uuid, shellNames, shells, submodels);
            }
        }
        JsonObject environment = new JsonObject();
        putIfNotEmpty(environment, "assetAdministrationShells", shells);
        putIfNotEmpty(environment, "submodels", submodels);
        return environment;
    }

    /**
     * Writes the AAS environment of a plant model ({@link #toEnvironment(Enterprise)}) to a file as
     * pretty-printed UTF-8 JSON. The JSON goes to a new temporary file in the directory of {@code out} first,
     * is forced to disk and then atomically renamed to {@code out}, replacing an existing file; so {@code out}
     * is either left as it was or holds the complete new export, and no temporary file stays behind.
     *
     * @param enterprise the root of the plant model; not changed
     * @param out        the file to write; its directory must exist
     * @throws NullPointerException           if an argument is {@code null}
     * @throws IllegalArgumentException       as {@link #toEnvironment(Enterprise)}; nothing is written then
     * @throws java.nio.file.AtomicMoveNotSupportedException if the file system cannot rename atomically
     *                                        ({@code out} is left as it was)
     * @throws IOException                    if {@code out} names no file (a root), its directory does not exist,
     *                                        or the file cannot be written or replaced ({@code out} is left as it
     *                                        was)
     */
    public static void export(Enterprise enterprise, Path out) throws IOException {
        Objects.requireNonNull(out, "out");
        JsonObject environment = toEnvironment(enterprise);
        byte[] bytes = (GSON.toJson(environment) + "\n").getBytes(StandardCharsets.UTF_8);

        Path target = out.toAbsolutePath();
        if (target.getParent() == null || target.getFileName() == null) {
            throw new IOException("Not a file path: " + out);
        }
        Path tmp = createTemp(target);
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
        } finally {
            if (!moved) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // the original failure matters more; the temporary file is hidden and named as such
                }
            }
        }
    }

    /**
     * Creates an empty hidden file beside {@code target} with the default permissions (unlike
     * {@link Files#createTempFile}, which would make the export readable by its owner only).
     */
    private static Path createTemp(Path target) throws IOException {
        Path dir = target.getParent();
        String base = "." + target.getFileName() + ".";
        for (int attempt = 0;; attempt++) {
            Path tmp = dir.resolve(base + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
            try {
                Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return tmp;
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 10) {
                    throw e;
                }
            }
        }
    }

    // --- shells and submodels -----------------------------------------------------------------------------

    private static void addEquipment(Equipment equipment, String uuid, IdShorts.Namespace shellNames,
            JsonArray shells, JsonArray submodels) {
        JsonObject shell = new JsonObject();
        shell.addProperty("modelType", "AssetAdministrationShell");
        shell.addProperty("id", SHELL_ID_PREFIX + uuid);
        shell.addProperty("idShort", shellNames.claim(IdShorts.sanitize(equipment.getName(), "Equipment")));
        addNames(shell, equipment.getName(), equipment.getDescription());

        JsonObject pathExtension = new JsonObject();
        pathExtension.addProperty("name", PATH_EXTENSION);
        pathExtension.addProperty("valueType", "xs:string");
        pathExtension.addProperty("value", xmlText(ElementPaths.pathOf(equipment)));
        JsonArray extensions = new JsonArray();
        extensions.add(pathExtension);
        shell.add("extensions", extensions);

        JsonObject assetInformation = new JsonObject();
        assetInformation.addProperty("assetKind", "Instance");
        assetInformation.addProperty("globalAssetId", ASSET_ID_PREFIX + uuid);
        shell.add("assetInformation", assetInformation);

        JsonArray references = new JsonArray();
        if (equipment.getNameplate() != null) {
            JsonObject nameplate = nameplateSubmodel(equipment.getNameplate(), uuid);
            submodels.add(nameplate);
            references.add(submodelReference(nameplate));
        }
        if (!equipment.getSignals().isEmpty() || !equipment.getParameters().isEmpty()) {
            JsonObject signals = signalsSubmodel(equipment, uuid);
            submodels.add(signals);
            references.add(submodelReference(signals));
        }
        putIfNotEmpty(shell, "submodels", references);
        shells.add(shell);
    }

    private static JsonObject submodel(String id, String idShort, String semanticId) {
        JsonObject submodel = new JsonObject();
        submodel.addProperty("modelType", "Submodel");
        submodel.addProperty("id", id);
        submodel.addProperty("idShort", idShort);
        submodel.addProperty("kind", "Instance");
        submodel.add("semanticId", externalReference(semanticId));
        return submodel;
    }

    private static JsonObject submodelReference(JsonObject submodel) {
        JsonObject key = new JsonObject();
        key.addProperty("type", "Submodel");
        key.add("value", submodel.get("id"));
        JsonArray keys = new JsonArray();
        keys.add(key);
        JsonObject reference = new JsonObject();
        reference.addProperty("type", "ModelReference");
        reference.add("keys", keys);
        return reference;
    }

    private static JsonObject nameplateSubmodel(Nameplate nameplate, String uuid) {
        JsonObject submodel = submodel(SUBMODEL_ID_PREFIX + uuid + ":nameplate", "Nameplate", NAMEPLATE_SEMANTIC_ID);
        JsonArray elements = new JsonArray();
        addIfPresent(elements, multiLanguageProperty("ManufacturerName", MANUFACTURER_NAME, nameplate.getManufacturer()));
        addIfPresent(elements, multiLanguageProperty("ManufacturerProductDesignation", MANUFACTURER_PRODUCT_DESIGNATION,
                nameplate.getModel()));
        addIfPresent(elements, property("SerialNumber", SERIAL_NUMBER, "xs:string", nameplate.getSerialNumber()));
        Integer year = nameplate.getYearOfConstruction();
        addIfPresent(elements, property("YearOfConstruction", YEAR_OF_CONSTRUCTION, "xs:string",
                year == null ? null : year.toString()));
        putIfNotEmpty(submodel, "submodelElements", elements);
        return submodel;
    }

    private static JsonObject signalsSubmodel(Equipment equipment, String uuid) {
        JsonObject submodel = submodel(SUBMODEL_ID_PREFIX + uuid + ":signals", "Signals", SIGNALS_SEMANTIC_ID);
        IdShorts.Namespace names = new IdShorts.Namespace();
        JsonArray elements = new JsonArray();
        for (Signal signal : equipment.getSignals()) {
            elements.add(signalCollection(signal, names));
        }
        for (ProcessParameter parameter : equipment.getParameters()) {
            elements.add(signalCollection(parameter, names));
        }
        putIfNotEmpty(submodel, "submodelElements", elements);
        return submodel;
    }

    private static JsonObject signalCollection(Signal signal, IdShorts.Namespace siblings) {
        boolean parameter = signal instanceof ProcessParameter;
        JsonObject collection = new JsonObject();
        collection.addProperty("modelType", "SubmodelElementCollection");
        collection.addProperty("idShort",
                siblings.claim(IdShorts.sanitize(signal.getName(), parameter ? "Parameter" : "Signal")));
        addNames(collection, signal.getName(), signal.getDescription());
        collection.add("semanticId",
                externalReference(SIGNALS_SEMANTIC_ID + (parameter ? "/ProcessParameter" : "/Signal")));

        JsonArray value = new JsonArray();
        DataType dataType = signal.getDataType();
        addIfPresent(value, signalProperty("DataType", "xs:string", dataType == null ? null : dataType.getLiteral()));
        addIfPresent(value, signalProperty("Unit", "xs:string", signal.getUnit()));
        addIfPresent(value, signalProperty("Access", "xs:string",
                signal.getAccess() == null ? null : signal.getAccess().getLiteral()));
        addIfPresent(value, signalProperty("SamplingInterval", "xs:double", xsDouble(signal.getSamplingInterval())));
        if (dataType == DataType.NUMBER_ARRAY) {
            addIfPresent(value, signalProperty("ArrayLength", "xs:int", Integer.toString(signal.getArrayLength())));
        }
        if (signal.getMinimum() != null || signal.getMaximum() != null) {
            JsonObject range = element("Range", "Range", SIGNALS_SEMANTIC_ID + "/Range");
            range.addProperty("valueType", "xs:double");
            if (signal.getMinimum() != null) {
                range.addProperty("min", xsDouble(signal.getMinimum()));
            }
            if (signal.getMaximum() != null) {
                range.addProperty("max", xsDouble(signal.getMaximum()));
            }
            value.add(range);
        }
        if (signal instanceof ProcessParameter p) {
            addIfPresent(value, signalProperty("SafeMinimum", "xs:double",
                    p.getSafeMinimum() == null ? null : xsDouble(p.getSafeMinimum())));
            addIfPresent(value, signalProperty("SafeMaximum", "xs:double",
                    p.getSafeMaximum() == null ? null : xsDouble(p.getSafeMaximum())));
            addIfPresent(value, signalProperty("RequiresApproval", "xs:boolean", Boolean.toString(p.isRequiresApproval())));
        }
        addIfPresent(value, bindingCollection(signal.getBinding()));
        putIfNotEmpty(collection, "value", value);
        return collection;
    }

    /** @return the Binding collection, or {@code null} when there is no binding or nothing of it is set */
    private static JsonObject bindingCollection(SignalBinding binding) {
        if (binding == null) {
            return null;
        }
        JsonArray value = new JsonArray();
        DeviceConnection connection = binding.getConnection();
        if (connection != null) {
            addIfPresent(value, signalProperty("Connection", "xs:string", connection.getEndpoint()));
        }
        Address address = binding.getAddress();
        if (address instanceof OpcUaNodeAddress node) {
            addIfPresent(value, signalProperty("NamespaceUri", "xs:string", node.getNamespaceUri()));
            addIfPresent(value, signalProperty("IdentifierType", "xs:string",
                    node.getIdentifierType() == null ? null : node.getIdentifierType().getLiteral()));
            addIfPresent(value, signalProperty("Identifier", "xs:string", node.getIdentifier()));
        } else if (address instanceof DeviceAddress device) {
            addIfPresent(value, signalProperty("Address", "xs:string", device.getAddress()));
        }
        if (address != null) {
            addIfPresent(value, signalProperty("DeviceDataType", "xs:string", address.getDeviceDataType()));
        }
        if (value.isEmpty()) {
            return null;
        }
        JsonObject collection = element("SubmodelElementCollection", "Binding", SIGNALS_SEMANTIC_ID + "/Binding");
        collection.add("value", value);
        return collection;
    }

    // --- submodel elements ---------------------------------------------------------------------------------

    private static JsonObject element(String modelType, String idShort, String semanticId) {
        JsonObject element = new JsonObject();
        element.addProperty("modelType", modelType);
        element.addProperty("idShort", idShort);
        element.add("semanticId", externalReference(semanticId));
        return element;
    }

    private static JsonObject signalProperty(String idShort, String valueType, String value) {
        return property(idShort, SIGNALS_SEMANTIC_ID + "/" + idShort, valueType, value);
    }

    /** @return a Property, or {@code null} if the value is absent or blank */
    private static JsonObject property(String idShort, String semanticId, String valueType, String value) {
        if (isBlank(value)) {
            return null;
        }
        JsonObject property = element("Property", idShort, semanticId);
        property.addProperty("valueType", valueType);
        property.addProperty("value", xmlText(value));
        return property;
    }

    /** @return a MultiLanguageProperty with an English text, or {@code null} if the text is absent or blank */
    private static JsonObject multiLanguageProperty(String idShort, String semanticId, String text) {
        JsonArray value = langStrings(text, TEXT_MAX);
        if (value == null) {
            return null;
        }
        JsonObject property = element("MultiLanguageProperty", idShort, semanticId);
        property.add("value", value);
        return property;
    }

    private static JsonObject externalReference(String globalId) {
        JsonObject key = new JsonObject();
        key.addProperty("type", "GlobalReference");
        key.addProperty("value", globalId);
        JsonArray keys = new JsonArray();
        keys.add(key);
        JsonObject reference = new JsonObject();
        reference.addProperty("type", "ExternalReference");
        reference.add("keys", keys);
        return reference;
    }

    private static void addNames(JsonObject referable, String name, String description) {
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
    private static JsonArray langStrings(String text, int maxCodePoints) {
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

    // --- values ----------------------------------------------------------------------------------------------

    private static String idOf(Identified element) {
        String id = element.getId();
        if (isBlank(id)) {
            throw new IllegalArgumentException("Equipment '" + ElementPaths.pathOf(element) + "' has no id");
        }
        return urnPart(id.strip());
    }

    /** Percent-encodes what may not stand in a URN's namespace-specific string (nothing, for a UUID). */
    private static String urnPart(String id) {
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
    private static String xmlText(String s) {
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

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static void addIfPresent(JsonArray array, JsonObject element) {
        if (element != null) {
            array.add(element);
        }
    }

    private static void putIfNotEmpty(JsonObject object, String member, JsonArray array) {
        if (!array.isEmpty()) {
            object.add(member, array);
        }
    }
}
