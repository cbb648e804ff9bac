package io.fabrica.pipeline.djl.anomaly;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import io.fabrica.pipeline.AnomalyStage;
import io.fabrica.pipeline.Connection;
import io.fabrica.pipeline.DecisionKind;
import io.fabrica.pipeline.DecisionStage;
import io.fabrica.pipeline.Pipeline;
import io.fabrica.pipeline.api.InferenceSession;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.data.Dataset;
import io.fabrica.pipeline.djl.ModelFolder;
import io.fabrica.pipeline.djl.parity.GoldenSet;
import io.fabrica.pipeline.engine.ModelCard;
import io.fabrica.pipeline.engine.PipelineEngine;
import io.fabrica.pipeline.engine.stages.AnomalyScorer;
import io.fabrica.pipeline.resource.PipelineFiles;
import io.fabrica.pipeline.validation.PipelinePaths;

/**
 * Trains an anomaly stage on good parts only (the PatchCore method): the part of the pipeline before
 * the stage runs over the dataset and its images are captured; the good ones (label {@code ok},
 * {@code normal} or {@code good}) are split in time order — the first 80 % fill the memory bank, the
 * last 20 % are held out; defective images are never needed and are ignored. The patch features of
 * the training images (a pretrained network's intermediate layers) are standardized and reduced by
 * greedy coreset sampling to at most the stage's bound; the anomaly model (network + nearest-neighbour
 * search against the bank, one ONNX file) scores the held-out good images exactly as the pipeline
 * will, and the decision's threshold is set so that at most the stage's false-reject rate of them
 * would be rejected. Before anything is written, the exported model's distances are compared with a
 * brute-force search in Java. The model folder is assembled beside the target and swapped in only
 * when complete.
 */
public final class AnomalyTraining {

    /** Labels of good parts. */
    public static final Set<String> GOOD_LABELS = Set.of("ok", "normal", "good");

    /** Share of the good images (the last ones in time) held out to fit the threshold. */
    static final double HELD_OUT = 0.2;

    /** Patches kept in memory for the coreset search, whatever the training set's size. */
    static final int MAX_CANDIDATES = 120_000;

    /** Largest relative difference allowed between the exported model's distances and Java's search. */
    static final double MAX_EXPORT_ERROR = 1e-3;

    /** Held-out tiles kept as golden inputs for the parity gate. */
    static final int GOLDEN_TILES = 2;

    /** The file name of the anomaly model in a model folder. */
    public static final String MODEL_FILE = "anomaly.onnx";

    private AnomalyTraining() {
    }

    /**
     * What a training produced.
     *
     * @param pipelineFile the trained pipeline in the model folder
     * @param card the model card
     * @param goodImages good images used (memory bank and held out)
     * @param heldOut held-out good images the threshold was fitted on
     * @param ignored images with other labels, not used
     * @param memoryBank patches in the memory bank (PatchCore), or tiles the per-cell Gaussians were learnt from (PaDiM)
     * @param threshold the fitted threshold
     * @param seconds the training's wall-clock time
     */
    public record Trained(Path pipelineFile, ModelCard card, int goodImages, int heldOut, int ignored, int memoryBank, double threshold,
            double seconds) {
    }

    /**
     * @param pipeline a pipeline
     * @return whether it detects anomalies with an anomaly stage (then this class trains it)
     */
    public static boolean applies(Pipeline pipeline) {
        return pipeline.getStages().stream().anyMatch(AnomalyStage.class::isInstance);
    }

    /**
     * Trains the anomaly stage of a pipeline.
     *
     * @param engine the pipeline engine (runs the part before the stage, and the anomaly model)
     * @param pipelineFile the pipeline
     * @param dataset the dataset
     * @param modelDir the model folder to create or replace
     * @param seed seed of the coreset's random choices
     * @param log receives progress lines
     * @return what was written
     * @throws PipelineException if the pipeline has no single anomaly stage with a threshold decision
     *         after it, the dataset has too few good images, images do not fit the tiles, or the
     *         exported model disagrees with the memory bank; nothing is written then
     * @throws IOException if files cannot be read or written
     */
    public static Trained train(PipelineEngine engine, Path pipelineFile, Dataset dataset, Path modelDir, long seed, Consumer<String> log)
            throws PipelineException, IOException {
        long start = System.nanoTime();
        Pipeline pipeline = PipelineFiles.load(pipelineFile);
        AnomalyStage stage = onlyAnomalyStage(pipeline, pipelineFile);
        DecisionStage decision = thresholdAfter(pipeline, stage, pipelineFile);
        if (VariationModel.NAME.equals(stage.getFeatureExtractor())) {
            return VariationTraining.train(engine, pipelineFile, pipeline, stage, decision, dataset, modelDir, log);
        }
        AnomalyRecipe recipe = AnomalyRecipe.parse(stage.getFeatureExtractor());
        if (recipe.gaussian()) {
            return GaussianTraining.train(engine, pipelineFile, pipeline, stage, decision, recipe, dataset, modelDir, seed, log);
        }
        FeatureNetwork network = FeatureNetwork.parse(stage.getFeatureExtractor());
        checkTile(stage, network);
        Path base = pipelineFile.toAbsolutePath().getParent();
        log.accept("Capturing the images " + PipelinePaths.of(stage) + " sees, from " + dataset.dir());
        CapturedImages images = CapturedImages.capture(engine, pipeline, base, stage, dataset);
        List<Integer> good = images.good();
        if (good.size() < 5) {
            throw new PipelineException(dataset.dir() + ": " + good.size() + " good images (labels " + GOOD_LABELS + ") among "
                    + images.size() + "; anomaly detection learns from good parts and needs at least 5 (labels seen: "
                    + images.labelCounts() + ")");
        }
        int heldOut = Math.max(1, (int) Math.round(good.size() * HELD_OUT));
        List<Integer> train = good.subList(0, good.size() - heldOut);
        List<Integer> held = good.subList(good.size() - heldOut, good.size());
        log.accept(String.format(Locale.ROOT, "%d good images: %d for the memory bank, %d held out for the threshold; %d others ignored",
                good.size(), train.size(), held.size(), images.size() - good.size()));
        byte[] onnx = network.load();
        MemoryBank bank;
        try (FeatureExtractor features = new FeatureExtractor(network, onnx, images.channels(), stage.getTileSize())) {
            bank = MemoryBank.fit(features, images, train, stage, seed, log);
        }
        byte[] model = AnomalyGraphs.anomalyModel(network, onnx, images.channels(), stage.getTileSize(), bank.rows, bank.m, bank.shift,
                bank.scale);
        Path parent = modelDir.toAbsolutePath().normalize().getParent();
        Files.createDirectories(parent);
        Path staging = Files.createTempDirectory(parent, "." + modelDir.getFileName() + ".partial-");
        try {
            Files.write(staging.resolve(MODEL_FILE), model);
            float[] scores = scoreHeldOut(engine, staging.resolve(MODEL_FILE), stage, images, held, bank, network, onnx);
            double threshold = threshold(scores, stage.getFalseRejectRate());
            stage.setModelFile(MODEL_FILE);
            decision.setThreshold(threshold);
            double seconds = (System.nanoTime() - start) / 1e9;
            ModelCard card = card(stage, network, bank, scores, threshold, dataset, good.size(), held.size(), images, seconds, seed);
            card.write(staging.resolve(ModelCard.FILE));
            recordGolden(staging.resolve(MODEL_FILE), stage.getTileSize(), images, held, card.outputShape());
            Path trainedPipeline = staging.resolve(pipelineFile.getFileName());
            ModelFolder.saveBeside(pipeline, trainedPipeline);
            ModelFolder.swapIn(staging, modelDir.toAbsolutePath().normalize());
            log.accept(String.format(Locale.ROOT,
                    "Trained anomaly detection in %.1f s: memory bank %d patches (%.1f MB), threshold %.4g rejects %d of %d held-out good images",
                    seconds, bank.m, bank.bytes() / 1e6, threshold, rejected(scores, threshold), scores.length));
            return new Trained(modelDir.resolve(pipelineFile.getFileName()), card, good.size(), held.size(), images.size() - good.size(),
                    bank.m, threshold, seconds);
        } finally {
            ModelFolder.deleteTree(staging);
        }
    }

    private static void checkTile(AnomalyStage stage, FeatureNetwork network) throws PipelineException {
        int tile = stage.getTileSize();
        if (tile < network.deepestStride() || tile % network.deepestStride() != 0) {
            throw new PipelineException(PipelinePaths.of(stage) + ": tile size " + tile + " is not a multiple of " + network.deepestStride()
                    + ", the deepest stride of " + network.describe());
        }
        checkRate(stage);
    }

    static void checkRate(AnomalyStage stage) throws PipelineException {
        if (stage.getFalseRejectRate() <= 0 || stage.getFalseRejectRate() >= 0.5) {
            throw new PipelineException(PipelinePaths.of(stage) + ": false-reject rate " + stage.getFalseRejectRate()
                    + " cannot be reached; give a share of good parts in (0, 0.5), e.g. 0.01");
        }
    }

    /**
     * Scores the held-out good images through the pipeline's own path (the engine's ONNX Runtime
     * session and {@link AnomalyScorer}); first checks the exported model against a brute-force
     * search of the bank on one tile.
     */
    private static float[] scoreHeldOut(PipelineEngine engine, Path modelFile, AnomalyStage stage, CapturedImages images, List<Integer> held,
            MemoryBank bank, FeatureNetwork network, byte[] onnx) throws PipelineException {
        String path = PipelinePaths.of(stage);
        InferenceSession session = CapturedImages.onnxRuntime(engine, modelFile);
        try (session) {
            AnomalyScorer scorer = new AnomalyScorer(path, session, stage.getTileOverlap(), stage.getSmoothing());
            float[] image = new float[images.width * images.height * images.channels];
            checkExport(session, network, onnx, images.image(held.get(0), image), images, stage, bank);
            float[] scores = new float[held.size()];
            for (int i = 0; i < held.size(); i++) {
                scores[i] = scorer.score(images.image(held.get(i), image), images.width, images.height, images.channels);
            }
            return scores;
        }
    }

    /**
     * Golden inputs for the parity gate ({@code golden.json}): the first tile of a few held-out good
     * images with the anomaly map ONNX Runtime computes for it, so that packaging and deployment prove
     * the packaged model still computes the same map.
     */
    static void recordGolden(Path modelFile, int tile, CapturedImages images, List<Integer> held, int[] mapShape) throws IOException {
        float[] image = new float[images.width * images.height * images.channels];
        List<float[]> tiles = new ArrayList<>();
        int count = Math.min(GOLDEN_TILES, held.size()); // a tile is large: two make the file about 0.7 MB per channel
        for (int k = 0; k < count; k++) {
            int i = k * held.size() / count;
            float[] input = new float[images.channels * tile * tile];
            AnomalyScorer.copyTile(images.image(held.get(i), image), images.width, images.height, images.channels, 0, 0, tile, input);
            tiles.add(input);
        }
        GoldenSet.record(modelFile, new int[] {images.channels, tile, tile}, mapShape, tiles, "first tile of held-out good images");
    }

    private static void checkExport(InferenceSession session, FeatureNetwork network, byte[] onnx, float[] image, CapturedImages images,
            AnomalyStage stage, MemoryBank bank) throws PipelineException {
        int tile = stage.getTileSize();
        float[] tileInput = new float[images.channels * tile * tile];
        AnomalyScorer.copyTile(image, images.width, images.height, images.channels, 0, 0, tile, tileInput);
        float[] exported = new float[session.signature().outputSize()];
        session.run(tileInput, exported);
        float[] grid;
        int cells;
        try (FeatureExtractor features = new FeatureExtractor(network, onnx, images.channels, tile)) {
            grid = features.extract(tileInput);
            cells = features.cells();
        }
        double worst = 0;
        for (int cell = 0; cell < cells; cell++) {
            double best = Double.MAX_VALUE;
            for (int j = 0; j < bank.m; j++) {
                double s = 0;
                for (int k = 0; k < bank.d; k++) {
                    double t = (grid[k * cells + cell] - bank.shift[k]) * bank.scale[k] - bank.rows[j * bank.d + k];
                    s += t * t;
                }
                best = Math.min(best, s);
            }
            double expected = Math.sqrt(best);
            worst = Math.max(worst, Math.abs(expected - exported[cell]) / Math.max(1, expected));
        }
        if (worst > MAX_EXPORT_ERROR) {
            throw new PipelineException(PipelinePaths.of(stage) + ": the exported anomaly model disagrees with the memory bank (relative error "
                    + String.format(Locale.ROOT, "%.2g", worst) + " > " + MAX_EXPORT_ERROR + "); nothing was written");
        }
    }

    /**
     * The threshold that rejects at most {@code rate} of the held-out good scores: the
     * {@code (k+1)}-th highest score with {@code k = floor(rate · n)} (outcomes are positive above
     * the threshold). With fewer than {@code 1 / rate} held-out images that is their highest score.
     */
    static double threshold(float[] scores, double rate) {
        float[] sorted = scores.clone();
        Arrays.sort(sorted);
        int allowed = (int) Math.floor(rate * sorted.length);
        return sorted[sorted.length - 1 - Math.min(allowed, sorted.length - 1)];
    }

    static int rejected(float[] scores, double threshold) {
        int n = 0;
        for (float s : scores) {
            n += s > threshold ? 1 : 0;
        }
        return n;
    }

    private static ModelCard card(AnomalyStage stage, FeatureNetwork network, MemoryBank bank, float[] scores, double threshold, Dataset dataset,
            int good, int held, CapturedImages images, double seconds, long seed) {
        double[] held2 = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            held2[i] = scores[i];
        }
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("dataset", dataset.dir().toString());
        training.put("method", "PatchCore: nearest-neighbour distance of pretrained patch features to a coreset of good patches");
        training.put("featureExtractor", network.describe());
        training.put("featureExtractorLicence", network.licence());
        training.put("goodImages", good);
        training.put("heldOutGoodImages", held);
        training.put("ignoredImages", images.size() - good);
        training.put("imageSize", images.width + "x" + images.height + "x" + images.channels);
        training.put("candidatePatches", bank.candidates);
        training.put("memoryBankPatches", bank.m);
        training.put("memoryBankBytes", bank.bytes());
        training.put("falseRejectRate", stage.getFalseRejectRate());
        training.put("heldOutRejected", rejected(scores, threshold));
        training.put("seed", seed);
        training.put("seconds", seconds);
        int grid = stage.getTileSize() / network.stride();
        return new ModelCard("PATCHCORE", MODEL_FILE, null, new int[] {images.channels, stage.getTileSize(), stage.getTileSize()},
                new int[] {grid, grid}, List.of(), List.of("ok", "defect"), ModelCard.quantiles(held2), threshold, training);
    }

    static AnomalyStage onlyAnomalyStage(Pipeline pipeline, Path file) throws PipelineException {
        List<AnomalyStage> found = pipeline.getStages().stream().filter(AnomalyStage.class::isInstance).map(AnomalyStage.class::cast).toList();
        if (found.size() != 1) {
            throw new PipelineException(file + ": has " + found.size() + " anomaly stages; training needs exactly one");
        }
        return found.get(0);
    }

    static DecisionStage thresholdAfter(Pipeline pipeline, AnomalyStage stage, Path file) throws PipelineException {
        for (Connection c : pipeline.getConnections()) {
            if (c.getSource() != null && c.getSource().eContainer() == stage && c.getTarget() != null
                    && c.getTarget().eContainer() instanceof DecisionStage decision && decision.getKind() == DecisionKind.THRESHOLD) {
                return decision;
            }
        }
        throw new PipelineException(file + ": no threshold decision follows " + PipelinePaths.of(stage)
                + "; connect its score to a decision of kind threshold");
    }
}
