package io.fabrica.pipeline.validation;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.common.util.BasicDiagnostic;
import org.eclipse.emf.common.util.Diagnostic;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.impl.EValidatorRegistryImpl;
import org.eclipse.emf.ecore.util.Diagnostician;

import io.fabrica.model.edit.validation.Problem;
import io.fabrica.pipeline.PipelinePackage;

/**
 * Validates a pipeline with EMF's Diagnostician and the {@link PipelineValidator}; findings name
 * the element by path ({@code Spindle PdM/Model/in}). Thread-safe; does not modify the model.
 */
public final class PipelineValidation {

    private static final Diagnostician DIAGNOSTICIAN;

    static {
        EValidatorRegistryImpl registry = new EValidatorRegistryImpl();
        registry.put(PipelinePackage.eINSTANCE, new PipelineValidator());
        DIAGNOSTICIAN = new Diagnostician(registry);
    }

    private PipelineValidation() {
    }

    /**
     * @param root the pipeline (or any element of it)
     * @return the findings in model order; empty when the pipeline is clean
     */
    public static List<Problem> validate(EObject root) {
        BasicDiagnostic result = DIAGNOSTICIAN.createDefaultDiagnostic(root);
        DIAGNOSTICIAN.validate(root, result, DIAGNOSTICIAN.createDefaultContext());
        List<Problem> problems = new ArrayList<>();
        collect(result, problems);
        return problems;
    }

    private static void collect(Diagnostic diagnostic, List<Problem> problems) {
        for (Diagnostic child : diagnostic.getChildren()) {
            if (!child.getData().isEmpty() && child.getData().get(0) instanceof EObject element) {
                Problem.Severity severity = child.getSeverity() >= Diagnostic.ERROR ? Problem.Severity.ERROR
                        : child.getSeverity() == Diagnostic.WARNING ? Problem.Severity.WARNING : Problem.Severity.INFO;
                problems.add(new Problem(severity, PipelinePaths.of(element), child.getMessage(), element));
            }
            collect(child, problems);
        }
    }
}
