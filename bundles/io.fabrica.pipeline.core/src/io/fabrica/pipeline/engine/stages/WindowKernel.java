package io.fabrica.pipeline.engine.stages;

import io.fabrica.pipeline.WindowStage;
import io.fabrica.pipeline.api.Frame;
import io.fabrica.pipeline.api.StageKernel;
import io.fabrica.pipeline.features.Windower;

/**
 * Cuts a stream into windows of {@code size} samples every {@code hop} samples. Scalars are appended one
 * at a time; arrays (windows of an array signal) are appended whole, as a contiguous stream. An array
 * input exactly as long as the window with hop = size passes through unchanged. At most one window is
 * emitted per input: with a hop shorter than an input array the intermediate windows are skipped.
 */
final class WindowKernel implements StageKernel {

    private final double[] window;
    private final Windower windower;
    private final int size;
    private boolean emitted;

    WindowKernel(WindowStage stage) {
        this.size = stage.getSize();
        this.window = new double[size];
        this.windower = new Windower(size, stage.getHop(), window, (w, n, first) -> emitted = true);
    }

    @Override
    public boolean process(Frame[] inputs, Frame[] outputs) {
        Frame in = inputs[0];
        emitted = false;
        float[] values = in.values();
        for (int i = 0, n = in.length(); i < n; i++) {
            windower.push(values[i]);
        }
        if (!emitted) {
            return false;
        }
        float[] out = outputs[0].values();
        for (int i = 0; i < size; i++) {
            out[i] = (float) window[i];
        }
        outputs[0].length(size).stampFrom(in);
        return true;
    }
}
