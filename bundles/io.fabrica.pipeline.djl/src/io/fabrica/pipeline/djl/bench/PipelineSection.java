package io.fabrica.pipeline.djl.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import io.fabrica.model.plant.Enterprise;
import io.fabrica.pipeline.AnomalyStage;
import io.fabrica.pipeline.Connection;
import io.fabrica.pipeline.ImagePreprocessStage;
import io.fabrica.pipeline.ModelStage;
import io.fabrica.pipeline.Pipeline;
import io.fabrica.pipeline.Stage;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.resource.PipelineFiles;

/**
 * {@code fabrica bench pipeline --pipeline <p>}: the trained models of a pipeline. An anomaly stage
 * runs as inspection at 1080p with the pipeline's own part region (the frame's centre square when its
 * preprocessing does not crop), resize, tiles and trained model;
 * a model stage runs as a user model at its model's input shape. Both against raw ONNX Runtime.
 */
final class PipelineSection {

    private PipelineSection() {
    }

    static void run(Enterprise demoPlant, PipelineBenchmark.Options options, Path workDir, PrintStream out) throws Exception {
        Path file = options.pipeline().toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new PipelineException(file + ": no such pipeline file");
        }
        Pipeline pipeline = PipelineFiles.load(file);
        Path base = file.getParent();
        int benched = 0;
        for (Stage stage : pipeline.getStages()) {
            if (stage instanceof AnomalyStage anomaly && trained(anomaly.getModelFile())) {
                ImagePreprocessStage roi = upstream(pipeline, anomaly) instanceof ImagePreprocessStage p ? p : null;
                int size = roi == null ? anomaly.getTileSize() : roi.getWidth();
                // without a crop the stage resizes the whole image: the frame's centre square, 1080x1080
                int region = roi == null ? size : roi.getCropWidth() <= 0 ? SyntheticInputs.FRAME_HEIGHT : roi.getCropWidth();
                if (region > SyntheticInputs.FRAME_HEIGHT || size > SyntheticInputs.FRAME_HEIGHT) {
                    throw new PipelineException(file + ": " + stage.getName() + " looks at " + region + " px, more than the 1080 rows of the benchmark's frame");
                }
                InspectionBench.Setup setup = new InspectionBench.Setup(region, size, anomaly.getTileSize(), anomaly.getFeatureExtractor(), 0);
                InspectionSection.runTrained(PipelineBenchmark.signal(demoPlant, "Part Image"), base.resolve(anomaly.getModelFile()).normalize(),
                        setup, roi, anomaly, options.frames(), options.threads(), workDir, out);
                benched++;
            } else if (stage instanceof ModelStage model && trained(model.getModelFile())) {
                PipelineBenchmark.Options one = new PipelineBenchmark.Options(null, base.resolve(model.getModelFile()).normalize(), null,
                        options.frames(), options.threads());
                UserModelSection.runUserModel(one, workDir, out);
                benched++;
            }
        }
        if (benched == 0) {
            throw new PipelineException(file + ": has no trained model or anomaly stage to benchmark; train it first (fabrica train)");
        }
    }

    private static boolean trained(String modelFile) {
        return modelFile != null && !modelFile.isBlank();
    }

    /** The stage that feeds the first input of {@code stage}, or {@code null}. */
    private static Stage upstream(Pipeline pipeline, Stage stage) {
        for (Connection c : pipeline.getConnections()) {
            if (c.getTarget() != null && c.getTarget().eContainer() == stage && c.getSource() != null
                    && c.getSource().eContainer() instanceof Stage from) {
                return from;
            }
        }
        return null;
    }
}
