package io.fabrica.pipeline.djl.bench;

import java.util.HashMap;
import java.util.Map;

import io.fabrica.pipeline.Stage;
import io.fabrica.pipeline.engine.CompiledPipeline;
import io.fabrica.pipeline.validation.PipelinePaths;

/**
 * Collects the engine's per-stage times for the stages asked for. The map is filled before the
 * run, so a measurement is one lookup and one array store.
 */
final class StageLatencies implements CompiledPipeline.LatencyListener {

    private final Map<String, Samples> byPath = new HashMap<>();
    private final int capacity;
    private boolean recording;

    StageLatencies(int capacity) {
        this.capacity = capacity;
    }

    /** Starts collecting the times of a stage; returns where they go. */
    Samples watch(Stage stage) {
        return byPath.computeIfAbsent(PipelinePaths.of(stage), path -> new Samples(capacity));
    }

    /** Warm-up runs are not recorded. */
    void recording(boolean on) {
        this.recording = on;
    }

    @Override
    public void measured(String stagePath, long nanos) {
        if (recording) {
            Samples samples = byPath.get(stagePath);
            if (samples != null) {
                samples.add(nanos);
            }
        }
    }
}
