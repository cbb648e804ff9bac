package io.fabrica.ui.pipeline.internal.training;

import java.util.List;

import io.fabrica.pipeline.api.InferenceEngine;
import io.fabrica.pipeline.api.StageFactory;
import io.fabrica.pipeline.engine.PipelineEngine;
import io.fabrica.ui.Services;

/**
 * The pipeline engine of the workbench: Fabrica's built-in stages plus every inference engine and vendor
 * stage factory installed as an OSGi service right now (the command line's engine, made per use because
 * views are not Declarative Services components). Call it from a job, never on the UI thread: the first
 * call may wait for the services to come up.
 */
public final class WorkbenchPipelineEngine {

    private WorkbenchPipelineEngine() {
    }

    /**
     * Builds an engine from the services installed now; DJL is switched offline first.
     *
     * @return a new engine
     * @throws IllegalStateException with a readable message when no inference engine is installed
     */
    public static PipelineEngine create() {
        DjlOffline.ensure();
        List<InferenceEngine> engines = Services.all(InferenceEngine.class);
        if (engines.isEmpty()) {
            // Declarative Services may still be activating the DJL bundle: wait for it briefly
            Services.get(InferenceEngine.class);
            engines = Services.all(InferenceEngine.class);
        }
        PipelineEngine engine = new PipelineEngine(engines);
        for (StageFactory factory : Services.all(StageFactory.class)) {
            engine.addStageFactory(factory);
        }
        return engine;
    }
}
