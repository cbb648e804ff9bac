package io.fabrica.pipeline.djl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;


import io.fabrica.pipeline.Connection;
import io.fabrica.pipeline.DecisionKind;
import io.fabrica.pipeline.DecisionStage;
import io.fabrica.pipeline.ImagePreprocessStage;
import io.fabrica.pipeline.ModelStage;
import io.fabrica.pipeline.NormalizeStage;
import io.fabrica.pipeline.Pipeline;
import io.fabrica.pipeline.Port;
import io.fabrica.pipeline.PortDirection;
import io.fabrica.pipeline.Stage;
import io.fabrica.pipeline.api.Frame;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.data.Dataset;
import io.fabrica.pipeline.data.MissingValues;
import io.fabrica.pipeline.djl.training.ModelKind;
import io.fabrica.pipeline.djl.training.ModelTrainer;
import io.fabrica.pipeline.djl.training.TrainingData;
import io.fabrica.pipeline.djl.training.TrainingException;
import io.fabrica.pipeline.djl.training.TrainingOptions;
import io.fabrica.pipeline.djl.training.TrainingProgress;
import io.fabrica.pipeline.djl.training.TrainingResult;
import io.fabrica.pipeline.engine.CompileOptions;
import io.fabrica.pipeline.engine.CompiledPipeline;
import io.fabrica.pipeline.engine.DatasetReplay;
import io.fabrica.pipeline.engine.ModelCard;
import io.fabrica.pipeline.engine.PipelineEngine;
import io.fabrica.pipeline.engine.ReplayProgress;
import io.fabrica.pipeline.resource.PipelineFiles;
import io.fabrica.pipeline.validation.PipelinePaths;

/**
 * Trains the model of a pipeline on a recorded dataset ({@code fabrica train}): the part of the
 * pipeline before the model runs over the dataset and its output is captured; a normalize stage right
 * before the model is fitted on the training part only (the first samples in time: no leakage into the
 * validation part); the model kind follows the decision (threshold → autoencoder trained on normal data;
 * argmax → MLP for vectors, CNN for images); the threshold of an autoencoder is fitted on the validation
 * scores. The result is a model folder: {@code model.onnx}, {@code model-0000.params}, {@code model.json}
 * and a trained copy of the pipeline that refers to them. The folder is assembled beside the target and
 * swapped in only when complete, so a failed or cancelled training never replaces a previous model.
 */
public final class PipelineTraining {

    /** Ground-truth labels that count as healthy. */
    public static final Set<String> NORMAL_LABELS = Set.of("normal", "ok");

    /** Quantile of the validation scores the autoencoder threshold is set at. */
    private static final double THRESHOLD_QUANTILE = 0.995;

    /** Margin on that quantile: normal operation drifts between recordings more than within one. */
    private static final double THRESHOLD_MARGIN = 1.5;

    /** Smallest deviation of a normalized value, as a fraction of its signal's range (or of its mean). */
    private static final double RANGE_FRACTION = 0.01;

    private PipelineTraining() {
    }

    /**
     * What a training produced.
     *
     * @param pipelineFile the trained pipeline in the model folder
     * @param card the model card
     * @param result the trainer's result
     * @param samples the samples captured from the dataset (before filtering normal ones)
     */
    public record Trained(Path pipelineFile, ModelCard card, TrainingResult result, int samples) {
    }

    /**
     * Trains a pipeline.
     *
     * @param engine the pipeline engine (for running the part before the model)
     * @param pipelineFile the pipeline
     * @param datasetDir the recorded dataset
     * @param modelDir the model folder to create or replace
     * @param options training options
     * @param log receives progress lines
     * @param progress receives epochs, may cancel; may be {@code null}
     * @return what was written
     * @throws PipelineException if the pipeline has not exactly one model stage, no decision after it,
     *         the dataset lacks its signals, labels do not match the classes, or training fails; the
     *         message names the file and problem
     * @throws IOException if files cannot be read or written
     */
    public static Trained train(PipelineEngine engine, Path pipelineFile, Path datasetDir, Path modelDir, TrainingOptions options,
            Consumer<String> log, TrainingProgress progress) throws PipelineException, IOException {
        Pipeline pipeline = PipelineFiles.load(pipelineFile);
        if (io.fabrica.pipeline.djl.anomaly.BackboneClasses.applies(pipeline)) {
            io.fabrica.pipeline.djl.anomaly.BackboneClasses.Trained head = io.fabrica.pipeline.djl.anomaly.BackboneClasses.train(engine,
                    pipelineFile, Dataset.open(datasetDir), modelDir, options, log, progress);
            return new Trained(head.pipelineFile(), head.card(), head.result(), head.samples());
        }
        ModelStage model = only(pipeline, ModelStage.class, pipelineFile);
        DecisionStage decision = decisionAfter(pipeline, model, pipelineFile);
        Stage feeder = feeding(pipeline, model);
        Dataset dataset = Dataset.open(datasetDir);
        log.accept("Capturing the input of " + PipelinePaths.of(model) + " from " + dataset.dir());
        Captured captured = capture(engine, pipeline, pipelineFile.toAbsolutePath().getParent(), model, feeder, dataset);
        ModelKind kind = kindOf(decision, feeder);
        List<String> classes = kind == ModelKind.AUTOENCODER ? List.of("normal", "anomaly") : List.copyOf(decision.getClasses());
        List<Integer> used = select(captured, kind, classes, datasetDir);
        log.accept(used.size() + " of " + captured.size() + " samples used for training and validation (" + kind + ")");
        float[][] inputs = new float[used.size()][];
        int[] labels = kind != ModelKind.AUTOENCODER ? new int[used.size()] : null;
        for (int i = 0; i < used.size(); i++) {
            inputs[i] = captured.values.get(used.get(i));
            if (labels != null) {
                labels[i] = classes.indexOf(captured.labels.get(used.get(i)));
            }
        }
        if (feeder instanceof NormalizeStage normalize) {
            fitNormalization(normalize, inputs, options.validationFraction(), deviationFloors(pipeline, normalize, inputs[0].length));
        }
        int[] shape = shapeOf(feeder, inputs[0].length);
        Path parent = modelDir.toAbsolutePath().normalize().getParent();
        Files.createDirectories(parent);
        Path staging = Files.createTempDirectory(parent, "." + modelDir.getFileName() + ".partial-");
        try {
            TrainingResult result;
            try {
                result = ModelTrainer.train(kind, new TrainingData(inputs, shape, labels, classes), options, staging.resolve("model.onnx"),
                        progress);
            } catch (TrainingException e) {
                throw new PipelineException("training " + pipelineFile.getFileName() + " on " + datasetDir + " failed: " + e.getMessage(), e);
            }
            int validationStart = (int) Math.floor(inputs.length * (1 - options.validationFraction()));
            io.fabrica.pipeline.djl.parity.GoldenSet.record(staging.resolve("model.onnx"), result.inputShape(), result.outputShape(),
                    io.fabrica.pipeline.djl.parity.GoldenSet.spread(inputs, validationStart), "validation samples of " + datasetDir
                            + " at the model's input, outputs by raw ONNX Runtime at training");
            double threshold = decision.getKind() == DecisionKind.THRESHOLD ? fitThreshold(decision, result) : decision.getThreshold();
            decision.setThreshold(threshold);
            model.setModelFile("model.onnx");
            model.getInputShape().clear();
            Arrays.stream(result.inputShape()).forEach(model.getInputShape()::add);
            model.getOutputShape().clear();
            Arrays.stream(result.outputShape()).forEach(model.getOutputShape()::add);
            ModelCard card = card(kind, result, captured.names, classes, threshold, datasetDir, used.size(), options);
            card.write(staging.resolve(ModelCard.FILE));
            Path trainedPipeline = staging.resolve(pipelineFile.getFileName());
            ModelFolder.saveBeside(pipeline, trainedPipeline);
            ModelFolder.swapIn(staging, modelDir.toAbsolutePath().normalize());
            log.accept(String.format(java.util.Locale.ROOT, "Trained %s in %.1f s: %d epochs (best %d), validation loss %.5g, ONNX export max error %.2g",
                    kind, result.trainSeconds(), result.epochs(), result.bestEpoch(), result.bestValidationLoss(), result.exportMaxAbsError()));
            return new Trained(modelDir.resolve(pipelineFile.getFileName()), card, result, captured.size());
        } finally {
            ModelFolder.deleteTree(staging);
        }
    }

    /** The samples captured at the model's input, in time order. */
    private static final class Captured {
        final List<float[]> values = new ArrayList<>();
        final List<String> labels = new ArrayList<>();
        String[] names = new String[0];

        int size() {
            return values.size();
        }
    }

    private static Captured capture(PipelineEngine engine, Pipeline pipeline, Path base, ModelStage model, Stage feeder, Dataset dataset)
            throws PipelineException, IOException {
        Captured captured = new Captured();
        int slot = outputIndexFeeding(pipeline, feeder, model);
        try (CompiledPipeline graph = engine.compile(pipeline, base, CompileOptions.without(Set.of(model)))) {
            captured.names = graph.outputNames(feeder, slot);
            graph.tap(feeder, slot, (Frame frame) -> {
                captured.values.add(Arrays.copyOf(frame.values(), frame.length()));
                captured.labels.add(frame.label());
            });
            DatasetReplay.replay(dataset, graph, MissingValues.FORWARD_FILL, ReplayProgress.NONE);
        }
        if (captured.size() == 0) {
            throw new PipelineException(dataset.dir() + ": replaying it produced no input for " + PipelinePaths.of(model)
                    + " (is the recording too short for one window?)");
        }
        return captured;
    }

    private static List<Integer> select(Captured captured, ModelKind kind, List<String> classes, Path datasetDir) throws PipelineException {
        List<Integer> used = new ArrayList<>();
        Set<String> unknown = new LinkedHashSet<>();
        for (int i = 0; i < captured.size(); i++) {
            String label = captured.labels.get(i);
            if (kind == ModelKind.AUTOENCODER) {
                if (label.isEmpty() || NORMAL_LABELS.contains(label)) {
                    used.add(i);
                }
            } else if (classes.contains(label)) {
                used.add(i);
            } else {
                unknown.add(label.isEmpty() ? "<unlabelled>" : label);
            }
        }
        if (!unknown.isEmpty()) {
            throw new PipelineException(datasetDir + ": labels " + unknown + " are not among the decision's classes " + classes
                    + "; name them in the decision stage or record a dataset with these classes");
        }
        if (used.isEmpty()) {
            throw new PipelineException(datasetDir + ": no " + (kind == ModelKind.AUTOENCODER ? "normal " : "") + "samples to train on");
        }
        return used;
    }

    /**
     * The smallest deviation each normalized value may have: 1 % of the plant signal's range for a
     * scalar read straight from the plant (a bearing temperature that stayed within 0.05 °C during a
     * short recording must not turn a 0.7 °C drift into a 15-sigma anomaly), else 0 (then 1 % of the
     * mean, below).
     */
    private static double[] deviationFloors(Pipeline pipeline, NormalizeStage stage, int dimension) {
        double[] floors = new double[dimension];
        int at = 0;
        for (Port in : stage.getPorts()) {
            if (in.getDirection() != PortDirection.IN) {
                continue;
            }
            Stage feeder = null;
            for (Connection c : pipeline.getConnections()) {
                if (c.getTarget() == in && c.getSource() != null) {
                    feeder = (Stage) c.getSource().eContainer();
                }
            }
            int size = Math.max(1, in.getSize());
            if (feeder instanceof io.fabrica.pipeline.SignalSource source && source.getSignal() != null && size == 1 && at < dimension) {
                io.fabrica.model.plant.Signal signal = source.getSignal();
                if (signal.getMinimum() != null && signal.getMaximum() != null) {
                    floors[at] = RANGE_FRACTION * Math.abs(signal.getMaximum() - signal.getMinimum());
                }
            }
            at += size;
        }
        return floors;
    }

    private static void fitNormalization(NormalizeStage stage, float[][] inputs, double validationFraction, double[] floors) {
        int training = Math.max(1, (int) Math.floor(inputs.length * (1 - validationFraction)));
        int dim = inputs[0].length;
        double[] mean = new double[dim];
        double[] sq = new double[dim];
        for (int s = 0; s < training; s++) {
            for (int i = 0; i < dim; i++) {
                mean[i] += inputs[s][i];
            }
        }
        for (int i = 0; i < dim; i++) {
            mean[i] /= training;
        }
        for (int s = 0; s < training; s++) {
            for (int i = 0; i < dim; i++) {
                double d = inputs[s][i] - mean[i];
                sq[i] += d * d;
            }
        }
        stage.getMeans().clear();
        stage.getDeviations().clear();
        for (int i = 0; i < dim; i++) {
            double dev = Math.max(Math.sqrt(sq[i] / Math.max(1, training - 1)),
                    Math.max(floors[i], RANGE_FRACTION * Math.abs(mean[i])));
            stage.getMeans().add(mean[i]);
            stage.getDeviations().add(dev);
        }
        for (float[] v : inputs) {
            for (int i = 0; i < dim; i++) {
                double dev = stage.getDeviations().get(i);
                v[i] = dev == 0 ? 0f : (float) ((v[i] - mean[i]) / dev);
            }
        }
    }

    private static double fitThreshold(DecisionStage decision, TrainingResult result) {
        if (decision.getThreshold() > 0) {
            return decision.getThreshold();
        }
        float[] scores = result.validationScores().clone();
        Arrays.sort(scores);
        return THRESHOLD_MARGIN * scores[(int) Math.min(scores.length - 1, Math.ceil(THRESHOLD_QUANTILE * (scores.length - 1)))];
    }

    private static ModelCard card(ModelKind kind, TrainingResult result, String[] names, List<String> classes, double threshold,
            Path datasetDir, int samples, TrainingOptions options) {
        double[] scores = new double[result.validationScores().length];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = result.validationScores()[i];
        }
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("dataset", datasetDir.toAbsolutePath().toString());
        training.put("samples", samples);
        training.put("seed", options.seed());
        training.put("epochs", result.epochs());
        training.put("bestEpoch", result.bestEpoch());
        training.put("bestValidationLoss", result.bestValidationLoss());
        training.put("seconds", result.trainSeconds());
        training.put("exportMaxAbsError", result.exportMaxAbsError());
        return new ModelCard(kind.name(), "model.onnx", "model-0000.params", result.inputShape(), result.outputShape(),
                names.length > 64 ? List.of() : List.of(names), classes, kind == ModelKind.AUTOENCODER ? ModelCard.quantiles(scores) : null,
                threshold, training);
    }

    private static ModelKind kindOf(DecisionStage decision, Stage feeder) {
        if (decision.getKind() == DecisionKind.THRESHOLD) {
            return ModelKind.AUTOENCODER;
        }
        return feeder instanceof ImagePreprocessStage ? ModelKind.CNN_CLASSIFIER : ModelKind.MLP_CLASSIFIER;
    }

    private static int[] shapeOf(Stage feeder, int size) {
        if (feeder instanceof ImagePreprocessStage image) {
            return new int[] {image.isGrayscale() ? 1 : 3, image.getHeight(), image.getWidth()};
        }
        return new int[] {size};
    }

    private static <T extends Stage> T only(Pipeline pipeline, Class<T> type, Path file) throws PipelineException {
        List<T> found = pipeline.getStages().stream().filter(type::isInstance).map(type::cast).toList();
        if (found.size() != 1) {
            throw new PipelineException(file + ": has " + found.size() + " model stages; training needs exactly one");
        }
        return found.get(0);
    }

    private static DecisionStage decisionAfter(Pipeline pipeline, ModelStage model, Path file) throws PipelineException {
        for (Connection c : pipeline.getConnections()) {
            if (c.getSource() != null && c.getSource().eContainer() == model && c.getTarget() != null
                    && c.getTarget().eContainer() instanceof DecisionStage decision) {
                return decision;
            }
        }
        throw new PipelineException(file + ": no decision stage follows " + PipelinePaths.of(model)
                + "; training needs it to know the model kind (threshold: anomaly detection, argmax: classes)");
    }

    private static Stage feeding(Pipeline pipeline, ModelStage model) throws PipelineException {
        Port in = model.getPorts().stream().filter(p -> p.getDirection() == PortDirection.IN).findFirst()
                .orElseThrow(() -> new PipelineException(PipelinePaths.of(model) + ": has no input"));
        for (Connection c : pipeline.getConnections()) {
            if (c.getTarget() == in && c.getSource() != null) {
                return (Stage) c.getSource().eContainer();
            }
        }
        throw new PipelineException(PipelinePaths.of(model) + ": its input is not connected");
    }

    private static int outputIndexFeeding(Pipeline pipeline, Stage feeder, ModelStage model) {
        List<Port> outs = feeder.getPorts().stream().filter(p -> p.getDirection() == PortDirection.OUT).toList();
        for (Connection c : pipeline.getConnections()) {
            if (c.getTarget() != null && c.getTarget().eContainer() == model && outs.contains(c.getSource())) {
                return outs.indexOf(c.getSource());
            }
        }
        return 0;
    }
}
