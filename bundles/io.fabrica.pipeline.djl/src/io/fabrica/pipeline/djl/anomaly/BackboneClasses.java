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
import java.util.Random;
import java.util.function.Consumer;

import io.fabrica.pipeline.Connection;
import io.fabrica.pipeline.DecisionKind;
import io.fabrica.pipeline.DecisionStage;
import io.fabrica.pipeline.ModelStage;
import io.fabrica.pipeline.NormalizeStage;
import io.fabrica.pipeline.Pipeline;
import io.fabrica.pipeline.Stage;
import io.fabrica.pipeline.api.InferenceSession;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.data.Dataset;
import io.fabrica.pipeline.djl.ModelFolder;
import io.fabrica.pipeline.djl.parity.GoldenSet;
import io.fabrica.pipeline.djl.training.ModelKind;
import io.fabrica.pipeline.djl.training.ModelTrainer;
import io.fabrica.pipeline.djl.training.TrainingData;
import io.fabrica.pipeline.djl.training.TrainingException;
import io.fabrica.pipeline.djl.training.TrainingOptions;
import io.fabrica.pipeline.djl.training.TrainingProgress;
import io.fabrica.pipeline.djl.training.TrainingResult;
import io.fabrica.pipeline.engine.ModelCard;
import io.fabrica.pipeline.engine.PipelineEngine;
import io.fabrica.pipeline.resource.PipelineFiles;
import io.fabrica.pipeline.validation.PipelinePaths;

/**
 * Supervised defect classes on a pretrained backbone: a model stage whose model file is
 * {@code pretrained:<network:layers>} (e.g. {@code pretrained:PP-OCRv4-det:p2o.Add.71,p2o.Add.147})
 * becomes the frozen backbone — the network's patch features pooled over the image (mean and maximum)
 * — and the model stage after it (through a normalization) is the head, a small MLP trained with DJL.
 * Only the head learns, so a few hundred labelled parts suffice where a CNN from scratch needs many
 * more. The labelled images (in time order) are split as usual (the last part validates); the training
 * part is augmented ({@link Augmentations}: mirrors, small turns, brightness) and class-balanced (each
 * class repeated up to the largest one), the validation part is not touched.
 */
public final class BackboneClasses {

    /** The model-file prefix that marks a pretrained backbone to be cut at training. */
    public static final String PRETRAINED = "pretrained:";

    /** The backbone's model file in a model folder. */
    static final String BACKBONE_FILE = "backbone.onnx";

    /** The head's model file in a model folder. */
    static final String HEAD_FILE = "head.onnx";

    private BackboneClasses() {
    }

    /**
     * @param pipeline a pipeline
     * @return whether one of its model stages is a pretrained backbone (then this class trains it)
     */
    public static boolean applies(Pipeline pipeline) {
        return pipeline.getStages().stream().anyMatch(s -> s instanceof ModelStage m && isBackbone(m));
    }

    private static boolean isBackbone(ModelStage m) {
        return m.getModelFile() != null && m.getModelFile().startsWith(PRETRAINED);
    }

    /**
     * What a training wrote.
     *
     * @param pipelineFile the trained pipeline in the model folder
     * @param card the head's model card
     * @param result the head's training result
     * @param samples the images replayed
     */
    public record Trained(Path pipelineFile, ModelCard card, TrainingResult result, int samples) {
    }

    /** The stages training needs, found in the pipeline. */
    private record Parts(ModelStage backbone, NormalizeStage normalize, ModelStage head, DecisionStage decision, FeatureNetwork network) {
    }

    /**
     * Trains the head of a pipeline with a pretrained backbone.
     *
     * @param engine the pipeline engine
     * @param pipelineFile the pipeline
     * @param dataset the labelled dataset
     * @param modelDir the model folder to create or replace
     * @param options training options (seed, epochs, validation share)
     * @param log receives progress lines
     * @param progress receives epochs, may cancel; may be {@code null}
     * @return what was written
     * @throws PipelineException if the pipeline is not backbone → normalize → head → argmax decision, a
     *         class has no image, or training fails; nothing is written then
     * @throws IOException if files cannot be read or written
     */
    public static Trained train(PipelineEngine engine, Path pipelineFile, Dataset dataset, Path modelDir,
            TrainingOptions options, Consumer<String> log, TrainingProgress progress) throws PipelineException, IOException {
        long start = System.nanoTime();
        Pipeline pipeline = PipelineFiles.load(pipelineFile);
        Parts parts = parts(pipeline, pipelineFile);
        Path base = pipelineFile.toAbsolutePath().getParent();
        log.accept("Capturing the images " + PipelinePaths.of(parts.backbone()) + " sees, from " + dataset.dir());
        CapturedImages images = CapturedImages.capture(engine, pipeline, base, parts.backbone(), dataset);
        List<String> classes = List.copyOf(parts.decision().getClasses());
        List<Integer> used = labelled(images, classes, dataset);
        Path parent = modelDir.toAbsolutePath().normalize().getParent();
        Files.createDirectories(parent);
        Path staging = Files.createTempDirectory(parent, "." + modelDir.getFileName() + ".partial-");
        try {
            Path backboneFile = staging.resolve(BACKBONE_FILE);
            Files.write(backboneFile, AnomalyGraphs.pooledFeatureModel(parts.network(), parts.network().load(), images.channels(), side(images,
                    parts)));
            int validation = Math.max(1, (int) Math.round(used.size() * options.validationFraction()));
            Features features = features(engine, backboneFile, images, used, validation, classes, options.seed(), log);
            fitNormalization(parts.normalize(), features);
            TrainingResult result = trainHead(features, classes, options, staging.resolve(HEAD_FILE), progress, pipelineFile, dataset);
            GoldenSet.record(staging.resolve(HEAD_FILE), result.inputShape(), result.outputShape(),
                    GoldenSet.spread(features.inputs, features.inputs.length - features.validation), "validation parts at the head's input");
            setModel(parts.backbone(), BACKBONE_FILE, new int[] {images.channels(), images.width, images.height}, features.dimension());
            setModel(parts.head(), HEAD_FILE, result.inputShape(), result.outputShape()[0]);
            double seconds = (System.nanoTime() - start) / 1e9;
            ModelCard card = card(parts, result, classes, features, images, dataset, seconds, options.seed());
            card.write(staging.resolve(ModelCard.FILE));
            ModelFolder.saveBeside(pipeline, staging.resolve(pipelineFile.getFileName()));
            ModelFolder.swapIn(staging, modelDir.toAbsolutePath().normalize());
            log.accept(String.format(Locale.ROOT, "Trained the head on %s in %.1f s: %d training vectors (augmented, balanced), %d validation parts,"
                    + " %d epochs (best %d), validation loss %.4g", parts.network().describe(), seconds, features.inputs.length - features.validation,
                    features.validation, result.epochs(), result.bestEpoch(), result.bestValidationLoss()));
            return new Trained(modelDir.resolve(pipelineFile.getFileName()), card, result, images.size());
        } finally {
            ModelFolder.deleteTree(staging);
        }
    }

    private static Parts parts(Pipeline pipeline, Path file) throws PipelineException {
        ModelStage backbone = pipeline.getStages().stream().filter(s -> s instanceof ModelStage m && isBackbone(m)).map(ModelStage.class::cast)
                .findFirst().orElseThrow();
        Stage next = after(pipeline, backbone);
        NormalizeStage normalize = next instanceof NormalizeStage n ? n : null;
        Stage headStage = normalize == null ? next : after(pipeline, normalize);
        if (!(headStage instanceof ModelStage head) || !(after(pipeline, head) instanceof DecisionStage decision)
                || decision.getKind() != DecisionKind.ARGMAX || decision.getClasses().size() < 2) {
            throw new PipelineException(file + ": " + PipelinePaths.of(backbone)
                    + " is a pretrained backbone; connect it (through a normalization) to a model stage, the head, and that to an argmax decision"
                    + " with the classes");
        }
        String spec = backbone.getModelFile().substring(PRETRAINED.length());
        return new Parts(backbone, normalize, head, decision, FeatureNetwork.parse(spec));
    }

    /** The stage the first output of {@code stage} feeds, or null. */
    private static Stage after(Pipeline pipeline, Stage stage) {
        for (Connection c : pipeline.getConnections()) {
            if (c.getSource() != null && c.getSource().eContainer() == stage && c.getTarget() != null && c.getTarget().eContainer() instanceof Stage s) {
                return s;
            }
        }
        return null;
    }

    private static int side(CapturedImages images, Parts parts) throws PipelineException {
        int stride = parts.network().deepestStride();
        if (images.width != images.height || images.width % stride != 0) {
            throw new PipelineException(PipelinePaths.of(parts.backbone()) + ": the backbone takes square images of a multiple of " + stride
                    + " pixels, not " + images.width + "x" + images.height + "; resize them before it");
        }
        return images.width;
    }

    private static List<Integer> labelled(CapturedImages images, List<String> classes, Dataset dataset) throws PipelineException {
        List<Integer> used = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            if (classes.contains(images.labels.get(i))) {
                used.add(i);
            }
        }
        for (String c : classes) {
            if (used.stream().noneMatch(i -> images.labels.get(i).equals(c))) {
                throw new PipelineException(dataset.dir() + ": no image is labelled '" + c + "' (labels seen: " + images.labelCounts()
                        + "); every class needs examples");
            }
        }
        return used;
    }

    /** Head inputs: the training part (augmented, balanced) first, then the validation part. */
    private static final class Features {
        float[][] inputs;
        int[] labels;
        int validation;

        int dimension() {
            return inputs[0].length;
        }
    }

    private static Features features(PipelineEngine engine, Path backboneFile, CapturedImages images, List<Integer> used,
            int validation, List<String> classes, long seed, Consumer<String> log) throws PipelineException {
        List<Integer> train = used.subList(0, used.size() - validation);
        List<Integer> held = used.subList(used.size() - validation, used.size());
        InferenceSession session = CapturedImages.onnxRuntime(engine, backboneFile);
        try (session) {
            log.accept(String.format(Locale.ROOT, "Backbone features of %d training parts (x%d augmented) and %d validation parts", train.size(),
                    Augmentations.VARIANTS, held.size()));
            List<List<float[]>> byClass = new ArrayList<>();
            classes.forEach(c -> byClass.add(new ArrayList<>()));
            float[] image = new float[images.width * images.height * images.channels];
            for (int i : train) {
                for (float[] variant : Augmentations.of(images.image(i, image).clone(), images.channels(), images.width)) {
                    byClass.get(classes.indexOf(images.labels.get(i))).add(run(session, variant));
                }
            }
            Features f = new Features();
            List<float[]> rows = new ArrayList<>();
            List<Integer> labels = new ArrayList<>();
            balance(byClass, new Random(seed), rows, labels);
            for (int i : held) {
                rows.add(run(session, images.image(i, image)));
                labels.add(classes.indexOf(images.labels.get(i)));
            }
            f.inputs = rows.toArray(new float[0][]);
            f.labels = labels.stream().mapToInt(Integer::intValue).toArray();
            f.validation = held.size();
            return f;
        }
    }

    private static float[] run(InferenceSession session, float[] input) throws PipelineException {
        float[] out = new float[session.signature().outputSize()];
        session.run(input, out);
        return out;
    }

    /** Each class's rows repeated (in a shuffled order) up to the largest class's count; classes without rows stay empty. */
    private static void balance(List<List<float[]>> byClass, Random random, List<float[]> rows, List<Integer> labels) {
        int most = byClass.stream().mapToInt(List::size).max().orElse(0);
        List<int[]> order = new ArrayList<>();
        for (int c = 0; c < byClass.size(); c++) {
            for (int k = 0; k < (byClass.get(c).isEmpty() ? 0 : most); k++) {
                order.add(new int[] {c, k % byClass.get(c).size()});
            }
        }
        java.util.Collections.shuffle(order, random);
        for (int[] o : order) {
            rows.add(byClass.get(o[0]).get(o[1]).clone());
            labels.add(o[0]);
        }
    }

    /** Fits the normalization on the training rows and standardizes all rows; without one, rows stay as they are. */
    private static void fitNormalization(NormalizeStage normalize, Features f) {
        if (normalize == null) {
            return;
        }
        int d = f.dimension();
        int n = f.inputs.length - f.validation;
        double[] mean = new double[d];
        double[] squares = new double[d];
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < d; i++) {
                mean[i] += f.inputs[s][i] / n;
            }
        }
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < d; i++) {
                squares[i] += (f.inputs[s][i] - mean[i]) * (f.inputs[s][i] - mean[i]) / n;
            }
        }
        normalize.getMeans().clear();
        normalize.getDeviations().clear();
        for (int i = 0; i < d; i++) {
            double deviation = Math.max(1e-6, Math.sqrt(squares[i]));
            normalize.getMeans().add(mean[i]);
            normalize.getDeviations().add(deviation);
            for (float[] row : f.inputs) {
                row[i] = (float) ((row[i] - mean[i]) / deviation);
            }
        }
    }

    private static TrainingResult trainHead(Features f, List<String> classes, TrainingOptions options, Path headFile, TrainingProgress progress,
            Path pipelineFile, Dataset dataset) throws PipelineException {
        TrainingOptions split = new TrainingOptions(options.seed(), options.maxEpochs(), options.patience(),
                f.validation / (double) f.inputs.length, options.batchSize(), options.learningRate());
        try {
            return ModelTrainer.train(ModelKind.MLP_CLASSIFIER, new TrainingData(f.inputs, new int[] {f.dimension()}, f.labels, classes), split,
                    headFile, progress);
        } catch (TrainingException e) {
            throw new PipelineException("training " + pipelineFile.getFileName() + " on " + dataset.dir() + " failed: " + e.getMessage(), e);
        }
    }

    private static void setModel(ModelStage stage, String file, int[] inputShape, int outputs) {
        stage.setModelFile(file);
        stage.getInputShape().clear();
        Arrays.stream(inputShape).forEach(stage.getInputShape()::add);
        stage.getOutputShape().clear();
        stage.getOutputShape().add(outputs);
    }

    private static ModelCard card(Parts parts, TrainingResult result, List<String> classes, Features f, CapturedImages images,
            Dataset dataset, double seconds, long seed) {
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("dataset", dataset.dir().toString());
        training.put("method", "pretrained backbone (frozen, features pooled: mean and maximum) + MLP head trained with DJL");
        training.put("backbone", parts.network().describe());
        training.put("backboneLicence", parts.network().licence());
        training.put("augmentations", "left-right and top-bottom mirror, turns of +-" + Augmentations.TURN_DEGREES + " degrees, brightness "
                + Arrays.toString(Augmentations.BRIGHTNESS));
        training.put("classBalanced", true);
        training.put("labelCounts", images.labelCounts());
        training.put("trainingVectors", f.inputs.length - f.validation);
        training.put("validationParts", f.validation);
        training.put("seed", seed);
        training.put("seconds", seconds);
        return new ModelCard("BACKBONE_CLASSIFIER", HEAD_FILE, null, result.inputShape(), result.outputShape(), List.of(), classes,
                new double[0], Double.NaN, training);
    }
}
