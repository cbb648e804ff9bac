package io.fabrica.model.resource;

import java.util.ArrayDeque;
import java.util.Deque;

import org.eclipse.emf.ecore.EObject;

import io.fabrica.model.plant.Identified;
import io.fabrica.model.plant.NamedElement;
import io.fabrica.model.plant.Nameplate;
import io.fabrica.model.plant.SignalBinding;

/**
 * Names an element by its path of names from the root, e.g.
 * {@code ACME/Plant Berlin/Machining/Line 1/Press 3/Temperature}: what users see in validation
 * messages, the CLI and browse-path binding. Unnamed elements appear as their kind in angle
 * brackets ({@code <binding>}), unnamed named elements as {@code <unnamed Signal>}.
 */
public final class ElementPaths {

    private ElementPaths() {
    }

    /**
     * @param element any element of a plant model
     * @return its path from the root, segments joined by {@code /}
     */
    public static String pathOf(EObject element) {
        Deque<String> segments = new ArrayDeque<>();
        for (EObject e = element; e != null; e = e.eContainer()) {
            segments.addFirst(segment(e));
        }
        return String.join("/", segments);
    }

    private static String segment(EObject e) {
        if (e instanceof NamedElement named) {
            String name = named.getName();
            return name == null || name.isBlank() ? "<unnamed " + e.eClass().getName() + ">" : name;
        }
        if (e instanceof SignalBinding) {
            return "<binding>";
        }
        if (e instanceof Nameplate) {
            return "<nameplate>";
        }
        if (e instanceof Identified) {
            return "<" + e.eClass().getName().toLowerCase() + ">";
        }
        return e.eClass().getName();
    }
}
