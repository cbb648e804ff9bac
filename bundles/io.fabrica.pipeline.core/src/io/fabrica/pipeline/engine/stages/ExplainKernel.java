package io.fabrica.pipeline.engine.stages;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.fabrica.pipeline.DecisionKind;
import io.fabrica.pipeline.DecisionStage;
import io.fabrica.pipeline.ExplainStage;
import io.fabrica.pipeline.ExplanationMethod;
import io.fabrica.pipeline.ModelStage;
import io.fabrica.pipeline.Port;
import io.fabrica.pipeline.PortDirection;
import io.fabrica.pipeline.Stage;
import io.fabrica.pipeline.api.Decision;
import io.fabrica.pipeline.api.Frame;
import io.fabrica.pipeline.api.InferenceSession;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.api.Reason;
import io.fabrica.pipeline.api.StageContext;
import io.fabrica.pipeline.api.StageKernel;

/**
 * Gives positive decisions their reasons (negative ones pass unchanged: explaining every normal window
 * would multiply the inference cost for nothing the operator looks at).
 * <ul>
 * <li>Feature contributions of an autoencoder: each feature's share of the mean squared reconstruction
 * error (they add up to the score exactly).</li>
 * <li>Feature contributions of other models, and occlusion for images: the drop of the alarm score when a
 * feature is set to its training mean (0 after normalization) or an image region to the image's mean.</li>
 * </ul>
 * Inputs: port 0 the decision, port 1 the data the model saw. The kernel runs its own session of the model.
 */
final class ExplainKernel implements StageKernel {

    private static final int TOP = 5;
    private static final int GRID = 4;

    private final InferenceSession session;
    private final boolean autoencoder;
    private final boolean meanScore;
    private final String[] names;
    private final float[] probe;
    private final float[] output;

    private ExplainKernel(InferenceSession session, boolean autoencoder, boolean meanScore, String[] names) {
        this.session = session;
        this.autoencoder = autoencoder;
        this.meanScore = meanScore;
        this.names = names;
        this.probe = new float[session.signature().inputSize()];
        this.output = new float[session.signature().outputSize()];
    }

    static ExplainKernel open(String path, ExplainStage stage, StageContext context) throws PipelineException {
        List<Port> in = stage.getPorts().stream().filter(p -> p.getDirection() == PortDirection.IN).toList();
        if (in.size() != 2) {
            throw new PipelineException(path + ": needs two inputs: the decision and the data the model saw");
        }
        if (stage.getMethod() == ExplanationMethod.GRADIENT) {
            throw new PipelineException(path + ": gradient maps need a differentiable engine; ONNX Runtime is not one: use occlusion");
        }
        Stage decider = Upstream.feeding(in.get(0));
        ModelStage model = Upstream.model(decider);
        if (model == null) {
            throw new PipelineException(path + ": no model stage feeds its decision, so there is nothing to explain");
        }
        InferenceSession session = context.engine(model.getEngine().getLiteral()).open(Upstream.modelFile(model, context.baseDirectory()));
        int inputSize = session.signature().inputSize();
        if (context.inputCapacity(stage, 1) != inputSize) {
            session.close();
            throw new PipelineException(path + ": its data input carries " + context.inputCapacity(stage, 1) + " values but the model takes "
                    + inputSize + "; connect the model's input");
        }
        boolean threshold = decider instanceof DecisionStage d && d.getKind() == DecisionKind.THRESHOLD;
        boolean autoencoder = threshold && session.signature().outputSize() == inputSize;
        return new ExplainKernel(session, autoencoder, threshold, context.inputNames(stage, 1));
    }

    @Override
    public boolean process(Frame[] inputs, Frame[] outputs) throws PipelineException {
        Decision decision = inputs[0].decision();
        if (decision == null) {
            return false;
        }
        if (decision.positive()) {
            Frame data = inputs[1];
            List<Reason> reasons = data.width() > 0 ? occludeRegions(data) : autoencoder ? errorShares(data) : occludeFeatures(data);
            reasons.sort(Comparator.comparingDouble((Reason r) -> -r.contribution()));
            decision = decision.withReasons(reasons.subList(0, Math.min(TOP, reasons.size())));
        }
        outputs[0].decision(decision).length(1).stampFrom(inputs[0]);
        return true;
    }

    private List<Reason> errorShares(Frame data) throws PipelineException {
        session.run(data.values(), output);
        List<Reason> reasons = new ArrayList<>();
        for (int i = 0; i < output.length; i++) {
            reasons.add(new Reason(names[i], output[i] / output.length));
        }
        return reasons;
    }

    private List<Reason> occludeFeatures(Frame data) throws PipelineException {
        System.arraycopy(data.values(), 0, probe, 0, probe.length);
        double base = score(probe);
        List<Reason> reasons = new ArrayList<>();
        for (int i = 0; i < probe.length; i++) {
            float kept = probe[i];
            probe[i] = 0;
            reasons.add(new Reason(names[i], base - score(probe)));
            probe[i] = kept;
        }
        return reasons;
    }

    private List<Reason> occludeRegions(Frame data) throws PipelineException {
        int w = data.width();
        int h = data.height();
        int plane = w * h;
        float[] v = data.values();
        double mean = 0;
        for (int i = 0; i < probe.length; i++) {
            mean += v[i];
        }
        mean /= probe.length;
        System.arraycopy(v, 0, probe, 0, probe.length);
        double base = score(probe);
        List<Reason> reasons = new ArrayList<>();
        for (int r = 0; r < GRID; r++) {
            for (int c = 0; c < GRID; c++) {
                int x0 = c * w / GRID;
                int x1 = (c + 1) * w / GRID;
                int y0 = r * h / GRID;
                int y1 = (r + 1) * h / GRID;
                fill(probe, plane, w, x0, x1, y0, y1, (float) mean);
                reasons.add(new Reason("region row " + r + " col " + c + " (x " + x0 + "-" + x1 + ", y " + y0 + "-" + y1 + ")", base - score(probe)));
                System.arraycopy(v, 0, probe, 0, probe.length);
            }
        }
        return reasons;
    }

    private static void fill(float[] image, int plane, int w, int x0, int x1, int y0, int y1, float value) {
        for (int ch = 0; ch * plane < image.length; ch++) {
            for (int y = y0; y < y1; y++) {
                for (int x = x0; x < x1; x++) {
                    image[ch * plane + y * w + x] = value;
                }
            }
        }
    }

    /** The alarm score as the decision computes it: mean error (threshold) or 1 - p(first class). */
    private double score(float[] input) throws PipelineException {
        session.run(input, output);
        if (meanScore) {
            double sum = 0;
            for (float o : output) {
                sum += o;
            }
            return sum / output.length;
        }
        return 1 - output[0];
    }

    @Override
    public void close() {
        session.close();
    }
}
