package io.fabrica.pipeline.engine.stages;

import io.fabrica.pipeline.FeatureStage;
import io.fabrica.pipeline.api.Frame;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.api.StageKernel;
import io.fabrica.pipeline.features.FeatureExtractor;

/** Computes the configured features of each window (allocation-free: buffers are made once). */
final class FeatureKernel implements StageKernel {

    private final String path;
    private final FeatureExtractor extractor;
    private final double[] samples;
    private final double[] features;

    FeatureKernel(String path, FeatureStage stage, int windowLength, double sampleRate) throws PipelineException {
        this.path = path;
        if (sampleRate <= 0) {
            throw new PipelineException(path + ": the sample rate of its signal is unknown (give the signal a sampling interval)");
        }
        try {
            this.extractor = FeatureExtractor.forStage(stage, windowLength, sampleRate);
        } catch (IllegalArgumentException e) {
            throw new PipelineException(path + ": " + e.getMessage(), e);
        }
        this.samples = new double[windowLength];
        this.features = new double[extractor.dimension()];
    }

    @Override
    public boolean process(Frame[] inputs, Frame[] outputs) throws PipelineException {
        Frame in = inputs[0];
        if (in.length() != samples.length) {
            throw new PipelineException(path + ": received a window of " + in.length() + " samples, configured for " + samples.length);
        }
        float[] values = in.values();
        for (int i = 0; i < samples.length; i++) {
            samples[i] = values[i];
        }
        extractor.extract(samples, samples.length, features);
        float[] out = outputs[0].values();
        for (int i = 0; i < features.length; i++) {
            out[i] = (float) features[i];
        }
        outputs[0].length(features.length).stampFrom(in);
        return true;
    }
}
