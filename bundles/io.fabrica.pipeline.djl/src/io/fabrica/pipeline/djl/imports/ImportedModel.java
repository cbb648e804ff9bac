package io.fabrica.pipeline.djl.imports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import ai.onnxruntime.OrtEnvironment;
import io.fabrica.pipeline.ImagePreprocessStage;
import io.fabrica.pipeline.NormalizeStage;
import io.fabrica.pipeline.Stage;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.djl.onnx.OnnxModelFile;
import io.fabrica.pipeline.djl.onnx.OrtModel;
import io.fabrica.pipeline.validation.PipelinePaths;

/**
 * An ONNX file being imported: its header ({@link OnnxModelFile}), what ONNX Runtime says about it
 * ({@link OrtModel}), and the input and output chosen. Package-private helper of {@link ModelImport}.
 */
final class ImportedModel {

    private final Path file;
    private final byte[] bytes;
    private final OnnxModelFile header;
    private final OrtModel.Tensor input;
    private final OrtModel.Tensor output;
    private final List<String> description;

    private ImportedModel(Path file, byte[] bytes, OnnxModelFile header, OrtModel.Tensor input, OrtModel.Tensor output, List<String> description) {
        this.file = file;
        this.bytes = bytes;
        this.header = header;
        this.input = input;
        this.output = output;
        this.description = description;
    }

    static ImportedModel load(Path file, ImportOptions options, Consumer<String> log) throws PipelineException, IOException {
        if (!Files.isRegularFile(file)) {
            throw new PipelineException(file + ": does not exist");
        }
        byte[] bytes = Files.readAllBytes(file);
        OnnxModelFile header;
        try {
            header = OnnxModelFile.read(bytes);
        } catch (IllegalArgumentException e) {
            throw new PipelineException(file + ": is not an ONNX model or is truncated (" + e.getMessage() + ")");
        }
        for (String data : header.externalDataFiles()) {
            Path beside = file.resolveSibling(data).normalize();
            if (Path.of(data).isAbsolute() || !beside.startsWith(file.getParent())) {
                throw new PipelineException(file + ": its external data '" + data + "' lies outside the model's folder; it cannot travel with it");
            }
            if (!Files.isRegularFile(beside)) {
                throw new PipelineException(file + ": its weights are in the external data file " + data + ", which is missing beside it");
            }
        }
        List<OrtModel.Tensor> inputs;
        List<OrtModel.Tensor> outputs;
        try (OrtModel ort = OrtModel.open(file)) {
            inputs = ort.inputs();
            outputs = ort.outputs();
        } catch (Exception e) {
            throw refusal(file, header, e);
        }
        List<String> description = describe(file, header, inputs, outputs);
        description.forEach(log);
        OrtModel.Tensor in = choose(file, inputs, options.inputName(), "input", "--input-name");
        OrtModel.Tensor out = choose(file, outputs, options.outputName(), "output", "--output-name");
        if (inputs.size() != 1) {
            throw new PipelineException(file + ": has " + inputs.size() + " inputs " + names(inputs)
                    + "; a Model stage feeds exactly one tensor, so export the model with one input");
        }
        for (OrtModel.Tensor t : List.of(in, out)) {
            if (!t.type().equals("FLOAT")) {
                throw new PipelineException(file + ": " + t.describe() + " is not a float tensor; a Model stage exchanges float32 tensors");
            }
        }
        return new ImportedModel(file, bytes, header, in, out, description);
    }

    /** ONNX Runtime refused the file: say whether it is the opset, an operator or the file itself. */
    private static PipelineException refusal(Path file, OnnxModelFile header, Exception e) {
        String why = OrtModel.firstLine(e);
        String runtime = "ONNX Runtime " + OrtEnvironment.getEnvironment().getVersion();
        String lower = why.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("no op registered") || lower.contains("not a registered function/op") || lower.contains("could not find an implementation")) {
            return new PipelineException(file + ": uses an operator " + runtime + " here does not have: " + why);
        }
        if (lower.contains("opset") || lower.contains("unsupported model ir version")) {
            return new PipelineException(file + ": uses opset " + opsets(header) + " (IR " + header.irVersion() + "), which " + runtime
                    + " here does not support: " + why);
        }
        return new PipelineException(file + ": " + runtime + " cannot load it: " + why);
    }

    private static OrtModel.Tensor choose(Path file, List<OrtModel.Tensor> all, String name, String what, String option) throws PipelineException {
        if (name != null) {
            return all.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow(() -> new PipelineException(
                    file + ": has no " + what + " named '" + name + "'; its " + what + "s are " + names(all)));
        }
        if (all.size() != 1) {
            throw new PipelineException(file + ": has " + all.size() + " " + what + "s " + names(all) + "; choose one with " + option);
        }
        return all.get(0);
    }

    private static List<String> names(List<OrtModel.Tensor> tensors) {
        return tensors.stream().map(OrtModel.Tensor::name).toList();
    }

    private static List<String> describe(Path file, OnnxModelFile header, List<OrtModel.Tensor> inputs, List<OrtModel.Tensor> outputs) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(java.util.Locale.ROOT, "%s: %s%s, IR %d, opset %s, %d bytes%s", file.getFileName(),
                header.producerName().isEmpty() ? "unknown producer" : header.producerName(),
                header.producerVersion().isEmpty() ? "" : " " + header.producerVersion(), header.irVersion(), opsets(header), file.toFile().length(),
                header.externalDataFiles().isEmpty() ? "" : ", external data " + header.externalDataFiles()));
        inputs.forEach(t -> lines.add("  input  " + t.describe()));
        outputs.forEach(t -> lines.add("  output " + t.describe()));
        return lines;
    }

    /**
     * Fixes the input's dimensions from the stage that feeds the model: the batch to 1, symbolic
     * dimensions to the feeder's.
     *
     * @return the input dimensions, batch included, all fixed
     */
    long[] fixInput(ImportTarget target) throws PipelineException {
        long[] shape = input.shape();
        if (shape.length < 2) {
            throw new PipelineException(file + ": input " + input.describe() + " has no batch dimension and a sample; a Model stage feeds [batch, …]");
        }
        if (shape[0] > 1) {
            throw new PipelineException(file + ": input " + input.describe() + " has its batch dimension fixed at " + shape[0]
                    + "; a Model stage runs one sample at a time (export with batch 1 or a dynamic batch)");
        }
        long[] sample = Arrays.copyOfRange(shape, 1, shape.length);
        int[] feeder = target.inputShape();
        boolean dynamic = Arrays.stream(sample).anyMatch(d -> d < 0);
        long[] fixed = new long[shape.length];
        fixed[0] = 1;
        if (dynamic && sample.length != feeder.length) {
            throw new PipelineException(file + ": input " + input.describe() + " has dynamic dimensions that cannot be fixed from "
                    + PipelinePaths.of(target.feeder()) + ", which gives " + target.describeShape() + " (" + feeder.length + " dimensions, the model "
                    + sample.length + ")");
        }
        if (sample.length == feeder.length) {
            for (int i = 0; i < sample.length; i++) {
                if (sample[i] >= 0 && sample[i] != feeder[i]) {
                    throw new PipelineException(file + ": input " + input.describe() + " does not fit " + PipelinePaths.of(target.feeder())
                            + ", which gives " + target.describeShape() + "; the model takes " + sampleDims(sample));
                }
                fixed[i + 1] = sample[i] >= 0 ? sample[i] : feeder[i];
            }
            return fixed;
        }
        long total = Arrays.stream(sample).reduce(1, (a, b) -> a * b);
        if (total != target.inputSize()) {
            throw new PipelineException(file + ": input " + input.describe() + " takes " + total + " values but "
                    + PipelinePaths.of(target.feeder()) + " gives " + target.inputSize() + " (" + target.describeShape() + ")");
        }
        System.arraycopy(shape, 1, fixed, 1, sample.length);
        return fixed;
    }

    private static String sampleDims(long[] sample) {
        return String.join("x", Arrays.stream(sample).mapToObj(d -> d < 0 ? "?" : Long.toString(d)).toList());
    }

    /** @return e.g. {@code 11} or {@code 11, ai.onnx.ml 3}: the default opset first, other domains by name */
    static String opsets(OnnxModelFile header) {
        List<String> parts = new ArrayList<>();
        header.opsets().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> parts.add(e.getKey().isEmpty() ? Long.toString(e.getValue()) : e.getKey() + " " + e.getValue()));
        return String.join(", ", parts);
    }

    /**
     * Writes the model with its signature fixed, and its external data files, into a folder.
     *
     * @return the copied model
     */
    Path copyInto(Path folder, long[] inputDims) throws IOException {
        Path copy = folder.resolve(file.getFileName());
        Files.write(copy, header.withSignature(input.name(), inputDims, output.name()));
        for (String data : header.externalDataFiles()) {
            Path target = folder.resolve(data).normalize();
            Files.createDirectories(target.getParent());
            Files.copy(file.resolveSibling(data), target);
        }
        return copy;
    }

    /** @return the output shape per sample of the copied model, from a run on zeros in ONNX Runtime */
    int[] outputShape(Path copy, long[] inputDims) throws PipelineException {
        try (OrtModel ort = OrtModel.open(copy)) {
            long[] out = ort.outputShape(input.name(), inputDims, output.name());
            return ModelImport.perSample(out);
        } catch (Exception e) {
            throw new PipelineException(file + ": fails on a " + Arrays.toString(inputDims) + " input in ONNX Runtime: " + OrtModel.firstLine(e));
        }
    }

    List<String> description() {
        return description;
    }

    /** @return the model card's {@code source}: where the model came from and what it is */
    Map<String, Object> source(Path copy, long[] inputDims, int[] outputShape, Map<String, Object> normalisation) throws IOException {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("file", file.toString());
        source.put("sha256", sha256(bytes));
        source.put("sizeBytes", bytes.length);
        source.put("importedSha256", sha256(copy));
        source.put("producerName", header.producerName());
        source.put("producerVersion", header.producerVersion());
        source.put("irVersion", header.irVersion());
        source.put("opset", header.defaultOpset());
        source.put("opsets", header.opsets());
        source.put("input", input.describe());
        source.put("inputFixed", Arrays.toString(inputDims));
        source.put("output", output.describe());
        source.put("outputShape", Arrays.toString(outputShape));
        Map<String, String> data = new LinkedHashMap<>();
        for (String name : header.externalDataFiles()) {
            data.put(name, sha256(copy.resolveSibling(name)));
        }
        source.put("externalData", data);
        source.put("inputNormalisation", normalisation);
        source.put("importedAt", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        return source;
    }

    /** @return how the feeding stage normalises the model's input, as the model card records it */
    static Map<String, Object> normalisation(Stage feeder) {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("stage", PipelinePaths.of(feeder));
        if (feeder instanceof ImagePreprocessStage image) {
            n.put("layout", (image.isGrayscale() ? "gray" : "RGB") + ", planar (channel, row, column), values 0..1");
            n.put("mean", image.getMean());
            n.put("deviation", image.getDeviation());
            n.put("size", image.getWidth() + "x" + image.getHeight());
        } else if (feeder instanceof NormalizeStage normalize) {
            n.put("standardised", normalize.getMeans().isEmpty() ? "fitted by fabrica train" : normalize.getMeans().size() + " values");
        } else {
            n.put("standardised", "none: the values of " + feeder.eClass().getName() + " as they are");
        }
        return n;
    }

    /** Streams the file: external weights may be larger than the heap. */
    static String sha256(Path file) throws IOException {
        try (java.io.InputStream in = new java.security.DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((java.security.DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
