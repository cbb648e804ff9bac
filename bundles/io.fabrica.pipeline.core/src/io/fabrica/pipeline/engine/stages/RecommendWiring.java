package io.fabrica.pipeline.engine.stages;

import java.util.ArrayList;
import java.util.List;

import io.fabrica.model.plant.ProcessParameter;
import io.fabrica.pipeline.Connection;
import io.fabrica.pipeline.ModelStage;
import io.fabrica.pipeline.NormalizeStage;
import io.fabrica.pipeline.Pipeline;
import io.fabrica.pipeline.Port;
import io.fabrica.pipeline.PortDirection;
import io.fabrica.pipeline.RecommendStage;
import io.fabrica.pipeline.SignalSource;
import io.fabrica.pipeline.Stage;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.api.StageContext;
import io.fabrica.pipeline.engine.stages.RecommendKernel.Setpoint;

/** Finds, at compile time, the quality model a recommendation stage asks and where its parameters sit in the features. */
final class RecommendWiring {

    private RecommendWiring() {
    }

    /** @return the model stage whose first input is fed by the same output as the given input port, or {@code null} */
    static ModelStage modelBeside(Port input) {
        Port source = sourceOf(input);
        if (source == null || !(input.eContainer().eContainer() instanceof Pipeline pipeline)) {
            return null;
        }
        for (Connection c : pipeline.getConnections()) {
            if (c.getSource() == source && c.getTarget() != null && c.getTarget().eContainer() instanceof ModelStage model) {
                return model;
            }
        }
        return null;
    }

    private static Port sourceOf(Port input) {
        if (!(input.eContainer() instanceof Stage stage) || !(stage.eContainer() instanceof Pipeline pipeline)) {
            return null;
        }
        return pipeline.getConnections().stream().filter(c -> c.getTarget() == input).map(Connection::getSource).findFirst().orElse(null);
    }

    /**
     * @return each parameter with its place in the normalized features, its statistics, safe bounds and maximum step
     * @throws PipelineException naming a parameter without bounds or step, or one that is not a feature of the model
     */
    static List<Setpoint> setpoints(String path, RecommendStage stage, NormalizeStage normalize, StageContext context) throws PipelineException {
        if (stage.getParameters().isEmpty()) {
            throw new PipelineException(path + ": names no process parameter to recommend");
        }
        List<Setpoint> all = new ArrayList<>();
        for (ProcessParameter p : stage.getParameters()) {
            if (p.eIsProxy() || p.getSafeMinimum() == null || p.getSafeMaximum() == null) {
                throw new PipelineException(path + ": parameter " + (p.eIsProxy() ? "(unresolved)" : p.getName())
                        + " has no safe bounds; set safeMinimum and safeMaximum in the plant model");
            }
            if (p.getMaxStep() == null || !(p.getMaxStep() > 0)) {
                throw new PipelineException(path + ": parameter " + p.getName() + " has no maximum step; set maxStep in the plant model");
            }
            int index = indexOf(p, normalize, context);
            if (index < 0) {
                throw new PipelineException(path + ": parameter " + p.getName() + " is not a feature of the model (no source of it feeds "
                        + normalize.getName() + ")");
            }
            all.add(new Setpoint(p.getName(), p.getUnit() == null ? "" : p.getUnit(), index, normalize.getMeans().get(index),
                    normalize.getDeviations().get(index), p.getSafeMinimum(), p.getSafeMaximum(), p.getMaxStep()));
        }
        return all;
    }

    private static int indexOf(ProcessParameter parameter, NormalizeStage normalize, StageContext context) {
        int offset = 0;
        int port = 0;
        for (Port in : normalize.getPorts()) {
            if (in.getDirection() != PortDirection.IN) {
                continue;
            }
            if (Upstream.feeding(in) instanceof SignalSource source && source.getSignal() == parameter) {
                return offset;
            }
            offset += context.inputCapacity(normalize, port++);
        }
        return -1;
    }
}
