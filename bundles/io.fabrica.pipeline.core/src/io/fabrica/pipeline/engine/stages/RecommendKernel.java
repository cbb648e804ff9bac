package io.fabrica.pipeline.engine.stages;

import java.util.List;

import io.fabrica.model.plant.Signal;
import io.fabrica.pipeline.ModelStage;
import io.fabrica.pipeline.NormalizeStage;
import io.fabrica.pipeline.Port;
import io.fabrica.pipeline.PortDirection;
import io.fabrica.pipeline.RecommendStage;
import io.fabrica.pipeline.api.Frame;
import io.fabrica.pipeline.api.InferenceSession;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.api.Recommendation;
import io.fabrica.pipeline.api.StageContext;
import io.fabrica.pipeline.api.StageKernel;

/**
 * Searches setpoints that lower the predicted scrap: every combination of candidate values of the
 * parameters (each within its maximum step of the current value and inside its safe bounds) is put into
 * the feature vector the quality model reads, the model predicts the quality with its interval, and the
 * candidate with the least cost (scrap probability plus the optional throughput term) wins if it gains
 * enough over the current setpoints and the prediction is certain enough. Otherwise nothing is proposed.
 *
 * <p>Inputs: port 0 the normalized features that feed the model; optional port 1 a part number, so that
 * one recommendation is made per part rather than per sample. Outputs: one value per parameter, each
 * with the {@link Recommendation} attached for the write sink. The kernel runs its own session of the model.
 */
final class RecommendKernel implements StageKernel {

    private static final double STEP_MARGIN = 0.999;

    private final InferenceSession session;
    private final List<Setpoint> setpoints;
    private final QualityCost cost;
    private final RecommendationText text;
    private final RecommendStage stage;
    private final boolean triggered;
    private final float[] features;
    private final float[] probe;
    private final float[] prediction;
    private double lastPart = Double.NaN;

    private RecommendKernel(InferenceSession session, List<Setpoint> setpoints, QualityCost cost, RecommendationText text,
            RecommendStage stage, boolean triggered) {
        this.session = session;
        this.setpoints = setpoints;
        this.cost = cost;
        this.text = text;
        this.stage = stage;
        this.triggered = triggered;
        this.features = new float[session.signature().inputSize()];
        this.probe = new float[features.length];
        this.prediction = new float[session.signature().outputSize()];
    }

    static RecommendKernel open(String path, RecommendStage stage, StageContext context) throws PipelineException {
        List<Port> in = stage.getPorts().stream().filter(p -> p.getDirection() == PortDirection.IN).toList();
        if (in.isEmpty() || in.size() > 2) {
            throw new PipelineException(path + ": needs the model's features as input 0 (and optionally a part number as input 1)");
        }
        if (!(Upstream.feeding(in.get(0)) instanceof NormalizeStage normalize) || normalize.getMeans().isEmpty()) {
            throw new PipelineException(path + ": input 0 must come from a trained normalization stage; train the pipeline first");
        }
        ModelStage model = RecommendWiring.modelBeside(in.get(0));
        if (model == null || model.getTargets().isEmpty()) {
            throw new PipelineException(path + ": no quality model (a model stage with targets) reads the same features");
        }
        int targets = model.getTargets().size();
        List<Setpoint> setpoints = RecommendWiring.setpoints(path, stage, normalize, context);
        QualityCost cost = new QualityCost(limits(path, stage.getLowerLimits(), targets, "lower"), limits(path, stage.getUpperLimits(), targets, "upper"));
        InferenceSession session = context.engine(model.getEngine().getLiteral()).open(Upstream.modelFile(model, context.baseDirectory()));
        if (session.signature().outputSize() != 3 * targets) {
            session.close();
            throw new PipelineException(path + ": the quality model gives " + session.signature().outputSize() + " values, not mean, low and high of "
                    + targets + " targets; train the pipeline again");
        }
        List<String> names = model.getTargets().stream().map(RecommendKernel::label).toList();
        RecommendationText text = new RecommendationText(names, context.inputNames(stage, 0), normalize, setpoints, cost);
        return new RecommendKernel(session, setpoints, cost, text, stage, in.size() == 2);
    }

    private static String label(Signal s) {
        return s.getName() + (s.getUnit() == null || s.getUnit().isBlank() ? "" : " [" + s.getUnit() + "]");
    }

    private static double[] limits(String path, List<Double> declared, int targets, String which) throws PipelineException {
        if (!declared.isEmpty() && declared.size() != targets) {
            throw new PipelineException(path + ": has " + declared.size() + " " + which + " limits for " + targets + " quality targets");
        }
        double[] limits = new double[targets];
        for (int t = 0; t < targets; t++) {
            limits[t] = declared.isEmpty() ? Double.NaN : declared.get(t);
        }
        return limits;
    }

    @Override
    public boolean process(Frame[] inputs, Frame[] outputs) throws PipelineException {
        if (triggered) {
            double part = inputs[1].values()[0];
            if (part == lastPart) {
                return false;
            }
            lastPart = part;
        }
        System.arraycopy(inputs[0].values(), 0, features, 0, features.length);
        double[] current = new double[setpoints.size()];
        for (int p = 0; p < current.length; p++) {
            current[p] = setpoints.get(p).value(features);
        }
        float[] now = predict(features);
        double costNow = cost.scrapProbability(now);
        double[] best = search(current, costNow);
        if (best == null) {
            return false;
        }
        System.arraycopy(features, 0, probe, 0, features.length);
        for (int p = 0; p < current.length; p++) {
            setpoints.get(p).put(probe, best[p]);
        }
        float[] with = predict(probe);
        double gain = costNow - costOf(with, best, current);
        List<String> reasons = text.reasons(features, now, with, current, best, this::predict);
        int worst = text.worstTarget(now);
        for (int p = 0; p < current.length; p++) {
            Recommendation r = new Recommendation(current[p], text.target(worst), now[worst], with[worst], with[cost.targets() + worst],
                    with[2 * cost.targets() + worst], gain, reasons);
            outputs[p].values()[0] = (float) best[p];
            outputs[p].length(1).stampFrom(inputs[0]).recommendation(r);
        }
        return true;
    }

    /** @return the best setpoints, or {@code null} when no candidate gains enough with a certain enough prediction */
    private double[] search(double[] current, double costNow) throws PipelineException {
        int steps = Math.max(1, stage.getSteps() | 1);
        int combinations = (int) Math.pow(steps, current.length);
        double[] candidate = new double[current.length];
        double[] best = null;
        double bestCost = costNow - stage.getMinimumGain();
        for (int c = 0; c < combinations; c++) {
            if (!candidate(c, steps, current, candidate)) {
                continue;
            }
            System.arraycopy(features, 0, probe, 0, features.length);
            for (int p = 0; p < current.length; p++) {
                setpoints.get(p).put(probe, candidate[p]);
            }
            float[] predicted = predict(probe);
            double total = costOf(predicted, candidate, current);
            if (total < bestCost && cost.relativeUncertainty(predicted) <= stage.getMaximumUncertainty()) {
                bestCost = total;
                best = candidate.clone();
            }
        }
        return best;
    }

    /** Fills the {@code c}-th combination of candidate values; false if it is the current setpoints or leaves the bounds. */
    private boolean candidate(int c, int steps, double[] current, double[] into) {
        boolean changed = false;
        int rest = c;
        for (int p = 0; p < current.length; p++) {
            int k = rest % steps;
            rest /= steps;
            Setpoint s = setpoints.get(p);
            double offset = steps == 1 ? 0 : s.maxStep() * STEP_MARGIN * (2.0 * k / (steps - 1) - 1);
            double value = Math.clamp(current[p] + offset, s.minimum(), s.maximum());
            if (Math.abs(value - current[p]) > s.maxStep()) {
                return false;
            }
            into[p] = value;
            changed |= value != current[p];
        }
        return changed;
    }

    private double costOf(float[] predicted, double[] values, double[] current) {
        double throughput = 0;
        if (stage.getThroughputWeight() > 0 && current[0] != 0) {
            throughput = stage.getThroughputWeight() * Math.max(0, (current[0] - values[0]) / Math.abs(current[0]));
        }
        return cost.scrapProbability(predicted) + throughput;
    }

    private float[] predict(float[] input) throws PipelineException {
        float[] out = new float[prediction.length];
        session.run(input, out);
        return out;
    }

    @Override
    public void close() {
        session.close();
    }

    /** A parameter the kernel may change: where it sits in the normalized features and how far it may go. */
    record Setpoint(String name, String unit, int index, double mean, double deviation, double minimum, double maximum, double maxStep) {

        double value(float[] normalized) {
            return normalized[index] * deviation + mean;
        }

        void put(float[] normalized, double value) {
            normalized[index] = (float) (deviation == 0 ? 0 : (value - mean) / deviation);
        }
    }
}
