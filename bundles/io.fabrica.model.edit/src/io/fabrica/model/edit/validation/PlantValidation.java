package io.fabrica.model.edit.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.common.util.BasicDiagnostic;
import org.eclipse.emf.common.util.Diagnostic;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EValidator;
import org.eclipse.emf.ecore.impl.EValidatorRegistryImpl;
import org.eclipse.emf.ecore.util.Diagnostician;
import org.eclipse.emf.ecore.util.EcoreUtil;

import io.fabrica.model.plant.PlantPackage;
import io.fabrica.model.resource.ElementPaths;

/**
 * Validates a plant model with EMF's {@link Diagnostician} and the {@link PlantValidator}, and
 * returns the findings as {@link Problem}s that name each element by its path. Uses its own
 * validator registry, so it works the same in the workbench, the CLI and tests, with or without
 * the Eclipse extension registry. Thread-safe; a run does not modify the model.
 */
public final class PlantValidation {

    private static final Diagnostician DIAGNOSTICIAN = new Diagnostician(registry());

    private PlantValidation() {
    }

    private static EValidator.Registry registry() {
        EValidatorRegistryImpl registry = new EValidatorRegistryImpl();
        registry.put(PlantPackage.eINSTANCE, new PlantValidator());
        return registry;
    }

    /**
     * @param root the element to validate with everything it contains (usually the Enterprise)
     * @return EMF's diagnostic tree (for editors that show EMF diagnostics)
     */
    public static Diagnostic diagnose(EObject root) {
        BasicDiagnostic result = DIAGNOSTICIAN.createDefaultDiagnostic(root);
        Map<Object, Object> context = DIAGNOSTICIAN.createDefaultContext();
        DIAGNOSTICIAN.validate(root, result, context);
        return result;
    }

    /**
     * @param root the element to validate with everything it contains (usually the Enterprise)
     * @return the findings in model order, errors and warnings; empty when the model is clean
     */
    public static List<Problem> validate(EObject root) {
        List<Problem> problems = new ArrayList<>();
        collect(diagnose(root), problems);
        return problems;
    }

    /** @return whether any of the problems is an error */
    public static boolean hasErrors(List<Problem> problems) {
        return problems.stream().anyMatch(p -> p.severity() == Problem.Severity.ERROR);
    }

    private static void collect(Diagnostic diagnostic, List<Problem> problems) {
        for (Diagnostic child : diagnostic.getChildren()) {
            if (child.getSeverity() >= Diagnostic.INFO && !child.getData().isEmpty() && child.getData().get(0) instanceof EObject element) {
                problems.add(new Problem(severity(child), ElementPaths.pathOf(element), message(child, element), element));
            }
            collect(child, problems);
        }
    }

    private static Problem.Severity severity(Diagnostic d) {
        return d.getSeverity() >= Diagnostic.ERROR ? Problem.Severity.ERROR
                : d.getSeverity() == Diagnostic.WARNING ? Problem.Severity.WARNING : Problem.Severity.INFO;
    }

    /** Our messages read "<path>: has no unit; ..."; EMF's own ones are kept but freed of the object dump. */
    private static String message(Diagnostic d, EObject element) {
        if (PlantValidator.SOURCE.equals(d.getSource())) {
            return d.getMessage();
        }
        String label = EcoreUtil.getIdentification(element);
        return d.getMessage().replace("'" + label + "'", "this element").replace(label, "this element");
    }
}
