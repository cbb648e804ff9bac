package io.fabrica.pipeline.engine.stages;

import io.fabrica.model.plant.DataType;
import io.fabrica.model.plant.Signal;
import io.fabrica.pipeline.AlarmSink;
import io.fabrica.pipeline.AnomalyStage;
import io.fabrica.pipeline.DatasetSource;
import io.fabrica.pipeline.DecisionLogSink;
import io.fabrica.pipeline.DecisionStage;
import io.fabrica.pipeline.ExplainStage;
import io.fabrica.pipeline.FeatureStage;
import io.fabrica.pipeline.ImagePreprocessStage;
import io.fabrica.pipeline.ModelStage;
import io.fabrica.pipeline.NormalizeStage;
import io.fabrica.pipeline.Port;
import io.fabrica.pipeline.PortDirection;
import io.fabrica.pipeline.SignalSource;
import io.fabrica.pipeline.Stage;
import io.fabrica.pipeline.WindowStage;
import io.fabrica.pipeline.WriteSignalSink;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.api.StageContext;
import io.fabrica.pipeline.api.StageFactory;
import io.fabrica.pipeline.api.StageKernel;
import io.fabrica.pipeline.features.FeatureExtractor;
import io.fabrica.pipeline.validation.PipelinePaths;

/** The factory of Fabrica's own stage kinds; the engine asks it after any vendor factory. */
public final class BuiltinStages implements StageFactory {

    /** Images up to 1920x1080 RGB (the largest camera of the demo plant and the simulator). */
    public static final int MAX_IMAGE_VALUES = 1920 * 1080 * 3;

    @Override
    public boolean supports(Stage stage) {
        return stage.eClass().getEPackage() == io.fabrica.pipeline.PipelinePackage.eINSTANCE;
    }

    @Override
    public int outputCapacity(Stage stage, StageContext context, int outputIndex) throws PipelineException {
        String path = PipelinePaths.of(stage);
        if (stage instanceof SignalSource source) {
            return sourceCapacity(source.getSignal());
        }
        if (stage instanceof DatasetSource) {
            Port out = stage.getPorts().stream().filter(p -> p.getDirection() == PortDirection.OUT).findFirst().orElse(null);
            return out != null && out.getSize() > 0 ? out.getSize() : 1;
        }
        if (stage instanceof WindowStage window) {
            return Math.max(1, window.getSize());
        }
        if (stage instanceof FeatureStage features) {
            return Math.max(1, FeatureExtractor.dimensionOf(features));
        }
        if (stage instanceof NormalizeStage) {
            int sum = 0;
            for (int i = 0; i < inputCount(stage); i++) {
                sum += context.inputCapacity(stage, i);
            }
            return sum;
        }
        if (stage instanceof ImagePreprocessStage image) {
            return Math.max(1, image.getWidth() * image.getHeight() * (image.isGrayscale() ? 1 : 3));
        }
        if (stage instanceof ModelStage model) {
            return ModelKernel.outputSize(path, model, context);
        }
        if (stage instanceof AnomalyStage) {
            // the score, then the map: one value per input pixel (at most one per input value)
            return outputIndex == 0 ? 1 : Math.max(1, context.inputCapacity(stage, 0));
        }
        return 1;
    }

    private static int sourceCapacity(Signal signal) {
        if (signal == null) {
            return 1;
        }
        if (signal.getDataType() == DataType.IMAGE) {
            return MAX_IMAGE_VALUES;
        }
        return signal.getDataType() == DataType.NUMBER_ARRAY ? Math.max(1, signal.getArrayLength()) : 1;
    }

    private static int inputCount(Stage stage) {
        return (int) stage.getPorts().stream().filter(p -> p.getDirection() == PortDirection.IN).count();
    }

    @Override
    public StageKernel create(Stage stage, StageContext context) throws PipelineException {
        String path = PipelinePaths.of(stage);
        if (stage instanceof SignalSource || stage instanceof DatasetSource) {
            return new SourceKernel();
        }
        if (stage instanceof WindowStage window) {
            if (window.getSize() < 1 || window.getHop() < 1 || window.getHop() > window.getSize()) {
                throw new PipelineException(path + ": window size " + window.getSize() + " and hop " + window.getHop() + " are not valid");
            }
            return new WindowKernel(window);
        }
        if (stage instanceof FeatureStage features) {
            return new FeatureKernel(path, features, context.inputCapacity(stage, 0), context.sampleRate(stage));
        }
        if (stage instanceof NormalizeStage normalize) {
            return new NormalizeKernel(path, normalize, outputCapacity(stage, context, 0));
        }
        if (stage instanceof ImagePreprocessStage image) {
            return new ImagePreprocessKernel(path, image);
        }
        if (stage instanceof ModelStage model) {
            return ModelKernel.open(path, model, context);
        }
        if (stage instanceof AnomalyStage anomaly) {
            return AnomalyKernel.open(path, anomaly, context);
        }
        if (stage instanceof DecisionStage decision) {
            return new DecisionKernel(path, decision, context.baseDirectory());
        }
        if (stage instanceof ExplainStage explain) {
            return ExplainKernel.open(path, explain, context);
        }
        if (stage instanceof AlarmSink alarm) {
            return new AlarmKernel(alarm);
        }
        if (stage instanceof DecisionLogSink log) {
            String file = log.getPath() == null || log.getPath().isBlank() ? "decisions.jsonl" : log.getPath();
            return new DecisionLogKernel(path, context.baseDirectory().resolve(file));
        }
        if (stage instanceof WriteSignalSink sink) {
            return new WriteSinkKernel(path, sink);
        }
        if (stage instanceof io.fabrica.pipeline.RecommendStage recommend) {
            return RecommendKernel.open(path, recommend, context);
        }
        throw new PipelineException(path + ": " + stage.eClass().getName() + " has no built-in implementation");
    }
}
