package io.fabrica.pipeline.djl.training;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Random;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import io.fabrica.pipeline.djl.DjlEngines;

/**
 * Trains the model kinds of {@link ModelKind} with DJL's PyTorch engine on the CPU, exports them
 * as ONNX (opset 13) and proves the export by running it in ONNX Runtime.
 *
 * <p>Files: for an ONNX file {@code <folder>/<name>.onnx} the DJL parameters go to
 * {@code <folder>/<name>-0000.params}. Both are written into a hidden staging folder in
 * {@code <folder>} first and moved into place only after the export has been verified
 * (parameters first, then the ONNX file); a failed or cancelled run leaves existing files
 * untouched and removes the staging folder.
 *
 * <p>Threads: calls are serialized JVM-wide, because DJL's PyTorch gradient collector and the
 * PyTorch random seed are global; a second caller waits. Reproducibility: the same data, options
 * and seed give bit-identical parameters and ONNX bytes on the same machine and thread count.
 */
public final class ModelTrainer {

    /** The largest allowed difference between the ONNX Runtime and PyTorch outputs: absolute up to 1, relative above. */
    public static final double MAX_EXPORT_ERROR = 1e-4;

    /** Samples {@link #export} compares on when it has no data: enough to exercise every class and unit. */
    private static final int PROBE_SAMPLES = 64;

    private static final long PROBE_SEED = 20_240_601L;

    private static final Object LOCK = new Object();

    private static final TrainingProgress SILENT = (epoch, maxEpochs, trainLoss, validationLoss) -> {
    };

    private ModelTrainer() {
    }

    /**
     * Trains a model, exports it to ONNX, verifies the export and publishes both files.
     *
     * <p>The first {@code 1 - validationFraction} of the samples (in time order) train, shuffled
     * within that part; the rest validate. Training stops after {@code maxEpochs} or when the
     * validation loss has not improved for {@code patience} epochs; the parameters of the epoch
     * with the lowest validation loss are exported. The ONNX model is verified on the validation
     * samples: ONNX Runtime's outputs must match the PyTorch model's to less than
     * {@link #MAX_EXPORT_ERROR}.
     *
     * @param kind the model kind
     * @param data the samples; checked before anything runs
     * @param options the training options
     * @param onnxFile the ONNX file to write, conventionally {@code <name>.onnx}; its folder is
     *        created if missing, an existing file is replaced only on success
     * @param progress told after every epoch and asked for cancellation before every batch;
     *        {@code null} for none
     * @return the result, including the validation scores of the exported model
     * @throws TrainingException if the data is invalid (the message names the sample and value),
     *         training was cancelled ({@code "cancelled"}) or diverged, the export does not match,
     *         a file cannot be written (the message names it), or the PyTorch or ONNX Runtime
     *         engine is unavailable or fails (wrapping the engine's error)
     * @throws NullPointerException if {@code kind}, {@code options} or {@code onnxFile} is null
     */
    public static TrainingResult train(ModelKind kind, TrainingData data, TrainingOptions options, Path onnxFile,
            TrainingProgress progress) throws TrainingException {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(onnxFile, "onnxFile");
        int trainingCount = DataCheck.check(kind, data, options);
        int classes = kind.isClassifier() ? data.classes().size() : 0;
        Architecture architecture = Architecture.of(kind, data.inputShape(), classes);
        TrainingProgress listener = progress == null ? SILENT : progress;
        synchronized (LOCK) {
            try (ModelFiles files = ModelFiles.stage(onnxFile)) {
                return trainAndPublish(architecture, data, trainingCount, options, files, listener);
            } catch (RuntimeException e) {
                // engine unavailable, native errors, DJL's own checks: all end a training the same way for a caller
                throw new TrainingException("training " + kind + " failed: " + e, e);
            }
        }
    }

    /**
     * Re-exports ONNX from saved parameters (for {@code fabrica export-onnx}): rebuilds the block
     * from kind and shapes, loads the parameters, writes the ONNX file and verifies it as
     * {@link #train} does, here on fixed pseudo-random probe inputs. Same parameters give the same
     * ONNX bytes as the training wrote.
     *
     * @param kind the model kind the parameters were trained for
     * @param inputShape the shape of one sample, as in {@link TrainingResult#inputShape()}
     * @param outputShape the shape of one output, as in {@link TrainingResult#outputShape()}
     * @param paramsFile a DJL parameters file written by {@link #train}
     * @param onnxFile the ONNX file to write; replaced only on success
     * @return the largest absolute difference between ONNX Runtime and PyTorch outputs
     * @throws TrainingException if the shapes do not fit the kind, the parameters file is missing,
     *         unreadable or of another architecture (the message names the file), the export does
     *         not match, the ONNX file cannot be written, or an engine fails
     * @throws NullPointerException if {@code kind}, {@code paramsFile} or {@code onnxFile} is null
     */
    public static double export(ModelKind kind, int[] inputShape, int[] outputShape, Path paramsFile,
            Path onnxFile) throws TrainingException {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(paramsFile, "paramsFile");
        Objects.requireNonNull(onnxFile, "onnxFile");
        Architecture architecture = Architecture.of(kind, inputShape, outputShape);
        if (!Files.isRegularFile(paramsFile)) {
            throw new TrainingException("parameters file " + paramsFile + " does not exist");
        }
        synchronized (LOCK) {
            try (ModelFiles files = ModelFiles.stage(onnxFile);
                    Model model = DjlEngines.newModel(files.name(), DjlEngines.PYTORCH)) {
                model.setBlock(architecture.newBlock());
                loadParameters(model, architecture, paramsFile);
                byte[] onnx = exportFrom(architecture, model, paramsFile);
                double error = verifyExport(architecture, model, files, onnx, probes(architecture)).maxAbsError();
                ModelFiles.publish(files.stagedOnnx(), files.onnxFile());
                return error;
            } catch (RuntimeException e) {
                throw new TrainingException("exporting " + paramsFile + " failed: " + e, e);
            }
        }
    }

    private static TrainingResult trainAndPublish(Architecture architecture, TrainingData data, int trainingCount,
            TrainingOptions options, ModelFiles files, TrainingProgress progress) throws TrainingException {
        try (Model model = DjlEngines.newModel(files.name(), DjlEngines.PYTORCH)) {
            // DJL takes an int seed: fold the long so that both halves matter
            DjlEngines.engine(DjlEngines.PYTORCH).setRandomSeed(Long.hashCode(options.seed()));
            model.setBlock(architecture.newBlock());
            Fitter.Outcome fit = new Fitter(model, architecture, data, trainingCount, options, progress).fit();
            saveParameters(model, files);
            float[][] validation = Arrays.copyOfRange(data.inputs(), trainingCount, data.inputs().length);
            byte[] onnx = OnnxExport.toBytes(architecture, model.getBlock());
            ExportCheck.Outcome check = verifyExport(architecture, model, files, onnx, validation);
            if (progress.cancelled()) {
                throw new TrainingException("cancelled");
            }
            ModelFiles.publish(files.stagedParameters(), files.parametersFile());
            ModelFiles.publish(files.stagedOnnx(), files.onnxFile());
            return new TrainingResult(architecture.kind(), architecture.inputShape(), architecture.outputShape(),
                    fit.epochs(), fit.bestEpoch(), fit.bestLoss(), fit.seconds(), check.scores(), check.maxAbsError());
        }
    }

    private static void saveParameters(Model model, ModelFiles files) throws TrainingException {
        // a fixed epoch: otherwise DJL numbers the file after the ones it finds in the folder
        model.setProperty("Epoch", "0");
        try {
            model.save(files.staging(), files.name());
        } catch (IOException e) {
            throw new TrainingException("cannot write " + files.parametersFile() + ": " + e, e);
        }
        if (!Files.isRegularFile(files.stagedParameters())) {
            throw new TrainingException("DJL did not write the parameters file " + files.stagedParameters());
        }
    }

    /** Exports loaded parameters; a mismatch means the file belongs to another kind or other shapes. */
    private static byte[] exportFrom(Architecture architecture, Model model, Path paramsFile) throws TrainingException {
        try {
            return OnnxExport.toBytes(architecture, model.getBlock());
        } catch (TrainingException e) {
            throw new TrainingException("parameters file " + paramsFile + " does not fit " + architecture.describe()
                    + ": " + e.getMessage(), e);
        }
    }

    /** Stages the ONNX bytes and proves them in ONNX Runtime against the PyTorch block. */
    private static ExportCheck.Outcome verifyExport(Architecture architecture, Model model, ModelFiles files,
            byte[] onnx, float[][] samples) throws TrainingException {
        try {
            Files.write(files.stagedOnnx(), onnx);
        } catch (IOException e) {
            throw new TrainingException("cannot write " + files.onnxFile() + ": " + e, e);
        }
        return ExportCheck.verify(architecture, model.getBlock(), model.getNDManager(), files.staging(), files.name(),
                samples, files.onnxFile());
    }

    static void loadParameters(Model model, Architecture architecture, Path paramsFile)
            throws TrainingException {
        try {
            if (!hasDjlMagic(paramsFile)) {
                throw new TrainingException("parameters file " + paramsFile + " is not a DJL parameters file");
            }
            try (InputStream in = Files.newInputStream(paramsFile)) {
                model.load(in);
            }
        } catch (IOException | MalformedModelException | RuntimeException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new TrainingException("cannot load parameters file " + paramsFile + " as "
                    + architecture.describe() + " (" + reason + "); was it trained as this kind with these shapes?", e);
        }
    }

    /** DJL silently loads nothing from a file without its magic bytes; we want an error instead. */
    private static boolean hasDjlMagic(Path file) throws IOException {
        byte[] magic = new byte[4];
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            in.readFully(magic);
        } catch (EOFException e) {
            return false;
        }
        return "DJL@".equals(new String(magic, StandardCharsets.US_ASCII));
    }

    /** Fixed pseudo-random inputs: standard normal features, or pixels in [0, 1). */
    private static float[][] probes(Architecture architecture) {
        Random random = new Random(PROBE_SEED);
        boolean images = architecture.kind() == ModelKind.CNN_CLASSIFIER;
        float[][] probes = new float[PROBE_SAMPLES][architecture.inputSize()];
        for (float[] probe : probes) {
            for (int i = 0; i < probe.length; i++) {
                probe[i] = images ? random.nextFloat() : (float) random.nextGaussian();
            }
        }
        return probes;
    }
}
