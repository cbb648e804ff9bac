package io.fabrica.pipeline.engine.stages;

import io.fabrica.pipeline.NormalizeStage;
import io.fabrica.pipeline.api.Frame;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.api.StageKernel;

/**
 * Concatenates its inputs in port order (e.g. vibration features + temperature + current) and
 * standardizes them with the statistics fitted at training and stored in the stage:
 * {@code (x - mean) / deviation}, 0 where the deviation is 0. Without fitted statistics it only
 * concatenates (the state while a pipeline is being trained).
 */
final class NormalizeKernel implements StageKernel {

    private final String path;
    private final float[] means;
    private final float[] deviations;

    NormalizeKernel(String path, NormalizeStage stage, int dimension) throws PipelineException {
        this.path = path;
        int fitted = stage.getMeans().size();
        if (fitted != 0 && (fitted != dimension || stage.getDeviations().size() != dimension)) {
            throw new PipelineException(path + ": has statistics for " + fitted + " values but its inputs carry " + dimension
                    + "; train the pipeline again");
        }
        this.means = new float[fitted];
        this.deviations = new float[fitted];
        for (int i = 0; i < fitted; i++) {
            means[i] = stage.getMeans().get(i).floatValue();
            deviations[i] = stage.getDeviations().get(i).floatValue();
        }
    }

    @Override
    public boolean process(Frame[] inputs, Frame[] outputs) throws PipelineException {
        float[] out = outputs[0].values();
        int n = 0;
        Frame newest = inputs[0];
        for (Frame in : inputs) {
            System.arraycopy(in.values(), 0, out, n, in.length());
            n += in.length();
            if (in.timeMillis() > newest.timeMillis()) {
                newest = in;
            }
        }
        if (means.length > 0) {
            if (n != means.length) {
                throw new PipelineException(path + ": received " + n + " values, fitted for " + means.length);
            }
            for (int i = 0; i < n; i++) {
                out[i] = deviations[i] == 0 ? 0 : (out[i] - means[i]) / deviations[i];
            }
        }
        outputs[0].length(n).stampFrom(newest);
        return true;
    }
}
