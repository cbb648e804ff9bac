package io.fabrica.model.edit.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.common.util.TreeIterator;
import org.eclipse.emf.ecore.EObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.plant.Identified;
import io.fabrica.model.resource.PlantFileException;
import io.fabrica.model.resource.PlantFiles;

/** The *.plant file format: XMI round trip with stable ids, clean diffs, and clear errors that never touch the file. */
class PlantFilesTest {

    @TempDir
    Path tmp;

    @Test
    void roundTripKeepsEveryIdAndValue() throws Exception {
        Enterprise original = TestPlants.press();
        List<String> ids = ids(original);
        Path file = tmp.resolve("press.plant");
        PlantFiles.save(original, file);

        Enterprise loaded = PlantFiles.load(file);
        assertEquals(ids, ids(loaded));
        assertTrue(ids.stream().allMatch(id -> id.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")), ids.toString());
        assertEquals(ids.size(), ids.stream().distinct().count(), "ids are unique");
        assertEquals(TestPlants.temperature(original).getUnit(), TestPlants.temperature(loaded).getUnit());
        assertEquals(TestPlants.temperature(loaded).getBinding().getConnection(), loaded.getConnections().get(0), "reference resolved by id");
    }

    @Test
    void savingAgainIsByteIdenticalAndARenameChangesOneLine() throws Exception {
        Path file = tmp.resolve("press.plant");
        PlantFiles.save(TestPlants.press(), file);
        byte[] first = Files.readAllBytes(file);
        Enterprise loaded = PlantFiles.load(file);
        PlantFiles.save(loaded, file);
        assertArrayEquals(first, Files.readAllBytes(file), "load + save changes nothing");

        List<String> before = Files.readAllLines(file);
        loaded.getConnections().get(0).setName("Press Controller");
        PlantFiles.save(loaded, file);
        List<String> after = Files.readAllLines(file);
        assertEquals(before.size(), after.size());
        long changed = java.util.stream.IntStream.range(0, before.size()).filter(i -> !before.get(i).equals(after.get(i))).count();
        assertEquals(1, changed, "referencing lines use the connection's id, not its name");
        assertTrue(after.get(0).startsWith("<?xml"), "XML declaration");
        assertTrue(after.stream().anyMatch(l -> l.startsWith("      ")), "pretty-printed with indentation");
    }

    @Test
    void truncatedFileIsNamedWithLineAndLeftUntouched() throws Exception {
        Path file = writeBroken("truncated.plant", content -> content.substring(0, content.length() / 2));
        PlantFileException e = assertUntouched(file);
        assertTrue(e.getMessage().startsWith(file + ":"), e.getMessage());
        assertTrue(e.line() > 1, "line of the problem: " + e.line());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void unknownElementIsNamed() throws Exception {
        Path file = writeBroken("unknown.plant", content -> content.replace("<signals ", "<sensors ").replace("</signals>", "</sensors>"));
        PlantFileException e = assertUntouched(file);
        assertTrue(e.getMessage().contains("unknown element or attribute 'sensors'"), e.getMessage());
        assertTrue(e.line() > 0);
    }

    @Test
    void unknownAttributeIsNamed() throws Exception {
        Path file = writeBroken("attr.plant", content -> content.replace(" unit=\"Cel\"", " units=\"Cel\""));
        PlantFileException e = assertUntouched(file);
        assertTrue(e.getMessage().contains("'units'"), e.getMessage());
    }

    @Test
    void wrongNamespaceIsNamed() throws Exception {
        Path file = writeBroken("ns.plant", content -> content.replace("http://fabrica.io/model/plant/1.0", "http://example.com/other"));
        PlantFileException e = assertUntouched(file);
        assertTrue(e.getMessage().contains("unknown namespace 'http://example.com/other'"), e.getMessage());
        assertTrue(e.getMessage().contains("not a Fabrica plant file"), e.getMessage());
    }

    @Test
    void danglingReferenceIsNamed() throws Exception {
        Path file = tmp.resolve("dangling.plant");
        Enterprise plant = TestPlants.press();
        PlantFiles.save(plant, file);
        String id = plant.getConnections().get(0).getId();
        String content = Files.readString(file);
        assertTrue(content.contains("connection=\"#" + id), "references are written as the target's id");
        Files.writeString(file, content.replace("connection=\"#" + id, "connection=\"#nope"));
        PlantFileException e = assertUntouched(file);
        assertTrue(e.getMessage().contains("refers to 'nope', which is not in this file"), e.getMessage());
    }

    @Test
    void missingFileIsNamed() {
        PlantFileException e = assertThrows(PlantFileException.class, () -> PlantFiles.load(tmp.resolve("none.plant")));
        assertTrue(e.getMessage().endsWith("none.plant: no such file"), e.getMessage());
    }

    @Test
    void failedSaveKeepsThePreviousFile() throws Exception {
        Path file = tmp.resolve("press.plant");
        PlantFiles.save(TestPlants.press(), file);
        byte[] before = Files.readAllBytes(file);
        Path readOnlyDir = tmp.resolve("ro");
        Files.createDirectory(readOnlyDir);
        Path blocked = readOnlyDir.resolve("press.plant");
        Files.copy(file, blocked);
        readOnlyDir.toFile().setWritable(false);
        try {
            if (!Files.isWritable(readOnlyDir)) { // root ignores permissions; the check below still holds then
                assertThrows(PlantFileException.class, () -> PlantFiles.save(TestPlants.press(), blocked));
            }
            assertArrayEquals(before, Files.readAllBytes(blocked));
        } finally {
            readOnlyDir.toFile().setWritable(true);
        }
        try (var files = Files.list(tmp)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left behind");
        }
    }

    private Path writeBroken(String name, java.util.function.UnaryOperator<String> breakIt) throws Exception {
        Path good = tmp.resolve("good-" + name);
        PlantFiles.save(TestPlants.press(), good);
        Path file = tmp.resolve(name);
        Files.writeString(file, breakIt.apply(Files.readString(good, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        return file;
    }

    private static PlantFileException assertUntouched(Path file) throws Exception {
        byte[] before = Files.readAllBytes(file);
        long modified = Files.getLastModifiedTime(file).toMillis();
        PlantFileException e = assertThrows(PlantFileException.class, () -> PlantFiles.load(file));
        assertArrayEquals(before, Files.readAllBytes(file), "a failed load never writes");
        assertEquals(modified, Files.getLastModifiedTime(file).toMillis());
        assertEquals(file.toAbsolutePath().normalize(), e.file().toAbsolutePath().normalize());
        return e;
    }

    private static List<String> ids(Enterprise root) {
        List<String> ids = new ArrayList<>();
        ids.add(root.getId());
        for (TreeIterator<EObject> it = root.eAllContents(); it.hasNext();) {
            if (it.next() instanceof Identified identified) {
                ids.add(identified.getId());
            }
        }
        return ids;
    }
}
