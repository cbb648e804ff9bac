package io.fabrica.pipeline.engine.stages;

import java.nio.file.Path;

import io.fabrica.pipeline.AnomalyStage;
import io.fabrica.pipeline.api.Frame;
import io.fabrica.pipeline.api.InferenceSession;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.api.StageContext;
import io.fabrica.pipeline.api.StageKernel;

/**
 * The running form of an anomaly stage: the image score on the first output (one value, for a
 * threshold decision) and the anomaly map on the second (an image of the input's size, one channel,
 * the smoothed patch distances), both computed by an {@link AnomalyScorer}.
 */
final class AnomalyKernel implements StageKernel {

    private final InferenceSession session;
    private final AnomalyScorer scorer;

    private AnomalyKernel(InferenceSession session, AnomalyScorer scorer) {
        this.session = session;
        this.scorer = scorer;
    }

    static AnomalyKernel open(String path, AnomalyStage stage, StageContext context) throws PipelineException {
        if (stage.getModelFile() == null || stage.getModelFile().isBlank()) {
            throw new PipelineException(path + ": has no anomaly model; train the pipeline on good parts first (fabrica train)");
        }
        Path file = context.baseDirectory().resolve(stage.getModelFile()).normalize();
        InferenceSession session = context.engine("OnnxRuntime").open(file);
        try {
            return new AnomalyKernel(session, new AnomalyScorer(path, session, stage.getTileOverlap(), stage.getSmoothing()));
        } catch (PipelineException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    @Override
    public boolean process(Frame[] inputs, Frame[] outputs) throws PipelineException {
        Frame in = inputs[0];
        float score = scorer.score(in.values(), in.width(), in.height(), in.channels());
        outputs[0].values()[0] = score;
        outputs[0].length(1).stampFrom(in);
        if (outputs.length > 1) {
            Frame map = outputs[1];
            scorer.map(map.values());
            map.image(in.width(), in.height(), 1).stampFrom(in);
        }
        return true;
    }

    @Override
    public void close() {
        session.close();
    }
}
