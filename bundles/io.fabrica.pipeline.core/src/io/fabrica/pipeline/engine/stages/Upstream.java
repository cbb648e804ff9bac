package io.fabrica.pipeline.engine.stages;

import java.nio.file.Path;

import io.fabrica.pipeline.Connection;
import io.fabrica.pipeline.ModelStage;
import io.fabrica.pipeline.Pipeline;
import io.fabrica.pipeline.Port;
import io.fabrica.pipeline.PortDirection;
import io.fabrica.pipeline.Stage;

/** Walks a pipeline against the flow, e.g. from a decision to the model that scored it. */
final class Upstream {

    private Upstream() {
    }

    /** The stage feeding the given input port, or {@code null}. */
    static Stage feeding(Port input) {
        if (!(input.eContainer() instanceof Stage stage) || !(stage.eContainer() instanceof Pipeline pipeline)) {
            return null;
        }
        for (Connection c : pipeline.getConnections()) {
            if (c.getTarget() == input && c.getSource() != null) {
                return (Stage) c.getSource().eContainer();
            }
        }
        return null;
    }

    /** The nearest model stage up the first inputs of a stage, or {@code null}. */
    static ModelStage model(Stage from) {
        Stage current = from;
        for (int hops = 0; current != null && hops < 64; hops++) {
            if (current instanceof ModelStage model) {
                return model;
            }
            Port first = current.getPorts().stream().filter(p -> p.getDirection() == PortDirection.IN).findFirst().orElse(null);
            current = first == null ? null : feeding(first);
        }
        return null;
    }

    /** The model file of a model stage, resolved against the pipeline's folder. */
    static Path modelFile(ModelStage model, Path base) {
        Path file = Path.of(model.getModelFile());
        return file.isAbsolute() ? file : base.resolve(file).normalize();
    }
}
