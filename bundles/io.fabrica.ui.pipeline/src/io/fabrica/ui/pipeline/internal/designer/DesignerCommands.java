package io.fabrica.ui.pipeline.internal.designer;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.eclipse.emf.common.command.Command;
import org.eclipse.emf.common.command.CompoundCommand;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.edit.command.AddCommand;
import org.eclipse.emf.edit.command.DeleteCommand;
import org.eclipse.emf.edit.command.SetCommand;
import org.eclipse.emf.edit.domain.EditingDomain;
import org.eclipse.swt.graphics.Point;

import io.fabrica.pipeline.Connection;
import io.fabrica.pipeline.Pipeline;
import io.fabrica.pipeline.PipelineFactory;
import io.fabrica.pipeline.PipelinePackage;
import io.fabrica.pipeline.Port;
import io.fabrica.pipeline.Stage;

/**
 * The EMF commands of the designer. Every change the canvas makes is one of these, executed on the
 * editing domain's command stack, so each gesture is exactly one Undo step with a readable label.
 * Creates commands only; the caller executes them. UI thread.
 */
final class DesignerCommands {

    private static final PipelinePackage P = PipelinePackage.eINSTANCE;

    private DesignerCommands() {
    }

    /**
     * Adds a new stage of a kind at a point with a unique default name ("Window", "Window 2", ...).
     *
     * @return the command; {@link #placed} gives the stage
     */
    static Command place(EditingDomain domain, Pipeline pipeline, StageKind kind, Point at) {
        Stage stage = kind.create();
        stage.setName(uniqueName(pipeline, kind.label()));
        stage.setX(snap(at.x));
        stage.setY(snap(at.y));
        Command add = AddCommand.create(domain, pipeline, P.getPipeline_Stages(), stage);
        return labelled(add, "Add " + kind.label(), stage);
    }

    /** @return the stage a {@link #place} command adds */
    static Stage placed(Command command) {
        return (Stage) command.getAffectedObjects().stream().filter(Stage.class::isInstance).findFirst().orElse(null);
    }

    /** Adds a connection from an output to an input (check {@link ConnectionRules} first). */
    static Command connect(EditingDomain domain, Pipeline pipeline, Port from, Port to) {
        Connection c = PipelineFactory.eINSTANCE.createConnection();
        c.setSource(from);
        c.setTarget(to);
        return labelled(AddCommand.create(domain, pipeline, P.getPipeline_Connections(), c), "Connect", c);
    }

    /**
     * Moves stages: one command for the whole gesture.
     *
     * @param positions the new top-left corner of each stage (snapped to the grid here)
     */
    static Command move(EditingDomain domain, Map<Stage, Point> positions, String label) {
        CompoundCommand move = new CompoundCommand(label);
        positions.forEach((stage, p) -> {
            if (stage.getX() != snap(p.x)) {
                move.append(SetCommand.create(domain, stage, P.getStage_X(), snap(p.x)));
            }
            if (stage.getY() != snap(p.y)) {
                move.append(SetCommand.create(domain, stage, P.getStage_Y(), snap(p.y)));
            }
        });
        return move;
    }

    /**
     * Deletes stages and connections; a deleted stage takes the connections of its ports with it, so no
     * connection is left dangling.
     */
    static Command delete(EditingDomain domain, Pipeline pipeline, Collection<? extends EObject> selection) {
        Set<EObject> doomed = new LinkedHashSet<>();
        for (EObject e : selection) {
            if (e instanceof Stage stage) {
                for (Connection c : pipeline.getConnections()) {
                    if (c.getSource() != null && c.getSource().eContainer() == stage || c.getTarget() != null && c.getTarget().eContainer() == stage) {
                        doomed.add(c);
                    }
                }
            }
        }
        doomed.addAll(selection);
        long stages = doomed.stream().filter(Stage.class::isInstance).count();
        String label = stages == 0 ? "Delete Connection" : stages == 1 ? "Delete Stage" : "Delete " + stages + " Stages";
        return labelled(DeleteCommand.create(domain, doomed), label, null);
    }

    /** Sets a feature of an element (the properties panel). */
    static Command set(EditingDomain domain, EObject owner, org.eclipse.emf.ecore.EStructuralFeature feature, Object value) {
        return SetCommand.create(domain, owner, feature, value);
    }

    /** @return a free stage name: the base, or the base with the first free number */
    static String uniqueName(Pipeline pipeline, String base) {
        Set<String> taken = new java.util.HashSet<>();
        pipeline.getStages().forEach(s -> taken.add(s.getName()));
        if (!taken.contains(base)) {
            return base;
        }
        for (int i = 2;; i++) {
            if (!taken.contains(base + " " + i)) {
                return base + " " + i;
            }
        }
    }

    static int snap(int v) {
        return Math.round(v / (float) DiagramGeometry.GRID) * DiagramGeometry.GRID;
    }

    /** Wraps a command to give it the label shown in Edit > Undo and to report the new element as affected. */
    private static Command labelled(Command command, String label, EObject created) {
        CompoundCommand c = new CompoundCommand(label) {
            @Override
            public Collection<?> getAffectedObjects() {
                return created != null ? java.util.List.of(created) : super.getAffectedObjects();
            }
        };
        c.append(command);
        return c;
    }
}
