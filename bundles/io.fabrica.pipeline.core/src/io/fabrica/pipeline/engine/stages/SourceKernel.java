package io.fabrica.pipeline.engine.stages;

import io.fabrica.pipeline.api.Frame;
import io.fabrica.pipeline.api.StageKernel;

/** Sources have no inputs: the engine writes their frame when a value is pushed, so there is nothing to process. */
final class SourceKernel implements StageKernel {

    @Override
    public boolean process(Frame[] inputs, Frame[] outputs) {
        return false;
    }
}
