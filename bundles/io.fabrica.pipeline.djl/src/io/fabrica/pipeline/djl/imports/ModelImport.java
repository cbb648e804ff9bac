package io.fabrica.pipeline.djl.imports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.eclipse.emf.common.command.BasicCommandStack;
import org.eclipse.emf.common.command.Command;

import io.fabrica.pipeline.DecisionKind;
import io.fabrica.pipeline.Pipeline;
import io.fabrica.pipeline.api.InferenceEngine;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.djl.ModelFolder;
import io.fabrica.pipeline.djl.onnx.OnnxModelFile;
import io.fabrica.pipeline.djl.onnx.OrtModel;
import io.fabrica.pipeline.djl.parity.GoldenSet;
import io.fabrica.pipeline.djl.parity.ParityGate;
import io.fabrica.pipeline.engine.ModelCard;
import io.fabrica.pipeline.resource.PipelineFiles;
import io.fabrica.pipeline.validation.PipelinePaths;

/**
 * Imports an ONNX model made elsewhere into a pipeline's Model stage ({@code fabrica import-model}, the
 * workbench's "Import ONNX model…"). The model is loaded in ONNX Runtime — which alone decides whether
 * its opset and operators are supported here — its inputs and outputs are described, the batch and any
 * symbolic dimensions are fixed from the stage that feeds the model, the outputs are checked against the
 * decision's classes, and the model is copied with its external data into {@code models/<name>/} beside
 * the pipeline (staged, swapped in when complete, as training does) with {@code model.json} (SHA-256,
 * opset, producer, size, labels, input normalisation) and {@code golden.json} (golden inputs for the
 * parity gate). The pipeline changes through one {@link ImportModelCommand}.
 *
 * <p>Every refusal is a {@link PipelineException} with one line naming the file and the reason; nothing
 * is written then.
 */
public final class ModelImport {

    /** The folder beside the pipeline that model folders go into, as {@code fabrica train} writes them. */
    public static final String MODELS = "models";

    private static final int GOLDEN_SEED = 17;

    /**
     * An import checked and staged, not yet in place.
     *
     * @param description the model's inputs, outputs, opset and producer, one item per line
     * @param staged the staged model folder
     * @param modelDir where it goes
     * @param command the pipeline change
     * @param card the model card written
     * @param parity the parity checks run on the staged model
     */
    public record Prepared(List<String> description, Path staged, Path modelDir, Command command, ModelCard card,
            List<ParityGate.Check> parity) {

        /**
         * Moves the model folder into place (replacing an earlier one, which survives until then).
         *
         * @throws IOException if the move fails; the earlier folder is kept
         */
        public void commit() throws IOException {
            ModelFolder.swapIn(staged, modelDir);
        }

        /** Drops the staged folder (an import that is not wanted after all). */
        public void discard() {
            try {
                ModelFolder.deleteTree(staged);
            } catch (IOException e) {
                // a hidden leftover beside the models; the next import of the same name replaces it
            }
        }
    }

    private ModelImport() {
    }

    /**
     * Imports a model into a pipeline file and saves the pipeline atomically.
     *
     * @param engine Fabrica's ONNX Runtime inference engine (the model must run in it)
     * @param onnx the model file
     * @param pipelineFile the pipeline
     * @param options the user's choices
     * @param log receives the description and progress lines
     * @return what was imported
     * @throws PipelineException one line naming the reason it was refused
     * @throws IOException if files cannot be written
     */
    public static Prepared importInto(InferenceEngine engine, Path onnx, Path pipelineFile, ImportOptions options, Consumer<String> log)
            throws PipelineException, IOException {
        Pipeline pipeline = PipelineFiles.load(pipelineFile);
        Prepared prepared = prepare(engine, onnx, pipeline, pipelineFile.toAbsolutePath().normalize().getParent(), options, log);
        try {
            prepared.commit();
        } finally {
            prepared.discard();
        }
        BasicCommandStack stack = new BasicCommandStack();
        stack.execute(prepared.command());
        PipelineFiles.save(pipeline, pipelineFile);
        return prepared;
    }

    /**
     * Checks and stages an import without touching the pipeline or its folder: the caller executes
     * {@link Prepared#command()} on its command stack after {@link Prepared#commit()}.
     *
     * @param engine Fabrica's ONNX Runtime inference engine
     * @param onnx the model file
     * @param pipeline the pipeline (in memory)
     * @param pipelineDir the pipeline file's folder
     * @param options the user's choices
     * @param log receives the description
     * @return the staged import
     * @throws PipelineException one line naming the reason it was refused
     * @throws IOException if the staged files cannot be written
     */
    public static Prepared prepare(InferenceEngine engine, Path onnx, Pipeline pipeline, Path pipelineDir, ImportOptions options,
            Consumer<String> log) throws PipelineException, IOException {
        Path file = onnx.toAbsolutePath().normalize();
        ImportedModel model = ImportedModel.load(file, options, log);
        ImportTarget target = ImportTarget.find(pipeline, options.stage());
        long[] inputDims = model.fixInput(target);
        String name = stem(file);
        Path modelDir = pipelineDir.resolve(MODELS).resolve(name);
        Files.createDirectories(modelDir.getParent());
        Path staged = Files.createTempDirectory(modelDir.getParent(), "." + name + ".partial-");
        try {
            Path copy = model.copyInto(staged, inputDims);
            int[] outputShape = model.outputShape(copy, inputDims);
            List<String> labels = checkClasses(file, target, outputShape, options.labels());
            int[] inputShape = perSample(inputDims);
            GoldenSet.record(copy, inputShape, outputShape, goldenInputs(target, inputShape), "seeded random inputs (seed " + GOLDEN_SEED
                    + ") in the range of " + PipelinePaths.of(target.feeder()) + ", outputs by raw ONNX Runtime at import");
            List<ParityGate.Check> parity = ParityGate.checkModel(engine, copy, file.getFileName().toString());
            for (ParityGate.Check check : parity) {
                if (!check.passed()) {
                    throw new PipelineException(file + ": does not run the same in Fabrica's engine: " + check.describe());
                }
            }
            ModelCard card = new ModelCard(ModelCard.IMPORTED, copy.getFileName().toString(), null, inputShape, outputShape, List.of(), labels,
                    null, target.decision() == null ? Double.NaN : target.decision().getThreshold(), null,
                    model.source(copy, inputDims, outputShape, ImportedModel.normalisation(target.feeder())));
            card.write(staged.resolve(ModelCard.FILE));
            String relative = MODELS + "/" + name + "/" + copy.getFileName();
            Command command = new ImportModelCommand(target.stage(), target.decision(), relative, inputShape, outputShape,
                    options.labels().isEmpty() ? List.of() : labels);
            log.accept(String.format(Locale.ROOT, "fits %s: input %s <- %s %s; output %s -> %s", PipelinePaths.of(target.stage()),
                    dims(inputShape), PipelinePaths.of(target.feeder()), target.describeShape(), dims(outputShape),
                    target.decision() == null ? "(no decision)" : PipelinePaths.of(target.decision()) + " " + labels));
            return new Prepared(model.description(), staged, modelDir, command, card, parity);
        } catch (PipelineException | IOException | RuntimeException e) {
            ModelFolder.deleteTree(staged);
            throw e;
        }
    }

    private static List<String> checkClasses(Path file, ImportTarget target, int[] outputShape, List<String> given) throws PipelineException {
        int outputs = Arrays.stream(outputShape).reduce(1, (a, b) -> a * b);
        if (target.downstreamSize() > 0 && target.downstreamSize() != outputs) {
            throw new PipelineException(file + ": gives " + outputs + " outputs " + dims(outputShape) + " but the stage after "
                    + PipelinePaths.of(target.stage()) + " takes " + target.downstreamSize());
        }
        if (target.decision() == null) {
            return given;
        }
        List<String> classes = given.isEmpty() ? List.copyOf(target.decision().getClasses()) : given;
        if (target.decision().getKind() == DecisionKind.ARGMAX && classes.size() != outputs) {
            throw new PipelineException(file + ": gives " + outputs + " class scores " + dims(outputShape) + " but "
                    + PipelinePaths.of(target.decision()) + " " + (given.isEmpty() ? "names" : "was given") + " " + classes.size()
                    + " classes " + classes + "; the output count must match the classes (--labels a,b,…)");
        }
        if (target.decision().getKind() == DecisionKind.THRESHOLD && !given.isEmpty() && given.size() != 2) {
            throw new PipelineException(file + ": a threshold decision has 2 outcomes (normal, anomaly) but --labels gives " + given.size());
        }
        return classes;
    }

    /** Inputs in the value range the feeder produces, so the golden outputs exercise the model as it will run. */
    private static List<float[]> goldenInputs(ImportTarget target, int[] inputShape) {
        java.util.Random random = new java.util.Random(GOLDEN_SEED);
        int size = Arrays.stream(inputShape).reduce(1, (a, b) -> a * b);
        float low = -2f;
        float high = 2f;
        if (target.feeder() instanceof io.fabrica.pipeline.ImagePreprocessStage image) {
            double dev = image.getDeviation() == 0 ? 1 : image.getDeviation();
            low = (float) ((0 - image.getMean()) / dev);
            high = (float) ((1 - image.getMean()) / dev);
        }
        List<float[]> inputs = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            float[] x = new float[size];
            for (int i = 0; i < size; i++) {
                x[i] = low + (high - low) * random.nextFloat();
            }
            inputs.add(x);
        }
        return inputs;
    }

    static int[] perSample(long[] dims) {
        int[] shape = new int[Math.max(1, dims.length - 1)];
        shape[0] = 1;
        for (int i = 1; i < dims.length; i++) {
            shape[i - 1] = (int) dims[i];
        }
        return shape;
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        String stem = name.toLowerCase(Locale.ROOT).endsWith(".onnx") ? name.substring(0, name.length() - 5) : name;
        return stem.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /**
     * @param dims dimensions
     * @return e.g. {@code 3x48x192}
     */
    public static String dims(int[] dims) {
        return Arrays.stream(dims).mapToObj(Integer::toString).collect(Collectors.joining("x"));
    }
}
