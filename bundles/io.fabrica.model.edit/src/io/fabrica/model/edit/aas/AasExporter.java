package io.fabrica.model.edit.aas;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import org.eclipse.emf.common.util.TreeIterator;
import org.eclipse.emf.ecore.EObject;

import com.google.gson.Gson;
import io.fabrica.core.files.AtomicFiles;
import java.nio.file.NoSuchFileException;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.plant.Equipment;
import io.fabrica.model.plant.Identified;
import io.fabrica.model.plant.Nameplate;
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
        AasElements.putIfNotEmpty(environment, "assetAdministrationShells", shells);
        AasElements.putIfNotEmpty(environment, "submodels", submodels);
        return environment;
    }

    /**
     * Writes the AAS environment of a plant model ({@link #toEnvironment(Enterprise)}) to a file as
     * pretty-printed UTF-8 JSON. The JSON goes to a new temporary file in the directory of {@code out} first,
     * is forced to disk and then renamed to {@code out} (atomically where the file system can), replacing an existing file; so {@code out}
     * is either left as it was or holds the complete new export, and no temporary file stays behind.
     *
     * @param enterprise the root of the plant model; not changed
     * @param out        the file to write; its directory must exist
     * @throws NullPointerException           if an argument is {@code null}
     * @throws IllegalArgumentException       as {@link #toEnvironment(Enterprise)}; nothing is written then
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
        if (!Files.isDirectory(target.getParent())) {
            throw new NoSuchFileException(target.getParent().toString(), null, "the folder of the export does not exist");
        }
        AtomicFiles.write(target, bytes);
    }

    // --- shells and submodels -----------------------------------------------------------------------------

    private static void addEquipment(Equipment equipment, String uuid, IdShorts.Namespace shellNames,
            JsonArray shells, JsonArray submodels) {
        JsonObject shell = new JsonObject();
        shell.addProperty("modelType", "AssetAdministrationShell");
        shell.addProperty("id", SHELL_ID_PREFIX + uuid);
        shell.addProperty("idShort", shellNames.claim(IdShorts.sanitize(equipment.getName(), "Equipment")));
        AasElements.addNames(shell, equipment.getName(), equipment.getDescription());

        JsonObject pathExtension = new JsonObject();
        pathExtension.addProperty("name", PATH_EXTENSION);
        pathExtension.addProperty("valueType", "xs:string");
        pathExtension.addProperty("value", AasElements.xmlText(ElementPaths.pathOf(equipment)));
        JsonArray extensions = new JsonArray();
        extensions.add(pathExtension);
        shell.add("extensions", extensions);

        JsonObject assetInformation = new JsonObject();
        assetInformation.addProperty("assetKind", "Instance");
        assetInformation.addProperty("globalAssetId", ASSET_ID_PREFIX + uuid);
        shell.add("assetInformation", assetInformation);

        JsonArray references = new JsonArray();
        if (equipment.getNameplate() != null) {
            JsonObject nameplate = NameplateSubmodel.of(equipment.getNameplate(), uuid);
            submodels.add(nameplate);
            references.add(AasElements.submodelReference(nameplate));
        }
        if (!equipment.getSignals().isEmpty() || !equipment.getParameters().isEmpty()) {
            JsonObject signals = SignalsSubmodel.of(equipment, uuid);
            submodels.add(signals);
            references.add(AasElements.submodelReference(signals));
        }
        AasElements.putIfNotEmpty(shell, "submodels", references);
        shells.add(shell);
    }

    private static String idOf(Identified element) {
        String id = element.getId();
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("Equipment '" + ElementPaths.pathOf(element) + "' has no id");
        }
        return AasElements.urnPart(id.strip());
    }
}
