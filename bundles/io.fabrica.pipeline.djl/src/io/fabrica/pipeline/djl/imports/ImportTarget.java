package io.fabrica.pipeline.djl.imports;

import java.util.List;

import io.fabrica.pipeline.Connection;
import io.fabrica.pipeline.DecisionStage;
import io.fabrica.pipeline.ImagePreprocessStage;
import io.fabrica.pipeline.ModelStage;
import io.fabrica.pipeline.Pipeline;
import io.fabrica.pipeline.Port;
import io.fabrica.pipeline.PortDirection;
import io.fabrica.pipeline.Stage;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.validation.PipelinePaths;

/**
 * Where in a pipeline a model is imported: the Model stage, what feeds it (and so the per-sample shape
 * the model must take) and the decision after it (whose classes the outputs must match).
 *
 * @param stage the Model stage
 * @param feeder the stage whose output feeds it
 * @param inputShape the per-sample shape the feeder gives: channels × height × width for an image
 *        preprocessing stage, else the vector length
 * @param decision the decision after the model, or {@code null}
 * @param downstreamSize the size the port after the model declares, 0 if any
 */
public record ImportTarget(ModelStage stage, Stage feeder, int[] inputShape, DecisionStage decision, int downstreamSize) {

    /**
     * Finds the target in a pipeline.
     *
     * @param pipeline the pipeline
     * @param name the Model stage's name, or {@code null} when the pipeline has exactly one
     * @return the target
     * @throws PipelineException naming the problem: no or several Model stages, an unconnected input, a feeder of unknown size
     */
    public static ImportTarget find(Pipeline pipeline, String name) throws PipelineException {
        List<ModelStage> models = pipeline.getStages().stream().filter(ModelStage.class::isInstance).map(ModelStage.class::cast)
                .filter(m -> name == null || name.equals(m.getName())).toList();
        if (models.size() != 1) {
            List<String> all = pipeline.getStages().stream().filter(ModelStage.class::isInstance).map(Stage::getName).toList();
            throw new PipelineException(name == null
                    ? "the pipeline has " + all.size() + " Model stages " + all + "; name one with --stage"
                    : "the pipeline has no Model stage named '" + name + "'; its Model stages are " + all);
        }
        ModelStage stage = models.get(0);
        Port in = port(stage, PortDirection.IN);
        Connection feeding = pipeline.getConnections().stream().filter(c -> c.getTarget() == in && c.getSource() != null).findFirst()
                .orElseThrow(() -> new PipelineException(PipelinePaths.of(stage) + ": its input is not connected; connect what feeds the model first"));
        Stage feeder = (Stage) feeding.getSource().eContainer();
        int[] shape = feederShape(feeder, feeding.getSource(), in);
        DecisionStage decision = null;
        int downstream = 0;
        Port out = port(stage, PortDirection.OUT);
        for (Connection c : pipeline.getConnections()) {
            if (out != null && c.getSource() == out && c.getTarget() != null) {
                downstream = Math.max(downstream, c.getTarget().getSize());
                if (c.getTarget().eContainer() instanceof DecisionStage d) {
                    decision = d;
                }
            }
        }
        return new ImportTarget(stage, feeder, shape, decision, downstream);
    }

    private static int[] feederShape(Stage feeder, Port source, Port in) throws PipelineException {
        if (feeder instanceof ImagePreprocessStage image) {
            return new int[] {image.isGrayscale() ? 1 : 3, image.getHeight(), image.getWidth()};
        }
        int size = source.getSize() > 0 ? source.getSize() : in.getSize();
        if (size <= 0) {
            throw new PipelineException(PipelinePaths.of(feeder) + ": its output declares no size, so the model's input cannot be checked; "
                    + "set the port size");
        }
        return new int[] {size};
    }

    private static Port port(Stage stage, PortDirection direction) {
        return stage.getPorts().stream().filter(p -> p.getDirection() == direction).findFirst().orElse(null);
    }

    /** @return values per sample the feeder gives */
    public int inputSize() {
        int n = 1;
        for (int d : inputShape) {
            n *= d;
        }
        return n;
    }

    /** @return e.g. {@code 3x48x192} */
    public String describeShape() {
        return ModelImport.dims(inputShape);
    }
}
