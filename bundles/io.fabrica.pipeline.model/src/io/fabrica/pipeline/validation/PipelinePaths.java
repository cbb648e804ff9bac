package io.fabrica.pipeline.validation;

import java.util.ArrayDeque;
import java.util.Deque;

import org.eclipse.emf.ecore.EObject;

import io.fabrica.pipeline.Connection;
import io.fabrica.pipeline.PipelineElement;

/** Names pipeline elements by path: {@code Spindle PdM/Features/out}; unnamed ones by kind. */
public final class PipelinePaths {

    private PipelinePaths() {
    }

    /**
     * @param element a pipeline element
     * @return its path of names from the pipeline
     */
    public static String of(EObject element) {
        Deque<String> segments = new ArrayDeque<>();
        for (EObject e = element; e != null; e = e.eContainer()) {
            String name = e instanceof PipelineElement p ? p.getName() : null;
            segments.addFirst(name != null && !name.isBlank() ? name
                    : e instanceof Connection ? "<connection>" : "<" + e.eClass().getName() + ">");
        }
        return String.join("/", segments);
    }
}
