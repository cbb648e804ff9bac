package com.example.fabrica.bearing.internal;

import io.fabrica.pipeline.api.Frame;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.api.StageKernel;

/**
 * The running form of an envelope spectrum stage: one window of vibration samples in, one vector of
 * {@code bins} envelope amplitudes out, for every window. Allocation-free per window (the
 * {@link EnvelopeSpectrum} holds every buffer). Not thread-safe: called from its pipeline's thread only.
 */
final class EnvelopeSpectrumKernel implements StageKernel {

    private final String path;
    private final EnvelopeSpectrum spectrum;

    /**
     * @param settings the checked settings of the stage
     */
    EnvelopeSpectrumKernel(EnvelopeSettings settings) {
        this.path = settings.path();
        this.spectrum = new EnvelopeSpectrum(settings);
    }

    @Override
    public boolean process(Frame[] inputs, Frame[] outputs) throws PipelineException {
        Frame in = inputs[0];
        if (in.length() != spectrum.windowLength()) {
            // a fixed length keeps the FFT tables and bin edges valid; a shorter window would shift every bin
            throw new PipelineException(path + ": received a window of " + in.length() + " samples, configured for "
                    + spectrum.windowLength());
        }
        Frame out = outputs[0];
        spectrum.compute(in.values(), out.values());
        out.length(spectrum.bins()).stampFrom(in);
        return true;
    }
}
