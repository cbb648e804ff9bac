package io.fabrica.pipeline.djl.anomaly;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import io.fabrica.pipeline.AnomalyStage;
import io.fabrica.pipeline.DecisionStage;
import io.fabrica.pipeline.Pipeline;
import io.fabrica.pipeline.api.InferenceSession;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.data.Dataset;
import io.fabrica.pipeline.djl.ModelFolder;
import io.fabrica.pipeline.engine.ModelCard;
import io.fabrica.pipeline.engine.PipelineEngine;
import io.fabrica.pipeline.engine.stages.AnomalyScorer;
import io.fabrica.pipeline.validation.PipelinePaths;

/**
 * Trains an anomaly stage whose feature extractor is {@value VariationModel#NAME}: the images the
 * stage sees (aligned by the preprocessing before it) are captured, the good ones split in time order
 * as for PatchCore (the first 80 % fit the per-pixel statistics, the last 20 % are held out for the
 * threshold), the exported model is checked against Java's map on a held-out image, and the model
 * folder is swapped in only when complete.
 */
final class VariationTraining {

    /**
     * Largest difference allowed between the exported map and Java's, in deviations: the exported box
     * filter sums in 32-bit floats over up to a million pixels, Java in doubles.
     */
    static final double MAX_EXPORT_ERROR = 0.05;

    private VariationTraining() {
    }

    static AnomalyTraining.Trained train(PipelineEngine engine, Path pipelineFile, Pipeline pipeline, AnomalyStage stage,
            DecisionStage decision, Dataset dataset, Path modelDir, Consumer<String> log) throws PipelineException, IOException {
        long start = System.nanoTime();
        AnomalyTraining.checkRate(stage);
        Path base = pipelineFile.toAbsolutePath().getParent();
        log.accept("Capturing the images " + PipelinePaths.of(stage) + " sees, from " + dataset.dir());
        CapturedImages images = CapturedImages.capture(engine, pipeline, base, stage, dataset);
        if (images.width != images.height) {
            throw new PipelineException(PipelinePaths.of(stage) + ": the variation model compares whole parts and needs square images, not "
                    + images.width + "x" + images.height + "; crop or resize to a square before it");
        }
        List<Integer> good = images.good();
        if (good.size() < 5) {
            throw new PipelineException(dataset.dir() + ": " + good.size() + " good images among " + images.size()
                    + "; the variation model learns from good parts and needs at least 5 (labels seen: " + images.labelCounts() + ")");
        }
        int heldOut = Math.max(1, (int) Math.round(good.size() * AnomalyTraining.HELD_OUT));
        List<Integer> fit = good.subList(0, good.size() - heldOut);
        List<Integer> held = good.subList(good.size() - heldOut, good.size());
        log.accept(String.format(Locale.ROOT, "%d good images: %d fit the variation model, %d held out for the threshold; %d others ignored",
                good.size(), fit.size(), held.size(), images.size() - good.size()));
        VariationModel model = VariationModel.fit(images, fit);
        Path parent = modelDir.toAbsolutePath().normalize().getParent();
        Files.createDirectories(parent);
        Path staging = Files.createTempDirectory(parent, "." + modelDir.getFileName() + ".partial-");
        try {
            Path file = staging.resolve(AnomalyTraining.MODEL_FILE);
            Files.write(file, model.onnx(images.channels()));
            float[] scores = scoreHeldOut(engine, file, stage, images, held, model);
            double threshold = AnomalyTraining.threshold(scores, stage.getFalseRejectRate());
            stage.setModelFile(AnomalyTraining.MODEL_FILE);
            decision.setThreshold(threshold);
            double seconds = (System.nanoTime() - start) / 1e9;
            ModelCard card = card(stage, model, scores, threshold, dataset, good.size(), held.size(), images, seconds);
            card.write(staging.resolve(ModelCard.FILE));
            AnomalyTraining.recordGolden(file, images.width, images, held, card.outputShape());
            ModelFolder.saveBeside(pipeline, staging.resolve(pipelineFile.getFileName()));
            ModelFolder.swapIn(staging, modelDir.toAbsolutePath().normalize());
            log.accept(String.format(Locale.ROOT,
                    "Trained the variation model in %.1f s: %dx%d pixel statistics (%.1f MB), threshold %.4g rejects %d of %d held-out good images",
                    seconds, images.width, images.height, model.bytes() / 1e6, threshold, AnomalyTraining.rejected(scores, threshold),
                    scores.length));
            return new AnomalyTraining.Trained(modelDir.resolve(pipelineFile.getFileName()), card, good.size(), held.size(),
                    images.size() - good.size(), 0, threshold, seconds);
        } finally {
            ModelFolder.deleteTree(staging);
        }
    }

    /** Scores the held-out good images through the pipeline's own path, after checking the export on the first. */
    private static float[] scoreHeldOut(PipelineEngine engine, Path modelFile, AnomalyStage stage, CapturedImages images,
            List<Integer> held, VariationModel model) throws PipelineException {
        String path = PipelinePaths.of(stage);
        InferenceSession session = CapturedImages.onnxRuntime(engine, modelFile);
        try (session) {
            float[] image = new float[images.width * images.height * images.channels];
            checkExport(session, model, images.image(held.get(0), image), images.channels, path);
            AnomalyScorer scorer = new AnomalyScorer(path, session, 0, stage.getSmoothing());
            float[] scores = new float[held.size()];
            for (int i = 0; i < held.size(); i++) {
                scores[i] = scorer.score(images.image(held.get(i), image), images.width, images.height, images.channels);
            }
            return scores;
        }
    }

    private static void checkExport(InferenceSession session, VariationModel model, float[] image, int channels, String path)
            throws PipelineException {
        float[] exported = new float[session.signature().outputSize()];
        session.run(image, exported);
        float[] expected = model.map(image, channels);
        double worst = 0;
        for (int p = 0; p < expected.length; p++) {
            worst = Math.max(worst, Math.abs(expected[p] - exported[p]));
        }
        if (worst > MAX_EXPORT_ERROR) {
            throw new PipelineException(path + ": the exported variation model disagrees with the fitted statistics (difference "
                    + String.format(Locale.ROOT, "%.2g", worst) + " deviations > " + MAX_EXPORT_ERROR + "); nothing was written");
        }
    }

    private static ModelCard card(AnomalyStage stage, VariationModel model, float[] scores, double threshold, Dataset dataset, int good,
            int held, CapturedImages images, double seconds) {
        double[] heldScores = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            heldScores[i] = scores[i];
        }
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("dataset", dataset.dir().toString());
        training.put("method", "variation model: per-pixel mean and deviation of aligned, high-passed good parts");
        training.put("featureExtractor", VariationModel.NAME);
        training.put("highPassRadius", VariationModel.RADIUS);
        training.put("deviationFloor", VariationModel.DEVIATION_FLOOR);
        training.put("goodImages", good);
        training.put("heldOutGoodImages", held);
        training.put("ignoredImages", images.size() - good);
        training.put("imageSize", images.width + "x" + images.height + "x" + images.channels);
        training.put("modelBytes", model.bytes());
        training.put("falseRejectRate", stage.getFalseRejectRate());
        training.put("heldOutRejected", AnomalyTraining.rejected(scores, threshold));
        training.put("seconds", seconds);
        return new ModelCard("VARIATION", AnomalyTraining.MODEL_FILE, null, new int[] {images.channels, images.width, images.height},
                new int[] {images.width, images.height}, List.of(), List.of("ok", "defect"), ModelCard.quantiles(heldScores), threshold,
                training);
    }
}
