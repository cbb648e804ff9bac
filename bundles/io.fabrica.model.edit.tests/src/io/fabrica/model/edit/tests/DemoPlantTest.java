package io.fabrica.model.edit.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.emf.common.util.TreeIterator;
import org.eclipse.emf.ecore.EObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabrica.examples.Examples;
import io.fabrica.model.edit.validation.PlantValidation;
import io.fabrica.model.plant.DataType;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.plant.ProcessParameter;
import io.fabrica.model.plant.Signal;
import io.fabrica.model.resource.PlantFiles;

/** The demo plant that later features (simulator, pipelines, fabrica demo) build on. */
class DemoPlantTest {

    @TempDir
    Path tmp;

    @Test
    void demoPlantIsValidAndHasWhatTheDemosNeed() throws Exception {
        Path file = Examples.copyDemoProject(tmp.resolve("demo"));
        Enterprise plant = PlantFiles.load(file);
        assertEquals(List.of(), PlantValidation.validate(plant));

        List<Signal> signals = signals(plant);
        List<String> names = signals.stream().map(Signal::getName).toList();
        assertTrue(names.containsAll(List.of("Vibration", "Bearing Temperature", "Motor Current", "Speed", "Part Image",
                "Spindle Speed Setpoint", "Feed Rate")), names.toString());
        Signal vibration = signals.stream().filter(s -> s.getName().equals("Vibration")).findFirst().orElseThrow();
        assertEquals(DataType.NUMBER_ARRAY, vibration.getDataType());
        assertTrue(vibration.getArrayLength() > 0);
        assertTrue(signals.stream().anyMatch(s -> s.getDataType() == DataType.IMAGE));
        List<ProcessParameter> parameters = signals.stream().filter(ProcessParameter.class::isInstance).map(ProcessParameter.class::cast).toList();
        assertEquals(2, parameters.size());
        assertTrue(parameters.stream().allMatch(p -> p.getSafeMinimum() != null && p.getSafeMaximum() != null && p.isRequiresApproval()));
        assertTrue(signals.stream().allMatch(s -> s.getBinding() != null && s.getBinding().getConnection() == plant.getConnections().get(0)),
                "every signal is bound to the line PLC");
    }

    @Test
    void copyNeverOverwrites() throws Exception {
        Path folder = tmp.resolve("demo");
        Path plant = Examples.copyDemoProject(folder);
        Files.writeString(plant, "my edits");
        assertThrows(FileAlreadyExistsException.class, () -> Examples.copyDemoProject(folder));
        assertEquals("my edits", Files.readString(plant));
    }

    private static List<Signal> signals(Enterprise plant) {
        List<Signal> signals = new java.util.ArrayList<>();
        for (TreeIterator<EObject> it = plant.eAllContents(); it.hasNext();) {
            if (it.next() instanceof Signal s) {
                signals.add(s);
            }
        }
        return signals;
    }
}
