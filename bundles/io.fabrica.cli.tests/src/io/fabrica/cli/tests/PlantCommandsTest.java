package io.fabrica.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabrica.examples.Examples;

/**
 * The plant-model commands as a user runs them: {@code validate}, {@code import-nodeset},
 * {@code export-aas} and {@code bench}, through the real CLI with the commands that Declarative
 * Services registered.
 */
class PlantCommandsTest {

    private static final String BEARING = "Fabrica Demo Works/Suzhou/Machining/Spindle Line 1/Machining Cell/CNC Mill 1/Spindle/Bearing Temperature";

    @TempDir
    Path project;

    private RegisteredCli cli;

    @BeforeEach
    void registeredCommands() throws Exception {
        cli = new RegisteredCli(project);
    }

    @Test
    void commandsAreRegistered() {
        assertEquals(0, run("--help"));
        for (String name : List.of("validate <file-or-project-dir>", "import-nodeset <nodeset.xml>", "export-aas <file.plant>", "bench plant",
                "sim <plant-or-project>", "browse <endpoint>", "read <endpoint>", "bind <plant>", "record <plant-or-project>")) {
            assertTrue(out().contains(name), "help lists " + name + ":\n" + out());
        }
    }

    @Test
    void demoPlantValidatesClean() throws Exception {
        Examples.copyDemoProject(project);
        assertEquals(0, run("validate", "demo.plant"), err());
        assertEquals("", out());
        assertTrue(err().contains("1 file(s) checked: 0 error(s), 0 warning(s)"), err());
    }

    @Test
    void plantedErrorExitsOneNamingTheElement() throws Exception {
        Path plant = Examples.copyDemoProject(project);
        Files.writeString(plant, Files.readString(plant).replace("unit=\"Cel\"", "unit=\"celsius\""));
        assertEquals(1, run("validate", "demo.plant"));
        assertTrue(out().startsWith("demo.plant: error: " + BEARING + ": unit 'celsius' is not a valid UCUM code"), out());
        assertEquals(1, out().lines().count(), out());
    }

    @Test
    void projectFolderValidatesEveryPlantFileAndReportsUnreadableOnes() throws Exception {
        Path plant = Examples.copyDemoProject(project.resolve("lines"));
        String content = Files.readString(plant);
        Files.writeString(project.resolve("broken.plant"), content.substring(0, content.length() / 3));
        Files.createDirectories(project.resolve("target"));
        Files.writeString(project.resolve("target/ignored.plant"), "build output is skipped");

        assertEquals(1, run("validate", "."));
        List<String> lines = out().lines().filter(l -> l.contains(": error: ")).toList();
        assertEquals(1, lines.size(), out());
        assertTrue(lines.get(0).matches("broken\\.plant: error: line \\d+: the file is truncated.*"), lines.get(0));
        assertTrue(out().contains("pdm.pipeline: warning: Spindle Bearing PdM/Autoencoder: has no model file yet"),
                "the untrained demo pipelines are valid designs with a warning: " + out());
        assertTrue(err().contains((Examples.DEMO_FILES.size() + 1) + " file(s) checked"), "the demo files and broken.plant: " + err());
    }

    @Test
    void badUsageExitsTwo() {
        assertEquals(2, run("validate"));
        assertEquals(2, run("validate", "no-such.plant"));
        assertTrue(err().contains("no-such.plant: no such file or folder"), err());
        assertEquals(2, run("export-aas", "x.plant"));
        assertEquals(2, run("import-nodeset", "--bogus"));
    }

    @Test
    void importNodeSetWritesAValidBoundPlantAndNeverOverwrites() throws Exception {
        Files.writeString(project.resolve("oven.xml"), OVEN_NODESET);
        assertEquals(0, run("import-nodeset", "oven.xml", "-o", "oven.plant", "--endpoint", "opc.tcp://oven:4840"), err());
        String plant = Files.readString(project.resolve("oven.plant"));
        assertTrue(plant.contains("identifier=\"Oven1.Temperature\""), plant);
        assertTrue(plant.contains("namespaceUri=\"http://example.com/Oven/\""), plant);
        assertTrue(plant.contains("opc.tcp://oven:4840"), plant);
        assertEquals(0, run("validate", "oven.plant"), out() + err());

        byte[] before = Files.readAllBytes(project.resolve("oven.plant"));
        assertEquals(1, run("import-nodeset", "oven.xml", "-o", "oven.plant"));
        assertTrue(err().contains("oven.plant exists; use --force"), err());
        assertEquals(new String(before, StandardCharsets.UTF_8), Files.readString(project.resolve("oven.plant")));
    }

    @Test
    void exportAasWritesShellsForTheDemoPlant() throws Exception {
        Examples.copyDemoProject(project);
        assertEquals(0, run("export-aas", "demo.plant", "-o", "demo.aas.json"), err());
        String json = Files.readString(project.resolve("demo.aas.json"));
        assertTrue(json.contains("\"assetAdministrationShells\""), json);
        assertTrue(json.contains("\"CNC_Mill_1\""), json);
        assertTrue(json.contains("VMC850-2024-0117"), "nameplate serial number exported");
    }

    @Test
    void benchPrintsItsTable() {
        assertEquals(0, run("bench", "plant", "--signals", "400", "--runs", "1"), err());
        assertTrue(out().contains("load + validate"), out());
        assertTrue(out().contains("x SAX parse"), out());
        assertEquals(2, run("bench", "plant", "--signals", "many"));
    }

    private int run(String... args) {
        return cli.run(args);
    }

    private String out() {
        return cli.out();
    }

    private String err() {
        return cli.err();
    }

    private static final String OVEN_NODESET = """
            <?xml version="1.0" encoding="utf-8"?>
            <UANodeSet xmlns="http://opcfoundation.org/UA/2011/03/UANodeSet.xsd">
              <NamespaceUris><Uri>http://example.com/Oven/</Uri></NamespaceUris>
              <Aliases>
                <Alias Alias="Double">i=11</Alias>
                <Alias Alias="Organizes">i=35</Alias>
                <Alias Alias="HasComponent">i=47</Alias>
                <Alias Alias="HasTypeDefinition">i=40</Alias>
              </Aliases>
              <UAObject NodeId="ns=1;s=Oven1" BrowseName="1:Oven1">
                <DisplayName>Oven 1</DisplayName>
                <References>
                  <Reference ReferenceType="Organizes" IsForward="false">i=85</Reference>
                  <Reference ReferenceType="HasTypeDefinition">i=58</Reference>
                  <Reference ReferenceType="HasComponent">ns=1;s=Oven1.Temperature</Reference>
                </References>
              </UAObject>
              <UAVariable NodeId="ns=1;s=Oven1.Temperature" BrowseName="1:Temperature" DataType="Double">
                <DisplayName>Temperature</DisplayName>
                <References>
                  <Reference ReferenceType="HasTypeDefinition">i=63</Reference>
                </References>
              </UAVariable>
            </UANodeSet>
            """;
}
