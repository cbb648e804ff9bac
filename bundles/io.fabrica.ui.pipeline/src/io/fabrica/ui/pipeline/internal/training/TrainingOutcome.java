package io.fabrica.ui.pipeline.internal.training;

import java.util.Locale;

import org.eclipse.core.resources.IContainer;
import org.eclipse.core.resources.IFile;

import io.fabrica.pipeline.djl.PipelineTraining;
import io.fabrica.pipeline.djl.anomaly.AnomalyTraining;
import io.fabrica.pipeline.djl.training.TrainingResult;

/**
 * How a training job ended: trained (with what was written), cancelled (the previous model is
 * kept: the headless training swaps a model folder in only when it is complete), or failed with a
 * readable message. Immutable.
 *
 * @param kind how it ended
 * @param pipeline the pipeline that was trained
 * @param modelFolder the model folder in the workspace
 * @param trained what training of a learnt model wrote, for {@link Kind#TRAINED} only; null for an
 *        inspection pipeline
 * @param anomaly what training of an inspection pipeline from good parts wrote, for {@link
 *        Kind#TRAINED} only; null otherwise
 * @param seconds wall-clock time of the whole job
 * @param message the problem, for {@link Kind#FAILED} only
 */
public record TrainingOutcome(Kind kind, IFile pipeline, IContainer modelFolder, PipelineTraining.Trained trained,
        AnomalyTraining.Trained anomaly, double seconds, String message) {

    /** How a training ended. */
    public enum Kind {
        /** The model folder holds the new model. */
        TRAINED,
        /** The user cancelled; nothing was replaced. */
        CANCELLED,
        /** Training failed; nothing was replaced. */
        FAILED
    }

    /** @return the trained pipeline in the workspace (inside the model folder), or null unless trained */
    public IFile trainedPipeline() {
        return kind == Kind.TRAINED ? modelFolder.getFile(new org.eclipse.core.runtime.Path(pipeline.getName())) : null;
    }

    /** @return the text the view shows: the summary, the cancellation or the problem */
    public String describe() {
        return switch (kind) {
            case CANCELLED -> "Training of " + pipeline.getName() + " cancelled, previous model kept.";
            case FAILED -> "Training of " + pipeline.getName() + " failed: " + message;
            case TRAINED -> summary();
        };
    }

    private String summary() {
        if (anomaly != null) {
            return String.format(Locale.ROOT, "Trained %s (PATCHCORE, from good parts only) in %.1f s%n"
                    + "Good images: %d (%d held out to fit the threshold)%nMemory bank: %d patches%nThreshold: %.5g%nModel folder: %s",
                    pipeline.getName(), seconds, anomaly.goodImages(), anomaly.heldOut(), anomaly.memoryBank(), anomaly.threshold(),
                    modelFolder.getFullPath().makeRelative());
        }
        TrainingResult r = trained.result();
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "Trained %s (%s) in %.1f s%n", pipeline.getName(), r.kind(), seconds));
        Object used = trained.card().training().get("samples");
        text.append(String.format(Locale.ROOT, "Samples: %d captured, %s used for training and validation%n", trained.samples(),
                used instanceof Number n ? Long.toString(n.longValue()) : "?"));
        text.append(String.format(Locale.ROOT, "Epochs: %d (best %d), best validation loss %.5g%n", r.epochs(), r.bestEpoch(),
                r.bestValidationLoss()));
        if (Double.isFinite(trained.card().threshold()) && trained.card().threshold() > 0) {
            text.append(String.format(Locale.ROOT, "Threshold: %.5g%n", trained.card().threshold()));
        }
        text.append(String.format(Locale.ROOT, "ONNX export checked: max error %.2g%n", r.exportMaxAbsError()));
        text.append("Model folder: ").append(modelFolder.getFullPath().makeRelative());
        return text.toString();
    }
}
