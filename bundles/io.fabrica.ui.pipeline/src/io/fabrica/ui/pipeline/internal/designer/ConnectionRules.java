package io.fabrica.ui.pipeline.internal.designer;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import io.fabrica.pipeline.Connection;
import io.fabrica.pipeline.Pipeline;
import io.fabrica.pipeline.Port;
import io.fabrica.pipeline.PortDirection;
import io.fabrica.pipeline.Stage;
import io.fabrica.pipeline.validation.PipelinePaths;
import io.fabrica.pipeline.validation.PipelineValidator;

/**
 * Decides whether the designer may connect two ports, with the same rules the pipeline validation
 * applies afterwards (type compatibility is {@link PipelineValidator#compatible}, sizes must agree when
 * both are known, every input is fed once, the graph stays acyclic), so that an edit the canvas accepts
 * never creates a validation error of its own. Pure; call from any thread that owns the model.
 */
final class ConnectionRules {

    private ConnectionRules() {
    }

    /**
     * @param pipeline the pipeline both ports belong to
     * @param from the port the drag started at (an output)
     * @param to the port it ends at (an input)
     * @return why the connection is refused, short enough to show next to the cursor; {@code null} if it is allowed
     */
    static String refusal(Pipeline pipeline, Port from, Port to) {
        if (from == null || to == null) {
            return "drop the connection on a port";
        }
        if (from.getDirection() != PortDirection.OUT || to.getDirection() != PortDirection.IN) {
            return "connect an output (right side) to an input (left side)";
        }
        Stage source = (Stage) from.eContainer();
        Stage target = (Stage) to.eContainer();
        if (source == target) {
            return "a stage cannot feed itself";
        }
        if (!PipelineValidator.compatible(from.getType(), to.getType())) {
            return lower(from.getType().getLiteral()) + " output cannot feed a " + lower(to.getType().getLiteral()) + " input";
        }
        if (from.getSize() > 0 && to.getSize() > 0 && from.getSize() != to.getSize()) {
            return "output carries " + from.getSize() + " values, the input expects " + to.getSize();
        }
        for (Connection c : pipeline.getConnections()) {
            if (c.getTarget() == to) {
                return "input already connected (from " + (c.getSource() == null ? "nothing" : PipelinePaths.of(c.getSource().eContainer()))
                        .replace(PipelinePaths.of(pipeline) + "/", "") + ")";
            }
        }
        if (reaches(pipeline, target, source)) {
            return "would create a cycle";
        }
        return null;
    }

    /** Whether {@code goal} is downstream of {@code start} (or is it). */
    static boolean reaches(Pipeline pipeline, Stage start, Stage goal) {
        Deque<Stage> todo = new ArrayDeque<>();
        Set<Stage> seen = new HashSet<>();
        todo.push(start);
        while (!todo.isEmpty()) {
            Stage s = todo.pop();
            if (s == goal) {
                return true;
            }
            if (seen.add(s)) {
                for (Connection c : pipeline.getConnections()) {
                    if (c.getSource() != null && c.getTarget() != null && c.getSource().eContainer() == s
                            && c.getTarget().eContainer() instanceof Stage next) {
                        todo.push(next);
                    }
                }
            }
        }
        return false;
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
