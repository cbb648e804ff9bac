package io.fabrica.model.edit.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.fabrica.model.edit.aas.AasExporter;
import io.fabrica.model.plant.Area;
import io.fabrica.model.plant.Cell;
import io.fabrica.model.plant.DataType;
import io.fabrica.model.plant.DeviceAddress;
import io.fabrica.model.plant.DeviceConnection;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.plant.Equipment;
import io.fabrica.model.plant.Line;
import io.fabrica.model.plant.Nameplate;
import io.fabrica.model.plant.NodeIdType;
import io.fabrica.model.plant.OpcUaNodeAddress;
import io.fabrica.model.plant.PlantFactory;
import io.fabrica.model.plant.ProcessParameter;
import io.fabrica.model.plant.Signal;
import io.fabrica.model.plant.SignalBinding;
import io.fabrica.model.plant.Site;

/** AAS V3.0 JSON export of a small plant, checked by parsing the written file back. */
class AasExportTest {

    /** AASd-002 of IDTA-01001-3-0 and the 128 character limit of idShort. */
    private static final Pattern ID_SHORT = Pattern.compile("^[a-zA-Z][a-zA-Z0-9_]*$");

    private static final PlantFactory F = PlantFactory.eINSTANCE;

    @TempDir
    Path tmp;

    private Enterprise enterprise;
    private Equipment press;
    private Equipment cushion;
    private Equipment pressTwin;
    private Equipment scanner;
    private Equipment robot;

    @BeforeEach
    void buildPlant() {
        enterprise = named(F.createEnterprise(), "ACME");
        DeviceConnection plc = named(F.createDeviceConnection(), "PLC 1");
        plc.setEndpoint("opc.tcp://plc1.acme.local:4840");
        enterprise.getConnections().add(plc);
        Site site = named(F.createSite(), "Berlin");
        enterprise.getSites().add(site);
        Area area = named(F.createArea(), "Machining");
        site.getAreas().add(area);
        Line line = named(F.createLine(), "Line 1");
        area.getLines().add(line);

        press = named(F.createEquipment(), "Presse Süd");
        press.setDescription("Hydraulic press, 400 t");
        line.getEquipment().add(press);
        Nameplate nameplate = F.createNameplate();
        nameplate.setManufacturer("Muster AG");
        nameplate.setModel("HP-400");
        nameplate.setSerialNumber("SN-0042");
        nameplate.setYearOfConstruction(2019);
        press.setNameplate(nameplate);

        Signal temperature = named(F.createSignal(), "Oil Temp");
        temperature.setDescription("Hydraulic oil temperature");
        temperature.setDataType(DataType.DOUBLE);
        temperature.setUnit("Cel");
        temperature.setMinimum(-20.0);
        temperature.setMaximum(250.5);
        temperature.setSamplingInterval(500);
        OpcUaNodeAddress node = F.createOpcUaNodeAddress();
        node.setNamespaceUri("http://example.com/PressLine/");
        node.setIdentifierType(NodeIdType.STRING);
        node.setIdentifier("Press3.OilTemp");
        temperature.setBinding(binding(plc, node));
        press.getSignals().add(temperature);

        Signal profile = named(F.createSignal(), "Oil/Temp"); // sanitises to the same idShort as "Oil Temp"
        profile.setDataType(DataType.NUMBER_ARRAY);
        profile.setArrayLength(64);
        profile.setUnit("mm");
        press.getSignals().add(profile);

        ProcessParameter speed = named(F.createProcessParameter(), "Speed Setpoint");
        speed.setDataType(DataType.DOUBLE);
        speed.setUnit("mm/s");
        speed.setAccess(io.fabrica.model.plant.Access.READ_WRITE);
        speed.setMinimum(0.0);
        speed.setMaximum(120.0);
        speed.setSafeMinimum(10.0);
        speed.setSafeMaximum(90.5);
        speed.setRequiresApproval(true);
        DeviceAddress register = F.createDeviceAddress();
        register.setAddress("DB1.DBD4");
        speed.setBinding(binding(plc, register));
        press.getParameters().add(speed);

        cushion = named(F.createEquipment(), "Die Cushion");
        press.getEquipment().add(cushion);
        Signal force = named(F.createSignal(), "Force");
        force.setMaximum(80.0);
        cushion.getSignals().add(force);

        pressTwin = named(F.createEquipment(), "Presse-Sud"); // the same idShort as "Presse Süd" once sanitised
        line.getEquipment().add(pressTwin);
        scanner = named(F.createEquipment(), "3D Scanner");
        line.getEquipment().add(scanner);

        Cell cell = named(F.createCell(), "Cell A");
        line.getCells().add(cell);
        robot = named(F.createEquipment(), "Robot");
        cell.getEquipment().add(robot);
    }

    @Test
    void oneShellPerEquipmentWithAssetIdAndResolvableSubmodels() throws IOException {
        JsonObject env = exportAndParse();

        JsonArray shells = env.getAsJsonArray("assetAdministrationShells");
        assertEquals(5, shells.size(), "press, nested cushion, twin, scanner and the robot in the cell");
        Map<String, JsonObject> submodels = new HashMap<>();
        for (JsonElement sm : env.getAsJsonArray("submodels")) {
            JsonObject submodel = sm.getAsJsonObject();
            assertEquals("Submodel", submodel.get("modelType").getAsString());
            assertNull(submodels.put(submodel.get("id").getAsString(), submodel), "submodel ids are unique");
        }
        assertEquals(3, submodels.size(), "press: nameplate + signals, cushion: signals");

        Set<String> referenced = new HashSet<>();
        for (Equipment equipment : List.of(press, cushion, pressTwin, scanner, robot)) {
            JsonObject shell = shell(env, equipment);
            assertEquals("AssetAdministrationShell", shell.get("modelType").getAsString());
            assertEquals(equipment.getName(), text(shell.getAsJsonArray("displayName")));
            JsonObject assetInformation = shell.getAsJsonObject("assetInformation");
            assertEquals("Instance", assetInformation.get("assetKind").getAsString());
            assertEquals("urn:fabrica:asset:" + equipment.getId(), assetInformation.get("globalAssetId").getAsString());
            for (JsonElement ref : arrayOrEmpty(shell, "submodels")) {
                JsonObject reference = ref.getAsJsonObject();
                assertEquals("ModelReference", reference.get("type").getAsString());
                JsonArray keys = reference.getAsJsonArray("keys");
                assertEquals(1, keys.size());
                assertEquals("Submodel", keys.get(0).getAsJsonObject().get("type").getAsString());
                String id = keys.get(0).getAsJsonObject().get("value").getAsString();
                assertTrue(submodels.containsKey(id), "reference resolves: " + id);
                assertTrue(referenced.add(id), "each submodel belongs to one shell: " + id);
            }
        }
        assertEquals(submodels.keySet(), referenced, "no orphan submodels");

        assertEquals(2, shell(env, press).getAsJsonArray("submodels").size());
        assertFalse(shell(env, robot).has("submodels"), "no submodels -> member left out, not []");
        assertEquals("Hydraulic press, 400 t", text(shell(env, press).getAsJsonArray("description")));
        assertFalse(shell(env, robot).has("description"));
        JsonObject path = shell(env, cushion).getAsJsonArray("extensions").get(0).getAsJsonObject();
        assertEquals("ACME/Berlin/Machining/Line 1/Presse Süd/Die Cushion", path.get("value").getAsString());
    }

    @Test
    void idShortsAreSanitisedValidAndUniqueAmongSiblings() throws IOException {
        JsonObject env = exportAndParse();

        assertEquals("Presse_Sud", shell(env, press).get("idShort").getAsString());
        assertEquals("Presse_Sud_2", shell(env, pressTwin).get("idShort").getAsString());
        assertEquals("Equipment_3D_Scanner", shell(env, scanner).get("idShort").getAsString());
        assertEquals("Die_Cushion", shell(env, cushion).get("idShort").getAsString());
        JsonArray signals = submodel(env, press, "Signals").getAsJsonArray("submodelElements");
        assertEquals(List.of("Oil_Temp", "Oil_Temp_2", "Speed_Setpoint"),
                signals.asList().stream().map(e -> e.getAsJsonObject().get("idShort").getAsString()).toList());

        List<String> problems = new ArrayList<>();
        checkIdShorts(env, "$", problems);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void nameplateValuesAndSemanticIds() throws IOException {
        JsonObject env = exportAndParse();
        JsonObject nameplate = submodel(env, press, "Nameplate");

        assertEquals("https://admin-shell.io/zvei/nameplate/2/0/Nameplate", globalId(nameplate));
        assertEquals("Instance", nameplate.get("kind").getAsString());
        JsonObject manufacturer = child(nameplate.getAsJsonArray("submodelElements"), "ManufacturerName");
        assertEquals("MultiLanguageProperty", manufacturer.get("modelType").getAsString());
        assertEquals("0173-1#02-AAO677#002", globalId(manufacturer));
        JsonObject langString = manufacturer.getAsJsonArray("value").get(0).getAsJsonObject();
        assertEquals("en", langString.get("language").getAsString());
        assertEquals("Muster AG", langString.get("text").getAsString());

        JsonObject designation = child(nameplate.getAsJsonArray("submodelElements"), "ManufacturerProductDesignation");
        assertEquals("0173-1#02-AAW338#001", globalId(designation));
        assertEquals("HP-400", text(designation.getAsJsonArray("value")));

        JsonObject serial = child(nameplate.getAsJsonArray("submodelElements"), "SerialNumber");
        assertProperty(serial, "xs:string", "SN-0042");
        assertEquals("0173-1#02-AAM556#002", globalId(serial));
        JsonObject year = child(nameplate.getAsJsonArray("submodelElements"), "YearOfConstruction");
        assertProperty(year, "xs:string", "2019");
        assertEquals("0173-1#02-AAP906#001", globalId(year));
    }

    @Test
    void signalsWithUnitRangeAndBinding() throws IOException {
        JsonObject env = exportAndParse();
        JsonObject signals = submodel(env, press, "Signals");
        assertEquals("https://fabrica.io/aas/Signals/1/0", globalId(signals));
        JsonArray elements = signals.getAsJsonArray("submodelElements");

        JsonObject temperature = child(elements, "Oil_Temp");
        assertEquals("SubmodelElementCollection", temperature.get("modelType").getAsString());
        assertEquals("Oil Temp", text(temperature.getAsJsonArray("displayName")));
        assertEquals("Hydraulic oil temperature", text(temperature.getAsJsonArray("description")));
        JsonArray t = temperature.getAsJsonArray("value");
        assertProperty(child(t, "DataType"), "xs:string", "Double");
        assertProperty(child(t, "Unit"), "xs:string", "Cel");
        assertProperty(child(t, "Access"), "xs:string", "read");
        assertProperty(child(t, "SamplingInterval"), "xs:double", "500");
        assertNull(find(t, "ArrayLength"), "only for NumberArray");
        JsonObject range = child(t, "Range");
        assertEquals("Range", range.get("modelType").getAsString());
        assertEquals("xs:double", range.get("valueType").getAsString());
        assertEquals(-20.0, Double.parseDouble(range.get("min").getAsString()));
        assertEquals(250.5, Double.parseDouble(range.get("max").getAsString()));
        JsonArray binding = child(t, "Binding").getAsJsonArray("value");
        assertProperty(child(binding, "Connection"), "xs:string", "opc.tcp://plc1.acme.local:4840");
        assertProperty(child(binding, "NamespaceUri"), "xs:string", "http://example.com/PressLine/");
        assertProperty(child(binding, "IdentifierType"), "xs:string", "s");
        assertProperty(child(binding, "Identifier"), "xs:string", "Press3.OilTemp");
        assertNull(find(binding, "Address"));

        JsonArray profile = child(elements, "Oil_Temp_2").getAsJsonArray("value");
        assertEquals("Oil/Temp", text(child(elements, "Oil_Temp_2").getAsJsonArray("displayName")));
        assertProperty(child(profile, "DataType"), "xs:string", "NumberArray");
        assertProperty(child(profile, "ArrayLength"), "xs:int", "64");
        assertProperty(child(profile, "Unit"), "xs:string", "mm");
        assertNull(find(profile, "Range"), "no bounds, no Range");
        assertNull(find(profile, "Binding"), "no binding, no Binding");

        JsonArray speed = child(elements, "Speed_Setpoint").getAsJsonArray("value");
        assertProperty(child(speed, "Access"), "xs:string", "read-write");
        assertEquals(0.0, Double.parseDouble(child(speed, "Range").get("min").getAsString()));
        assertEquals(120.0, Double.parseDouble(child(speed, "Range").get("max").getAsString()));
        assertProperty(child(speed, "SafeMinimum"), "xs:double", "10");
        assertProperty(child(speed, "SafeMaximum"), "xs:double", "90.5");
        assertProperty(child(speed, "RequiresApproval"), "xs:boolean", "true");
        JsonArray register = child(speed, "Binding").getAsJsonArray("value");
        assertProperty(child(register, "Address"), "xs:string", "DB1.DBD4");
        assertNull(find(register, "Identifier"));

        JsonArray force = child(submodel(env, cushion, "Signals").getAsJsonArray("submodelElements"), "Force")
                .getAsJsonArray("value");
        JsonObject upperOnly = child(force, "Range");
        assertFalse(upperOnly.has("min"), "unset bound left out");
        assertEquals("80", upperOnly.get("max").getAsString());
        assertNull(find(force, "Unit"), "unset unit left out");
    }

    @Test
    void noEmptyArraysAndValuesAreStrings() throws IOException {
        JsonObject env = exportAndParse();
        List<String> problems = new ArrayList<>();
        checkValues(env, "$", problems);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertFalse(env.has("conceptDescriptions"), "none are produced, so the member is left out");
    }

    @Test
    void plantWithoutEquipmentGivesAnEmptyEnvironment() {
        Enterprise empty = named(F.createEnterprise(), "Empty");
        empty.getSites().add(named(F.createSite(), "Nowhere"));
        assertEquals(new JsonObject(), AasExporter.toEnvironment(empty));
    }

    @Test
    void exportReplacesAtomicallyAndLeavesNoTemporaryFile() throws IOException {
        Path out = tmp.resolve("plant.aas.json");
        Files.writeString(out, "old content");
        AasExporter.export(enterprise, out);
        assertEquals(List.of(out), list(tmp), "only the export, no temporary file");
        String json = Files.readString(out, StandardCharsets.UTF_8); // fails on malformed UTF-8
        assertTrue(json.contains("\"Presse Süd\""), "UTF-8, not escaped");
        assertTrue(json.contains("\n  "), "pretty-printed");
        assertEquals(AasExporter.toEnvironment(enterprise), JsonParser.parseString(json));
    }

    @Test
    void failedExportsLeaveTheTargetAndNoTemporaryFile() throws IOException {
        Path out = tmp.resolve("plant.aas.json");
        Files.writeString(out, "old content");
        String twinId = pressTwin.getId();
        pressTwin.setId(press.getId());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AasExporter.export(enterprise, out));
        assertTrue(e.getMessage().contains("Line 1/Presse-Sud"), e.getMessage());
        assertEquals("old content", Files.readString(out));
        assertEquals(List.of(out), list(tmp));
        pressTwin.setId(twinId);

        Path missingDir = tmp.resolve("missing").resolve("plant.aas.json");
        assertThrows(IOException.class, () -> AasExporter.export(enterprise, missingDir));
        assertEquals(List.of(out), list(tmp));

        Path isDirectory = Files.createDirectory(tmp.resolve("dir.json"));
        Files.writeString(isDirectory.resolve("keep"), "x");
        assertThrows(IOException.class, () -> AasExporter.export(enterprise, isDirectory));
        assertEquals(List.of(isDirectory, out), list(tmp));
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private JsonObject exportAndParse() throws IOException {
        Path out = tmp.resolve("plant.aas.json");
        AasExporter.export(enterprise, out);
        return JsonParser.parseString(Files.readString(out, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    private static <T extends io.fabrica.model.plant.NamedElement> T named(T element, String name) {
        element.setName(name);
        return element;
    }

    private static SignalBinding binding(DeviceConnection connection, io.fabrica.model.plant.Address address) {
        SignalBinding binding = F.createSignalBinding();
        binding.setConnection(connection);
        binding.setAddress(address);
        return binding;
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    private static JsonObject shell(JsonObject env, Equipment equipment) {
        String id = "urn:fabrica:aas:" + equipment.getId();
        for (JsonElement shell : env.getAsJsonArray("assetAdministrationShells")) {
            if (id.equals(shell.getAsJsonObject().get("id").getAsString())) {
                return shell.getAsJsonObject();
            }
        }
        return fail("no shell " + id + " for " + equipment.getName());
    }

    /** The submodel with that idShort among those the equipment's shell references. */
    private static JsonObject submodel(JsonObject env, Equipment equipment, String idShort) {
        Set<String> ids = new HashSet<>();
        for (JsonElement ref : shell(env, equipment).getAsJsonArray("submodels")) {
            ids.add(ref.getAsJsonObject().getAsJsonArray("keys").get(0).getAsJsonObject().get("value").getAsString());
        }
        for (JsonElement sm : env.getAsJsonArray("submodels")) {
            JsonObject submodel = sm.getAsJsonObject();
            if (ids.contains(submodel.get("id").getAsString()) && idShort.equals(submodel.get("idShort").getAsString())) {
                return submodel;
            }
        }
        return fail("no submodel " + idShort + " for " + equipment.getName());
    }

    private static JsonObject find(JsonArray elements, String idShort) {
        for (JsonElement e : elements) {
            if (idShort.equals(e.getAsJsonObject().get("idShort").getAsString())) {
                return e.getAsJsonObject();
            }
        }
        return null;
    }

    private static JsonObject child(JsonArray elements, String idShort) {
        JsonObject element = find(elements, idShort);
        assertNotNull(element, "no element " + idShort + " in " + elements);
        return element;
    }

    private static JsonArray arrayOrEmpty(JsonObject object, String member) {
        return object.has(member) ? object.getAsJsonArray(member) : new JsonArray();
    }

    private static String text(JsonArray langStrings) {
        assertEquals(1, langStrings.size());
        JsonObject langString = langStrings.get(0).getAsJsonObject();
        assertEquals("en", langString.get("language").getAsString());
        return langString.get("text").getAsString();
    }

    /** The value of the one key of an ExternalReference semanticId. */
    private static String globalId(JsonObject hasSemantics) {
        JsonObject reference = hasSemantics.getAsJsonObject("semanticId");
        assertEquals("ExternalReference", reference.get("type").getAsString());
        JsonObject key = reference.getAsJsonArray("keys").get(0).getAsJsonObject();
        assertEquals("GlobalReference", key.get("type").getAsString());
        return key.get("value").getAsString();
    }

    private static void assertProperty(JsonObject property, String valueType, String value) {
        assertEquals("Property", property.get("modelType").getAsString());
        assertEquals(valueType, property.get("valueType").getAsString(), property.get("idShort").getAsString());
        assertEquals(value, property.get("value").getAsString(), property.get("idShort").getAsString());
    }

    /**
     * Every idShort matches the V3.0 pattern and is at most 128 long, and no two elements of one array have the
     * same one. The environment's submodels are skipped for uniqueness: they are identifiables, found by id,
     * and every equipment's nameplate is rightly called "Nameplate".
     */
    private static void checkIdShorts(JsonElement element, String where, List<String> problems) {
        if (element.isJsonObject()) {
            for (Entry<String, JsonElement> member : element.getAsJsonObject().entrySet()) {
                String at = where + "." + member.getKey();
                if (member.getKey().equals("idShort")) {
                    String idShort = member.getValue().getAsString();
                    if (!ID_SHORT.matcher(idShort).matches() || idShort.length() > 128) {
                        problems.add(at + ": invalid idShort '" + idShort + "'");
                    }
                }
                checkIdShorts(member.getValue(), at, problems);
            }
        } else if (element.isJsonArray()) {
            Set<String> siblings = new HashSet<>();
            JsonArray array = element.getAsJsonArray();
            for (int i = 0; i < array.size(); i++) {
                JsonElement item = array.get(i);
                if (!where.equals("$.submodels") && item.isJsonObject() && item.getAsJsonObject().has("idShort")
                        && !siblings.add(item.getAsJsonObject().get("idShort").getAsString())) {
                    problems.add(where + "[" + i + "]: duplicate idShort " + item.getAsJsonObject().get("idShort"));
                }
                checkIdShorts(item, where + "[" + i + "]", problems);
            }
        }
    }

    /** No empty array or null anywhere; every value, min, max and text is a non-null string. */
    private static void checkValues(JsonElement element, String where, List<String> problems) {
        if (element.isJsonNull()) {
            problems.add(where + ": null");
        } else if (element.isJsonArray()) {
            if (element.getAsJsonArray().isEmpty()) {
                problems.add(where + ": empty array");
            }
            int i = 0;
            for (JsonElement item : element.getAsJsonArray()) {
                checkValues(item, where + "[" + i++ + "]", problems);
            }
        } else if (element.isJsonObject()) {
            JsonObject object = element.getAsJsonObject();
            for (Entry<String, JsonElement> member : object.entrySet()) {
                String key = member.getKey();
                boolean mustBeString = key.equals("min") || key.equals("max") || key.equals("text")
                        || key.equals("value") && object.has("valueType");
                JsonElement value = member.getValue();
                if (mustBeString && !(value.isJsonPrimitive() && value.getAsJsonPrimitive().isString())) {
                    problems.add(where + "." + key + ": not a string: " + value);
                }
                checkValues(value, where + "." + key, problems);
            }
        }
    }
}
