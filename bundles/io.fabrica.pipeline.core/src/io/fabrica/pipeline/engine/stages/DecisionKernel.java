package io.fabrica.pipeline.engine.stages;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.fabrica.pipeline.DecisionKind;
import io.fabrica.pipeline.DecisionStage;
import io.fabrica.pipeline.ModelStage;
import io.fabrica.pipeline.api.Decision;
import io.fabrica.pipeline.api.Frame;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.api.StageKernel;
import io.fabrica.pipeline.engine.ModelCard;

/**
 * Turns scores into decisions. Threshold: the score is the mean of the input (an autoencoder's mean
 * squared reconstruction error) and the outcome is positive above the threshold. Argmax: the outcome is
 * the most probable class and the score is 1 - p(first class). Persistence debounces: the outcome
 * changes only after that many consecutive results agree on the new one. Every input yields a decision.
 */
final class DecisionKernel implements StageKernel {

    private final String path;
    private final DecisionKind kind;
    private final double threshold;
    private final String[] classes;
    private final int persistence;
    private final ModelCard card;
    private int current;
    private int candidate = -1;
    private int agreeing;

    DecisionKernel(String path, DecisionStage stage, Path baseDirectory) throws PipelineException {
        this.path = path;
        this.kind = stage.getKind();
        this.threshold = stage.getThreshold();
        List<String> named = stage.getClasses();
        this.classes = named.size() >= 2 ? named.toArray(String[]::new) : new String[] {"normal", "anomaly"};
        this.persistence = Math.max(1, stage.getPersistence());
        this.card = card(stage, baseDirectory);
    }

    private static ModelCard card(DecisionStage stage, Path base) throws PipelineException {
        ModelStage model = Upstream.model(stage);
        if (model == null || model.getModelFile() == null || model.getModelFile().isBlank()) {
            return null;
        }
        Path file = Upstream.modelFile(model, base).resolveSibling(ModelCard.FILE);
        try {
            return Files.isRegularFile(file) ? ModelCard.read(file) : null;
        } catch (IOException e) {
            throw new PipelineException(e.getMessage(), e);
        }
    }

    @Override
    public boolean process(Frame[] inputs, Frame[] outputs) throws PipelineException {
        Frame in = inputs[0];
        float[] v = in.values();
        int n = in.length();
        double score;
        int raw;
        if (kind == DecisionKind.ARGMAX) {
            if (n != classes.length) {
                throw new PipelineException(path + ": received " + n + " class scores but names " + classes.length + " classes");
            }
            raw = 0;
            for (int i = 1; i < n; i++) {
                if (v[i] > v[raw]) {
                    raw = i;
                }
            }
            score = 1 - v[0];
        } else {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += v[i];
            }
            score = sum / n;
            raw = score > threshold ? 1 : 0;
        }
        debounce(raw);
        double novelty = kind == DecisionKind.THRESHOLD && card != null ? card.percentile(score) : Double.NaN;
        outputs[0].decision(new Decision(in.timeMillis(), path, classes[current], current != 0, score, novelty, List.of(), in.label()))
                .length(1).stampFrom(in);
        return true;
    }

    private void debounce(int raw) {
        if (raw == current) {
            candidate = -1;
            agreeing = 0;
            return;
        }
        agreeing = raw == candidate ? agreeing + 1 : 1;
        candidate = raw;
        if (agreeing >= persistence) {
            current = raw;
            candidate = -1;
            agreeing = 0;
        }
    }
}
