package com.example.fabrica.bearing.internal;

import com.example.fabrica.bearing.EnvelopeSpectrumStage;

import io.fabrica.pipeline.api.PipelineException;

/**
 * The checked configuration of an envelope spectrum stage: every attribute of the EMF stage plus the
 * length of the windows it receives. Creating it is the one place where a misconfigured stage is
 * refused, so {@link BearingStageFactory#outputCapacity} and {@link BearingStageFactory#create} agree.
 * Immutable.
 *
 * @param path the stage's path in its pipeline, for messages
 * @param sampleRate samples per second of the windows, Hz
 * @param bandLow lower edge of the band-pass around the resonance, Hz
 * @param bandHigh upper edge of the band-pass, Hz
 * @param maxFrequency the highest envelope frequency reported, Hz
 * @param bins values of the output vector
 * @param windowLength samples per input window
 */
record EnvelopeSettings(String path, double sampleRate, double bandLow, double bandHigh, double maxFrequency, int bins, int windowLength) {

    /**
     * Reads and checks a stage's configuration.
     *
     * @param stage the stage
     * @param path its path in the pipeline
     * @param windowLength samples per input window (the capacity of the frame feeding it)
     * @param upstreamSampleRate the sample rate of the signal feeding it, 0 if unknown
     * @return the settings
     * @throws PipelineException naming the stage and the offending field if the stage cannot run
     */
    static EnvelopeSettings of(EnvelopeSpectrumStage stage, String path, int windowLength, double upstreamSampleRate) throws PipelineException {
        EnvelopeSettings s = new EnvelopeSettings(path, stage.getSampleRate(), stage.getBandLow(), stage.getBandHigh(), stage.getMaxFrequency(),
                stage.getBins(), windowLength);
        s.check(upstreamSampleRate);
        return s;
    }

    private void check(double upstreamSampleRate) throws PipelineException {
        if (!(sampleRate > 0) || Double.isInfinite(sampleRate)) {
            fail("sampleRate " + sampleRate + " Hz must be a positive number of samples per second");
        }
        double nyquist = sampleRate / 2;
        if (!(bandLow >= 0)) {
            fail("bandLow " + bandLow + " Hz must be at least 0");
        }
        if (!(bandHigh <= nyquist)) {
            fail("bandHigh " + bandHigh + " Hz is above half the sampleRate (" + nyquist + " Hz), where the spectrum ends");
        }
        if (!(bandLow < bandHigh)) {
            fail("bandLow " + bandLow + " Hz must be below bandHigh " + bandHigh + " Hz");
        }
        if (!(maxFrequency > 0 && maxFrequency <= nyquist)) {
            fail("maxFrequency " + maxFrequency + " Hz must be above 0 and at most half the sampleRate (" + nyquist + " Hz)");
        }
        if (bins < 1) {
            fail("bins " + bins + " must be at least 1");
        }
        if (windowLength < 2) {
            fail("its input carries " + windowLength + " values; connect a Window of vibration samples (at least 2)");
        }
        double resolution = sampleRate / EnvelopeSpectrum.transformSize(windowLength);
        if (bandHigh - bandLow < resolution) {
            fail("the band bandLow.." + "bandHigh (" + bandLow + ".." + bandHigh + " Hz) is narrower than the frequency resolution of "
                    + resolution + " Hz of its " + windowLength + "-sample windows; widen the band or use longer windows");
        }
        if (upstreamSampleRate > 0 && Math.abs(upstreamSampleRate - sampleRate) > 1e-3 * sampleRate) {
            fail("sampleRate " + sampleRate + " Hz differs from the " + upstreamSampleRate
                    + " Hz of the signal feeding it; set sampleRate to the signal's rate");
        }
    }

    private void fail(String problem) throws PipelineException {
        throw new PipelineException(path + ": " + problem);
    }
}
