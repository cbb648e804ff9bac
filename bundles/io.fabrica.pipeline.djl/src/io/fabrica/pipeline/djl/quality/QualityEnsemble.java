package io.fabrica.pipeline.djl.quality;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

import io.fabrica.core.files.AtomicFiles;
import io.fabrica.pipeline.djl.onnx.OrtModel;
import io.fabrica.pipeline.djl.training.TrainingException;

/**
 * Trains a quality regressor with an uncertainty estimate: an ensemble of small MLPs, each on a bootstrap
 * sample of the earlier parts (DJL, PyTorch engine), whose spread plus the residual variance gives a
 * prediction interval; the interval's multiplier is calibrated on the later parts, which no member saw,
 * so that 90 % of them fall inside. A target whose training values are all positive (a roughness, a
 * runout) is learned on a log scale: its noise grows with its size, and a symmetric interval of the raw
 * value would be too wide for small values and too narrow for large ones; its interval is asymmetric and
 * its point prediction the median. The whole ensemble is written as one ONNX graph ({@link QualityGraph})
 * and checked against Java's evaluation of the same weights before it replaces the model file.
 */
public final class QualityEnsemble {

    /** Members of the ensemble: enough for a spread, few enough to train in seconds. */
    public static final int MEMBERS = 5;

    /** Share of the parts, the latest in time, kept for calibrating the interval. */
    public static final double CALIBRATION_SHARE = 0.2;

    private static final double COVERAGE = 0.9;
    private static final double MAX_EXPORT_ERROR = 1e-3;

    /**
     * What was trained.
     *
     * @param members the ensemble's size
     * @param trainingParts parts the members learned from
     * @param calibrationParts later parts that calibrated the interval
     * @param calibrationCoverage the share of calibration parts inside the interval, per target
     * @param exportError the largest difference between ONNX Runtime and Java on the calibration parts
     * @param logScale per target whether it was learned on a log scale
     */
    public record Result(int members, int trainingParts, int calibrationParts, double[] calibrationCoverage, double exportError,
            boolean[] logScale) {
    }

    private QualityEnsemble() {
    }

    /**
     * @param inputs per part the normalized features, in time order
     * @param targets per part the measured quality values, in the targets' units
     * @param seed seed of the bootstrap samples and initial weights
     * @param onnxFile the model file to write; replaced only when the export checks out
     * @param epochDone told after every epoch of every member (member * epochs + epoch), may be {@code null}
     * @return what was trained
     * @throws TrainingException if there are too few parts, a value is not finite, training diverges, the
     *         export does not match, or the file cannot be written (the message names it)
     */
    public static Result train(float[][] inputs, float[][] targets, long seed, Path onnxFile, IntConsumer epochDone) throws TrainingException {
        Objects.requireNonNull(onnxFile, "onnxFile");
        check(inputs, targets);
        int calibrationCount = Math.max(10, (int) Math.round(inputs.length * CALIBRATION_SHARE));
        int trainingCount = inputs.length - calibrationCount;
        boolean[] log = positive(targets, trainingCount);
        float[][] learned = onScale(targets, log);
        double[][] standard = standardization(learned, trainingCount);
        float[][] scaled = standardize(learned, standard);
        List<Mlp> members = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(seed);
        for (int k = 0; k < MEMBERS; k++) {
            int[] sample = random.ints(trainingCount, 0, trainingCount).toArray();
            int member = k;
            members.add(MemberFitter.fit(pick(inputs, sample), pick(scaled, sample), random.nextLong(),
                    epochDone == null ? null : e -> epochDone.accept(member * MemberFitter.EPOCHS + e)));
        }
        QualityGraph.Calibration calibration = calibrate(members, inputs, scaled, trainingCount, standard, log);
        byte[] onnx = QualityGraph.of(members, calibration);
        double error = publish(onnx, onnxFile, members, calibration, Arrays.copyOfRange(inputs, trainingCount, inputs.length));
        double[] coverage = coverage(members, calibration, inputs, targets, trainingCount);
        return new Result(MEMBERS, trainingCount, calibrationCount, coverage, error, log);
    }

    private static void check(float[][] inputs, float[][] targets) throws TrainingException {
        if (inputs.length != targets.length) {
            throw new TrainingException(inputs.length + " feature rows but " + targets.length + " quality rows");
        }
        if (inputs.length < 50) {
            throw new TrainingException("only " + inputs.length + " measured parts; a quality model needs at least 50");
        }
        for (int i = 0; i < inputs.length; i++) {
            for (float v : inputs[i]) {
                if (!Float.isFinite(v)) {
                    throw new TrainingException("part " + (i + 1) + " has a feature that is not a number");
                }
            }
            for (float v : targets[i]) {
                if (!Float.isFinite(v)) {
                    throw new TrainingException("part " + (i + 1) + " has a quality value that is not a number");
                }
            }
        }
    }

    /** @return per target whether every training value is above zero (then it is learned on a log scale) */
    private static boolean[] positive(float[][] targets, int count) {
        boolean[] log = new boolean[targets[0].length];
        Arrays.fill(log, true);
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < log.length; j++) {
                log[j] &= targets[i][j] > 0;
            }
        }
        return log;
    }

    /** @return the targets on the scale they are learned on; a later part at or below zero maps to a very low log */
    private static float[][] onScale(float[][] targets, boolean[] log) {
        float[][] out = new float[targets.length][];
        for (int i = 0; i < targets.length; i++) {
            out[i] = targets[i].clone();
            for (int j = 0; j < log.length; j++) {
                if (log[j]) {
                    out[i][j] = (float) Math.log(Math.max(1e-6, targets[i][j]));
                }
            }
        }
        return out;
    }

    /** @return per target {mean, deviation} of the training parts */
    private static double[][] standardization(float[][] targets, int count) {
        int t = targets[0].length;
        double[][] s = new double[2][t];
        for (int j = 0; j < t; j++) {
            double sum = 0;
            double squares = 0;
            for (int i = 0; i < count; i++) {
                sum += targets[i][j];
                squares += (double) targets[i][j] * targets[i][j];
            }
            s[0][j] = sum / count;
            s[1][j] = Math.max(1e-9, Math.sqrt(Math.max(0, squares / count - s[0][j] * s[0][j])));
        }
        return s;
    }

    private static float[][] standardize(float[][] targets, double[][] s) {
        float[][] out = new float[targets.length][];
        for (int i = 0; i < targets.length; i++) {
            out[i] = new float[targets[i].length];
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = (float) ((targets[i][j] - s[0][j]) / s[1][j]);
            }
        }
        return out;
    }

    private static float[][] pick(float[][] rows, int[] sample) {
        float[][] out = new float[sample.length][];
        for (int i = 0; i < sample.length; i++) {
            out[i] = rows[sample[i]];
        }
        return out;
    }

    /** Residual variance beyond the spread, and the multiplier that puts 90 % of the unseen later parts inside. */
    private static QualityGraph.Calibration calibrate(List<Mlp> members, float[][] inputs, float[][] scaled, int from, double[][] s,
            boolean[] log) {
        int t = scaled[0].length;
        int n = inputs.length - from;
        double[][] mean = new double[n][];
        double[][] spread = new double[n][];
        for (int i = 0; i < n; i++) {
            double[][] both = meanAndSpread(members, inputs[from + i]);
            mean[i] = both[0];
            spread[i] = both[1];
        }
        double[] residual = new double[t];
        double[] z = new double[t];
        for (int j = 0; j < t; j++) {
            double excess = 0;
            for (int i = 0; i < n; i++) {
                double r = scaled[from + i][j] - mean[i][j];
                excess += r * r - spread[i][j];
            }
            residual[j] = Math.max(1e-4, excess / n);
            double[] ratios = new double[n];
            for (int i = 0; i < n; i++) {
                ratios[i] = Math.abs(scaled[from + i][j] - mean[i][j]) / Math.sqrt(spread[i][j] + residual[j]);
            }
            Arrays.sort(ratios);
            z[j] = ratios[Math.min(n - 1, (int) Math.ceil(COVERAGE * (n + 1)) - 1)];
        }
        return new QualityGraph.Calibration(s[0], s[1], residual, z, log);
    }

    static double[][] meanAndSpread(List<Mlp> members, float[] input) {
        double[][] outputs = members.stream().map(m -> m.predict(input)).toArray(double[][]::new);
        int t = outputs[0].length;
        double[] mean = new double[t];
        double[] spread = new double[t];
        for (double[] o : outputs) {
            for (int j = 0; j < t; j++) {
                mean[j] += o[j] / outputs.length;
            }
        }
        for (double[] o : outputs) {
            for (int j = 0; j < t; j++) {
                spread[j] += (o[j] - mean[j]) * (o[j] - mean[j]) / outputs.length;
            }
        }
        return new double[][] {mean, spread};
    }

    /** @return mean, low and high per target in the targets' units, as the graph computes them */
    static double[] predict(List<Mlp> members, QualityGraph.Calibration c, float[] input) {
        double[][] both = meanAndSpread(members, input);
        int t = both[0].length;
        double[] out = new double[3 * t];
        for (int j = 0; j < t; j++) {
            double mean = both[0][j] * c.scale()[j] + c.mean()[j];
            double half = c.z()[j] * Math.sqrt(both[1][j] + c.residualVariance()[j]) * c.scale()[j];
            out[j] = c.fromScale(j, mean);
            out[t + j] = c.fromScale(j, mean - half);
            out[2 * t + j] = c.fromScale(j, mean + half);
        }
        return out;
    }

    private static double[] coverage(List<Mlp> members, QualityGraph.Calibration c, float[][] inputs, float[][] targets, int from) {
        int t = targets[0].length;
        double[] inside = new double[t];
        for (int i = from; i < inputs.length; i++) {
            double[] p = predict(members, c, inputs[i]);
            for (int j = 0; j < t; j++) {
                inside[j] += targets[i][j] >= p[t + j] && targets[i][j] <= p[2 * t + j] ? 1 : 0;
            }
        }
        for (int j = 0; j < t; j++) {
            inside[j] /= inputs.length - from;
        }
        return inside;
    }

    /** Writes the graph beside the target, compares ONNX Runtime with Java on the given parts, then replaces the target. */
    private static double publish(byte[] onnx, Path onnxFile, List<Mlp> members, QualityGraph.Calibration c, float[][] probes)
            throws TrainingException {
        Path staged = onnxFile.resolveSibling(onnxFile.getFileName() + ".new");
        try {
            Files.createDirectories(onnxFile.toAbsolutePath().getParent());
            AtomicFiles.write(staged, onnx);
            double error = 0;
            try (OrtModel ort = OrtModel.open(staged)) {
                for (float[] probe : probes) {
                    float[] got = ort.run(QualityGraph.INPUT, probe, new long[] {1, probe.length}, QualityGraph.OUTPUT);
                    double[] want = predict(members, c, probe);
                    for (int j = 0; j < want.length; j++) {
                        error = Math.max(error, Math.abs(got[j] - want[j]) / Math.max(1, Math.abs(want[j])));
                    }
                }
            }
            if (error > MAX_EXPORT_ERROR) {
                throw new TrainingException("the exported quality model differs from the trained one by " + error + "; " + onnxFile + " left unchanged");
            }
            AtomicFiles.replace(staged, onnxFile);
            return error;
        } catch (IOException e) {
            throw new TrainingException("cannot write " + onnxFile + ": " + e.getMessage(), e);
        } catch (TrainingException e) {
            throw e;
        } catch (Exception e) {
            throw new TrainingException("ONNX Runtime cannot run the exported quality model: " + e, e);
        } finally {
            try {
                Files.deleteIfExists(staged);
            } catch (IOException ignored) {
                // a leftover staging file is harmless and replaced by the next training
            }
        }
    }
}
