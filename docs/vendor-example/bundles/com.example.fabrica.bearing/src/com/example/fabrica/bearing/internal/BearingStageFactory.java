package com.example.fabrica.bearing.internal;

import org.osgi.service.component.annotations.Component;

import com.example.fabrica.bearing.EnvelopeSpectrumStage;
import com.example.fabrica.bearing.stages.EnvelopeStages;

import io.fabrica.pipeline.PortDirection;
import io.fabrica.pipeline.Stage;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.api.StageContext;
import io.fabrica.pipeline.api.StageFactory;
import io.fabrica.pipeline.api.StageKernel;
import io.fabrica.pipeline.validation.PipelinePaths;

/**
 * Example Corp's stage factory: runs {@link EnvelopeSpectrumStage}s (one Window input, one Vector output
 * of {@code bins} values) and nothing else, so it never takes over another vendor's or Fabrica's stages.
 *
 * <p>Threading: stateless, hence thread-safe; pipelines may compile on several threads at once.
 * Errors: a misconfigured stage is refused with a {@link PipelineException} naming the stage's path and
 * the field (see {@link EnvelopeSettings}).
 */
@Component(service = StageFactory.class)
public final class BearingStageFactory implements StageFactory {

    @Override
    public boolean supports(Stage stage) {
        return stage instanceof EnvelopeSpectrumStage;
    }

    /** The palette's new stages get a window input and a spectrum output (Fabrica cannot guess them). */
    @Override
    public boolean addDefaultPorts(Stage stage) {
        if (stage instanceof EnvelopeSpectrumStage envelope && envelope.getPorts().isEmpty()) {
            EnvelopeStages.addPorts(envelope);
            return true;
        }
        return false;
    }

    @Override
    public int outputCapacity(Stage stage, StageContext context, int outputIndex) throws PipelineException {
        return settings(stage, context).bins();
    }

    @Override
    public StageKernel create(Stage stage, StageContext context) throws PipelineException {
        return new EnvelopeSpectrumKernel(settings(stage, context));
    }

    private static EnvelopeSettings settings(Stage stage, StageContext context) throws PipelineException {
        String path = PipelinePaths.of(stage);
        if (!(stage instanceof EnvelopeSpectrumStage envelope)) {
            throw new PipelineException(path + ": a " + stage.eClass().getName() + " is not an envelope spectrum stage");
        }
        requirePorts(stage, path);
        return EnvelopeSettings.of(envelope, path, context.inputCapacity(stage, 0), context.sampleRate(stage));
    }

    /** The engine would index missing ports; a stage made without ports gets a message that says how to fix it. */
    private static void requirePorts(Stage stage, String path) throws PipelineException {
        long inputs = stage.getPorts().stream().filter(p -> p.getDirection() == PortDirection.IN).count();
        long outputs = stage.getPorts().size() - inputs;
        if (inputs != 1 || outputs != 1) {
            throw new PipelineException(path + ": has " + inputs + " inputs and " + outputs
                    + " outputs; an envelope spectrum stage has one Window input and one Vector output (create it with EnvelopeStages.create)");
        }
    }
}
