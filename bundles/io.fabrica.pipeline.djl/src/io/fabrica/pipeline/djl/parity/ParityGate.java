package io.fabrica.pipeline.djl.parity;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import io.fabrica.pipeline.api.InferenceEngine;
import io.fabrica.pipeline.api.InferenceSession;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.djl.ModelFolder;
import io.fabrica.pipeline.djl.onnx.OrtModel;

/**
 * The parity gate: runs a model's golden inputs ({@link GoldenSet}) through the paths a model takes
 * to a controller and compares each with the expected outputs — the workbench path (Fabrica's inference
 * engine, as a Model stage runs it), raw ONNX Runtime on the exported file, and the model as it lies in
 * a package. A difference above the golden set's tolerance is a failure that names the model, the path,
 * the sample and the value.
 */
public final class ParityGate {

    /**
     * What one path gave on the golden inputs.
     *
     * @param model the model (file or package entry)
     * @param path {@code engine}, {@code onnxruntime} or {@code package}
     * @param samples golden samples run
     * @param maxDifference the largest absolute difference to the expected values
     * @param failure {@code null} if within tolerance, else one line saying where it differs
     */
    public record Check(String model, String path, int samples, double maxDifference, String failure) {

        /** @return whether the path reproduced the golden outputs */
        public boolean passed() {
            return failure == null;
        }

        /** @return one line for a log */
        public String describe() {
            return String.format(Locale.ROOT, "parity %s via %s: %d golden samples, max difference %.2g%s", model, path, samples, maxDifference,
                    failure == null ? " (ok)" : ": " + failure);
        }
    }

    private ParityGate() {
    }

    /**
     * Checks a model folder: the engine path and raw ONNX Runtime against {@code golden.json}.
     *
     * @param engine Fabrica's ONNX Runtime inference engine
     * @param modelFile the model, with {@code golden.json} beside it
     * @param label how to name the model in the results
     * @return one check per path
     * @throws IOException if the golden set cannot be read
     */
    public static List<Check> checkModel(InferenceEngine engine, Path modelFile, String label) throws IOException {
        GoldenSet golden = GoldenSet.read(modelFile.resolveSibling(GoldenSet.FILE));
        return List.of(viaEngine(engine, modelFile, golden, label, "engine"), viaOnnxRuntime(modelFile, golden, label));
    }

    /**
     * Checks every model in a package that has golden inputs, as the package holds it: the model entries
     * are unpacked into a temporary folder and run through the engine and raw ONNX Runtime.
     *
     * @param engine Fabrica's ONNX Runtime inference engine
     * @param fpkg the package
     * @return one check per model and path; empty if no model in it has golden inputs
     * @throws IOException if the package cannot be read
     */
    public static List<Check> checkPackage(InferenceEngine engine, Path fpkg) throws IOException {
        List<Check> checks = new ArrayList<>();
        Path dir = Files.createTempDirectory("fabrica-parity-");
        try (ZipFile zip = new ZipFile(fpkg.toFile())) {
            List<String> goldens = new ArrayList<>();
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements();) {
                ZipEntry entry = e.nextElement();
                if (entry.isDirectory() || entry.getName().contains("..")) {
                    continue;
                }
                Path target = dir.resolve(entry.getName()).normalize();
                if (!target.startsWith(dir)) {
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                if (target.getFileName().toString().equals(GoldenSet.FILE)) {
                    goldens.add(entry.getName());
                }
            }
            for (String entry : goldens) {
                Path goldenFile = dir.resolve(entry);
                GoldenSet golden = GoldenSet.read(goldenFile);
                Path model = goldenFile.resolveSibling(golden.model());
                String label = fpkg.getFileName() + "!" + entry.substring(0, entry.length() - GoldenSet.FILE.length()) + golden.model();
                checks.add(viaEngine(engine, model, golden, label, "package"));
                checks.add(viaOnnxRuntime(model, golden, label));
            }
        } finally {
            ModelFolder.deleteTree(dir);
        }
        return checks;
    }

    private static Check viaEngine(InferenceEngine engine, Path model, GoldenSet golden, String label, String path) {
        Compare compare = new Compare(golden, label, path);
        try (InferenceSession session = engine.open(model)) {
            float[] out = new float[session.signature().outputSize()];
            for (GoldenSet.Sample s : golden.samples()) {
                session.run(s.inputValues(), out);
                compare.sample(s.expected(), out);
            }
        } catch (PipelineException | RuntimeException e) {
            return compare.failed("does not run: " + e.getMessage());
        }
        return compare.result();
    }

    private static Check viaOnnxRuntime(Path model, GoldenSet golden, String label) {
        Compare compare = new Compare(golden, label, "onnxruntime");
        try (OrtModel ort = OrtModel.open(model)) {
            for (GoldenSet.Sample s : golden.samples()) {
                compare.sample(s.expected(), ort.run(golden.inputName(), s.inputValues(), GoldenSet.batchOfOne(golden.inputShape()),
                        golden.outputName()));
            }
        } catch (Exception e) {
            return compare.failed("does not run in ONNX Runtime: " + OrtModel.firstLine(e));
        }
        return compare.result();
    }

    /** Accumulates the differences of one path. */
    private static final class Compare {
        private final GoldenSet golden;
        private final String label;
        private final String path;
        private int samples;
        private double max;
        private String failure;

        Compare(GoldenSet golden, String label, String path) {
            this.golden = golden;
            this.label = label;
            this.path = path;
        }

        void sample(float[] expected, float[] actual) {
            if (actual.length < expected.length && failure == null) {
                failure = "sample " + samples + " gave " + actual.length + " values, " + expected.length + " expected";
            }
            for (int i = 0; i < Math.min(expected.length, actual.length); i++) {
                double d = Math.abs(expected[i] - actual[i]);
                max = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(max, d);
                if (failure == null && !golden.agrees(expected[i], actual[i])) {
                    failure = String.format(Locale.ROOT, "sample %d value %d is %.7g, expected %.7g (tolerance %.1g + %.1g relative)", samples, i,
                            actual[i], expected[i], golden.absoluteTolerance(), golden.relativeTolerance());
                }
            }
            samples++;
        }

        Check failed(String why) {
            return new Check(label, path, samples, Double.POSITIVE_INFINITY, why);
        }

        Check result() {
            return new Check(label, path, samples, max, failure);
        }
    }
}
