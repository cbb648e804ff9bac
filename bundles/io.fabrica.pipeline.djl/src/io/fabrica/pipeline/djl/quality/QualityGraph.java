package io.fabrica.pipeline.djl.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabrica.pipeline.djl.onnx.OnnxGraphBuilder;

/**
 * The ensemble as one ONNX graph: every member's MLP on the same input, their mean and spread, and the
 * calibrated 90 % interval in the targets' units. Output {@code "quality" [N, 3T]}: the means, then the
 * lows, then the highs ({@code mean ± z·sqrt(spread² + residual²)·scale + offset}), each passed through
 * {@code exp} for a target learned on a log scale.
 */
final class QualityGraph {

    static final String INPUT = "input";
    static final String OUTPUT = "quality";

    private QualityGraph() {
    }

    /**
     * @param members the trained members (standardized targets)
     * @param calibration the interval's constants and the targets' scale
     * @return the ONNX bytes
     */
    static byte[] of(List<Mlp> members, Calibration calibration) {
        int features = members.get(0).sizes()[0];
        int targets = calibration.mean().length;
        OnnxGraphBuilder g = new OnnxGraphBuilder("fabrica-quality-ensemble").input(INPUT, -1, features).output(OUTPUT, -1, 3L * targets);
        List<String> outputs = new ArrayList<>();
        for (int k = 0; k < members.size(); k++) {
            outputs.add(member(g, members.get(k), k));
        }
        float inverse = 1f / members.size();
        g.initializer("inverseCount", new float[] {inverse}, 1);
        g.node("Sum", outputs, List.of("sum")).node("Mul", List.of("sum", "inverseCount"), List.of("mean"));
        List<String> squares = new ArrayList<>();
        for (int k = 0; k < outputs.size(); k++) {
            g.node("Sub", List.of(outputs.get(k), "mean"), List.of("d" + k)).node("Mul", List.of("d" + k, "d" + k), List.of("dd" + k));
            squares.add("dd" + k);
        }
        g.node("Sum", squares, List.of("squares")).node("Mul", List.of("squares", "inverseCount"), List.of("spread"));
        g.initializer("residual", toFloat(calibration.residualVariance()), targets).initializer("z", toFloat(calibration.z()), targets)
                .initializer("scale", toFloat(calibration.scale()), targets).initializer("offset", toFloat(calibration.mean()), targets);
        g.node("Add", List.of("spread", "residual"), List.of("variance")).node("Sqrt", List.of("variance"), List.of("deviation"))
                .node("Mul", List.of("deviation", "z"), List.of("halfStd")).node("Mul", List.of("halfStd", "scale"), List.of("half"))
                .node("Mul", List.of("mean", "scale"), List.of("meanScaled")).node("Add", List.of("meanScaled", "offset"), List.of("means"))
                .node("Sub", List.of("means", "half"), List.of("lows")).node("Add", List.of("means", "half"), List.of("highs"))
                .node("Concat", List.of("means", "lows", "highs"), List.of("learned"), Map.of("axis", 1));
        fromScale(g, calibration);
        return g.toBytes();
    }

    /**
     * {@code out = learned + mask·(exp(min(learned, 80)) − learned)}: exp where the target is learned on a log
     * scale, the value itself elsewhere; the cap keeps exp finite on the other targets, whose term is multiplied by 0.
     */
    private static void fromScale(OnnxGraphBuilder g, Calibration calibration) {
        int targets = calibration.mean().length;
        float[] mask = new float[3 * targets];
        for (int j = 0; j < mask.length; j++) {
            mask[j] = calibration.log()[j % targets] ? 1 : 0;
        }
        g.initializer("logMask", mask, mask.length).initializer("expCap", new float[] {80}, 1);
        g.node("Min", List.of("learned", "expCap"), List.of("capped")).node("Exp", List.of("capped"), List.of("exps"))
                .node("Sub", List.of("exps", "learned"), List.of("toExp")).node("Mul", List.of("toExp", "logMask"), List.of("masked"))
                .node("Add", List.of("learned", "masked"), List.of(OUTPUT));
    }

    private static String member(OnnxGraphBuilder g, Mlp mlp, int k) {
        String x = INPUT;
        for (int layer = 0; layer < mlp.weights().length; layer++) {
            String w = "m" + k + ".w" + layer;
            String b = "m" + k + ".b" + layer;
            g.initializer(w, mlp.weights()[layer], mlp.sizes()[layer + 1], mlp.sizes()[layer]);
            g.initializer(b, mlp.biases()[layer], mlp.sizes()[layer + 1]);
            String y = "m" + k + ".y" + layer;
            g.node("Gemm", List.of(x, w, b), List.of(y), Map.of("alpha", 1.0f, "beta", 1.0f, "transB", 1));
            if (layer < mlp.weights().length - 1) {
                g.node("Relu", List.of(y), List.of(y + "r"));
                y = y + "r";
            }
            x = y;
        }
        return x;
    }

    private static float[] toFloat(double[] values) {
        float[] f = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            f[i] = (float) values[i];
        }
        return f;
    }

    /**
     * The interval's constants, per target.
     *
     * @param mean the targets' training mean (the standardization's offset)
     * @param scale the targets' training deviation
     * @param residualVariance the variance the ensemble's spread does not explain, standardized
     * @param z the multiplier that made 90 % of the calibration parts fall inside
     * @param log per target whether it is learned on a log scale
     */
    record Calibration(double[] mean, double[] scale, double[] residualVariance, double[] z, boolean[] log) {

        /** @return a value of target {@code j} on its learned scale back in the target's units */
        double fromScale(int j, double learned) {
            return log[j] ? Math.exp(Math.min(80, learned)) : learned;
        }
    }
}
