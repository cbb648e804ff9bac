package io.fabrica.pipeline.djl.anomaly;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.fabrica.pipeline.AnomalyStage;
import io.fabrica.pipeline.DecisionStage;
import io.fabrica.pipeline.Pipeline;
import io.fabrica.pipeline.api.InferenceSession;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.data.Dataset;
import io.fabrica.pipeline.djl.DjlEngines;
import io.fabrica.pipeline.djl.ModelFolder;
import io.fabrica.pipeline.engine.ModelCard;
import io.fabrica.pipeline.engine.PipelineEngine;
import io.fabrica.pipeline.engine.stages.AnomalyScorer;
import io.fabrica.pipeline.validation.PipelinePaths;

/**
 * Trains an anomaly stage whose recipe is {@link AnomalyRecipe#gaussian() gaussian} (the PaDiM
 * method): the good images are split in time order as in {@link AnomalyTraining} (the first 80 % are
 * learnt from, the last 20 % held out for the threshold); every tile of the first part adds its two
 * feature grids (the map's layers and the score's layers) to one Gaussian per grid cell; the anomaly
 * model computes the Mahalanobis distance of each cell to its Gaussian, for the map and for the score
 * (output {@code [2, g, g]}, read by {@link AnomalyScorer}). Defective images are never needed. The
 * exported model is checked against the distances computed in Java before anything is written.
 */
final class GaussianTraining {

    private GaussianTraining() {
    }

    static AnomalyTraining.Trained train(PipelineEngine engine, Path pipelineFile, Pipeline pipeline, AnomalyStage stage, DecisionStage decision,
            AnomalyRecipe recipe, Dataset dataset, Path modelDir, long seed, Consumer<String> log) throws PipelineException, IOException {
        long start = System.nanoTime();
        String path = PipelinePaths.of(stage);
        int tile = stage.getTileSize();
        if (tile < recipe.deepestStride() || tile % recipe.deepestStride() != 0) {
            throw new PipelineException(path + ": tile size " + tile + " is not a multiple of " + recipe.deepestStride()
                    + ", the deepest stride of " + stage.getFeatureExtractor());
        }
        if (stage.getFalseRejectRate() <= 0 || stage.getFalseRejectRate() >= 0.5) {
            throw new PipelineException(path + ": false-reject rate " + stage.getFalseRejectRate()
                    + " cannot be reached; give a share of good parts in (0, 0.5), e.g. 0.01");
        }
        log.accept("Capturing the images " + path + " sees, from " + dataset.dir());
        CapturedImages images = CapturedImages.capture(engine, pipeline, pipelineFile.toAbsolutePath().getParent(), stage,
                dataset);
        int stride = recipe.map().stride();
        if (images.width < tile || images.height < tile || images.width % stride != 0 || images.height % stride != 0) {
            throw new PipelineException(path + ": receives " + images.width + "x" + images.height + " images; they must be at least one tile ("
                    + tile + "x" + tile + ") and a multiple of " + stride + " in both directions (resize them before this stage)");
        }
        List<Integer> good = images.good();
        if (good.size() < 5) {
            throw new PipelineException(dataset.dir() + ": " + good.size() + " good images (labels " + AnomalyTraining.GOOD_LABELS + ") among "
                    + images.size() + "; anomaly detection learns from good parts and needs at least 5 (labels seen: "
                    + images.labelCounts() + ")");
        }
        int heldOut = Math.max(1, (int) Math.round(good.size() * AnomalyTraining.HELD_OUT));
        List<Integer> train = good.subList(0, good.size() - heldOut);
        List<Integer> held = good.subList(good.size() - heldOut, good.size());
        log.accept(String.format(Locale.ROOT, "%d good images: %d to learn the per-cell Gaussians from, %d held out for the threshold; %d"
                + " others ignored", good.size(), train.size(), held.size(), images.size() - good.size()));
        byte[] onnx = recipe.map().load();
        CellGaussians map;
        CellGaussians score;
        try (Grids grids = new Grids(recipe, onnx, images.channels(), tile)) {
            map = new CellGaussians(recipe.map().dimension(), grids.mapCells, AnomalyRecipe.GAUSSIAN_DIMS, seed);
            score = new CellGaussians(recipe.score().dimension(), grids.scoreCells, AnomalyRecipe.GAUSSIAN_DIMS, seed + 1);
            float[] image = new float[images.width * images.height * images.channels];
            float[] input = new float[images.channels * tile * tile];
            int[] xs = AnomalyScorer.tileOrigins(images.width, tile, stage.getTileOverlap(), recipe.map().stride());
            int[] ys = AnomalyScorer.tileOrigins(images.height, tile, stage.getTileOverlap(), recipe.map().stride());
            for (int i : train) {
                images.image(i, image);
                for (int top : ys) {
                    for (int left : xs) {
                        AnomalyScorer.copyTile(image, images.width, images.height, images.channels, left, top, tile, input);
                        grids.run(input);
                        map.add(grids.map);
                        score.add(grids.score);
                    }
                }
            }
            map.fit();
            score.fit();
            long bytes = 4 * (map.floats() + score.floats());
            log.accept(String.format(Locale.ROOT, "Gaussians: %d map cells of %d features and %d score cells of %d features, from %d tiles"
                    + " (%.1f MB)", grids.mapCells, map.dims(), grids.scoreCells, score.dims(), map.tiles(), bytes / 1e6));
            byte[] model = GaussianGraphs.anomalyModel(recipe, onnx, images.channels(), tile, map, score);
            return write(engine, pipelineFile, pipeline, stage, decision, recipe, dataset, modelDir, seed, log, start, images, good, held,
                    model, grids, map, score);
        }
    }

    private static AnomalyTraining.Trained write(PipelineEngine engine, Path pipelineFile, Pipeline pipeline, AnomalyStage stage,
            DecisionStage decision, AnomalyRecipe recipe, Dataset dataset, Path modelDir, long seed, Consumer<String> log, long start,
            CapturedImages images, List<Integer> good, List<Integer> held, byte[] model, Grids grids, CellGaussians map,
            CellGaussians score) throws PipelineException, IOException {
        Path parent = modelDir.toAbsolutePath().normalize().getParent();
        Files.createDirectories(parent);
        Path staging = Files.createTempDirectory(parent, "." + modelDir.getFileName() + ".partial-");
        try {
            Path file = staging.resolve(AnomalyTraining.MODEL_FILE);
            Files.write(file, model);
            float[] scores = scoreHeldOut(engine, file, stage, images, held, grids, map);
            double threshold = AnomalyTraining.threshold(scores, stage.getFalseRejectRate());
            stage.setModelFile(AnomalyTraining.MODEL_FILE);
            decision.setThreshold(threshold);
            double seconds = (System.nanoTime() - start) / 1e9;
            ModelCard card = card(stage, recipe, map, score, scores, threshold, dataset, good.size(), held.size(), images, seconds, seed);
            card.write(staging.resolve(ModelCard.FILE));
            AnomalyTraining.recordGolden(file, stage.getTileSize(), images, held, card.outputShape());
            ModelFolder.saveBeside(pipeline, staging.resolve(pipelineFile.getFileName()));
            ModelFolder.swapIn(staging, modelDir.toAbsolutePath().normalize());
            int rejected = AnomalyTraining.rejected(scores, threshold);
            log.accept(String.format(Locale.ROOT, "Trained anomaly detection (per-cell Gaussians) in %.1f s: threshold %.4g rejects %d of %d"
                    + " held-out good images", seconds, threshold, rejected, scores.length));
            return new AnomalyTraining.Trained(modelDir.resolve(pipelineFile.getFileName()), card, good.size(), held.size(),
                    images.size() - good.size(), (int) map.tiles(), threshold, seconds);
        } finally {
            ModelFolder.deleteTree(staging);
        }
    }

    /** Scores the held-out good images through the pipeline's own path, after checking the export on one tile. */
    private static float[] scoreHeldOut(PipelineEngine engine, Path modelFile, AnomalyStage stage, CapturedImages images,
            List<Integer> held, Grids grids, CellGaussians map) throws PipelineException {
        String path = PipelinePaths.of(stage);
        InferenceSession session = CapturedImages.onnxRuntime(engine, modelFile);
        try (session) {
            AnomalyScorer scorer = new AnomalyScorer(path, session, stage.getTileOverlap(), stage.getSmoothing());
            float[] image = new float[images.width * images.height * images.channels];
            int tile = stage.getTileSize();
            float[] input = new float[images.channels * tile * tile];
            AnomalyScorer.copyTile(images.image(held.get(0), image), images.width, images.height, images.channels, 0, 0, tile, input);
            float[] exported = new float[session.signature().outputSize()];
            session.run(input, exported);
            grids.run(input);
            double[] expected = map.distances(grids.map);
            double worst = 0;
            for (int c = 0; c < expected.length; c++) {
                worst = Math.max(worst, Math.abs(expected[c] - exported[c]) / Math.max(1, expected[c]));
            }
            if (worst > AnomalyTraining.MAX_EXPORT_ERROR) {
                throw new PipelineException(path + ": the exported anomaly model disagrees with the fitted Gaussians (relative error "
                        + String.format(Locale.ROOT, "%.2g", worst) + " > " + AnomalyTraining.MAX_EXPORT_ERROR + "); nothing was written");
            }
            float[] scores = new float[held.size()];
            for (int i = 0; i < held.size(); i++) {
                scores[i] = scorer.score(images.image(held.get(i), image), images.width, images.height, images.channels);
            }
            return scores;
        }
    }

    private static ModelCard card(AnomalyStage stage, AnomalyRecipe recipe, CellGaussians map, CellGaussians score, float[] scores,
            double threshold, Dataset dataset, int good, int held, CapturedImages images, double seconds, long seed) {
        double[] values = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            values[i] = scores[i];
        }
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("dataset", dataset.dir().toString());
        training.put("method", "PaDiM: Mahalanobis distance of pretrained patch features to a Gaussian of good patches per grid cell;"
                + " map and image score from separate layers");
        training.put("featureExtractor", stage.getFeatureExtractor());
        training.put("featureExtractorLicence", recipe.map().licence());
        training.put("goodImages", good);
        training.put("heldOutGoodImages", held);
        training.put("ignoredImages", images.size() - good);
        training.put("imageSize", images.width + "x" + images.height + "x" + images.channels);
        training.put("tiles", map.tiles());
        training.put("featuresPerCell", map.dims());
        training.put("modelBytes", 4 * (map.floats() + score.floats()));
        training.put("falseRejectRate", stage.getFalseRejectRate());
        training.put("heldOutRejected", AnomalyTraining.rejected(scores, threshold));
        training.put("seed", seed);
        training.put("seconds", seconds);
        int grid = stage.getTileSize() / recipe.map().stride();
        return new ModelCard("PADIM", AnomalyTraining.MODEL_FILE, null, new int[] {images.channels, stage.getTileSize(), stage.getTileSize()},
                new int[] {2, grid, grid}, List.of(), List.of("ok", "defect"), ModelCard.quantiles(values), threshold, training);
    }

    /** The feature model in an ONNX Runtime session: one tile in, both feature grids out. Not thread-safe. */
    private static final class Grids implements AutoCloseable {
        final int mapCells;
        final int scoreCells;
        final float[] map;
        final float[] score;
        private final OrtSession session;
        private final long[] shape;
        private final FloatBuffer input;

        Grids(AnomalyRecipe recipe, byte[] onnx, int channels, int tile) throws PipelineException {
            int gm = tile / recipe.map().stride();
            int gs = tile / recipe.score().stride();
            mapCells = gm * gm;
            scoreCells = gs * gs;
            map = new float[recipe.map().dimension() * mapCells];
            score = new float[recipe.score().dimension() * scoreCells];
            shape = new long[] {1, channels, tile, tile};
            input = ByteBuffer.allocateDirect(channels * tile * tile * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
            // DJL's ONNX Runtime engine creates the process's one OrtEnvironment with its own settings: it must come first
            DjlEngines.engine(DjlEngines.ONNX_RUNTIME);
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setInterOpNumThreads(1);
                session = OrtEnvironment.getEnvironment().createSession(GaussianGraphs.featureModel(recipe, onnx, channels, tile), options);
            } catch (OrtException e) {
                throw new PipelineException("the feature extractor " + recipe.map().describe() + " cannot run in ONNX Runtime: " + e.getMessage(),
                        e);
            }
        }

        void run(float[] tile) throws PipelineException {
            input.clear();
            input.put(tile, 0, input.capacity()).flip();
            try (OnnxTensor x = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), input, shape);
                    OrtSession.Result result = session.run(Map.of(AnomalyGraphs.INPUT, x))) {
                ((OnnxTensor) result.get(GaussianGraphs.MAP_FEATURES).orElseThrow()).getFloatBuffer().get(map);
                ((OnnxTensor) result.get(GaussianGraphs.SCORE_FEATURES).orElseThrow()).getFloatBuffer().get(score);
            } catch (OrtException | RuntimeException e) {
                throw new PipelineException("the feature extractor failed: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            try {
                session.close();
            } catch (OrtException e) {
                // the native session goes with the process
            }
        }
    }
}
