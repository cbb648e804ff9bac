package io.fabrica.cli.internal;

import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.fabrica.pipeline.api.InferenceEngine;
import io.fabrica.pipeline.api.StageFactory;
import io.fabrica.pipeline.engine.PipelineEngine;

/**
 * The pipeline engine of the command line: Fabrica's stages plus every inference engine and vendor
 * stage factory installed as an OSGi service.
 */
@Component(service = PipelineEngineHolder.class)
public final class PipelineEngineHolder {

    private final PipelineEngine engine = new PipelineEngine(List.of());

    /** @return the engine */
    public PipelineEngine engine() {
        return engine;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addInferenceEngine(InferenceEngine inference) {
        engine.addInferenceEngine(inference);
    }

    void removeInferenceEngine(InferenceEngine inference) {
        engine.removeInferenceEngine(inference);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addStageFactory(StageFactory factory) {
        engine.addStageFactory(factory);
    }

    void removeStageFactory(StageFactory factory) {
        engine.removeStageFactory(factory);
    }
}
