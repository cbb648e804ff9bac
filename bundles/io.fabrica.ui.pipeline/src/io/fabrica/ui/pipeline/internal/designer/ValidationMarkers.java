package io.fabrica.ui.pipeline.internal.designer;

import io.fabrica.ui.ProblemMarkers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.emf.ecore.EObject;

import io.fabrica.model.edit.validation.Problem;
import io.fabrica.pipeline.Connection;
import io.fabrica.pipeline.Pipeline;
import io.fabrica.pipeline.PipelineElement;
import io.fabrica.pipeline.Stage;
import io.fabrica.pipeline.validation.PipelineValidation;

/**
 * Runs the pipeline model's validation and turns its findings into markers of type
 * {@value #MARKER} on the pipeline file (message, severity, location = element path, and the ids of the
 * element and of the stage it belongs to, for jumping back) and into problems per stage for the canvas.
 * A problem on a port belongs to its stage; one on a connection to the stage it feeds. UI thread
 * (markers are written directly, like the plant editor does).
 */
final class ValidationMarkers {

    /** Marker type (plugin.xml of io.fabrica.ui.pipeline). */
    static final String MARKER = "io.fabrica.ui.pipeline.pipelineProblem";
    /** Marker attribute: id of the element the problem is about. */
    static final String ELEMENT_ID = "fabrica.elementId";
    /** Marker attribute: id of the stage the problem belongs to. */
    static final String STAGE_ID = "fabrica.stageId";
    /** Marker attribute: name of that stage. */
    static final String STAGE_NAME = "fabrica.stage";

    private ValidationMarkers() {
    }

    /** @return the findings of the pipeline model's validation */
    static List<Problem> validate(Pipeline pipeline) {
        return PipelineValidation.validate(pipeline);
    }

    /** @return the problems grouped by the stage they concern (problems of the whole pipeline are left out) */
    static Map<Stage, List<Problem>> byStage(List<Problem> problems) {
        Map<Stage, List<Problem>> result = new LinkedHashMap<>();
        for (Problem p : problems) {
            Stage s = stageOf(p.element());
            if (s != null) {
                result.computeIfAbsent(s, k -> new ArrayList<>()).add(p);
            }
        }
        return result;
    }

    /** @return the stage an element belongs to, or {@code null} */
    static Stage stageOf(EObject element) {
        if (element instanceof Connection c) {
            return c.getTarget() != null && c.getTarget().eContainer() instanceof Stage s ? s
                    : c.getSource() != null && c.getSource().eContainer() instanceof Stage s2 ? s2 : null;
        }
        for (EObject e = element; e != null; e = e.eContainer()) {
            if (e instanceof Stage s) {
                return s;
            }
        }
        return null;
    }

    /**
     * Replaces the file's pipeline markers by these problems.
     *
     * @throws CoreException if the workspace refuses the markers
     */
    static void mark(IFile file, List<Problem> problems) throws CoreException {
        if (!file.exists()) {
            return;
        }
        ProblemMarkers.replace(file, MARKER, problems, (marker, p) -> {
            if (p.element() instanceof PipelineElement e) {
                marker.setAttribute(ELEMENT_ID, e.getId());
            }
            Stage stage = stageOf(p.element());
            if (stage != null) {
                marker.setAttribute(STAGE_ID, stage.getId());
                marker.setAttribute(STAGE_NAME, stage.getName());
            }
        });
    }
}
