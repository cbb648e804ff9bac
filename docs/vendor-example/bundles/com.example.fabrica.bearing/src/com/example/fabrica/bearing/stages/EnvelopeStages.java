package com.example.fabrica.bearing.stages;

import com.example.fabrica.bearing.BearingFactory;
import com.example.fabrica.bearing.EnvelopeSpectrumStage;

import io.fabrica.pipeline.PipelineFactory;
import io.fabrica.pipeline.Port;
import io.fabrica.pipeline.PortDirection;
import io.fabrica.pipeline.PortType;

/**
 * Creates Example Corp's stages with the ports Fabrica's engine and validator expect, the way
 * {@code io.fabrica.pipeline.resource.PipelineBuilder} does for Fabrica's own kinds. The EMF factory
 * ({@code BearingFactory.eINSTANCE.createEnvelopeSpectrumStage()}) makes a stage without ports; use this
 * class in code, tools and palettes instead.
 *
 * <p>Stateless and thread-safe; the stages it returns are new, in no pipeline, and as thread-confined as
 * any EMF object.
 */
public final class EnvelopeStages {

    private EnvelopeStages() {
    }

    /**
     * An envelope spectrum stage with the model's defaults (10240 Hz, band 2000..4000 Hz, 64 bins up to
     * 500 Hz) and its ports: input {@code in} of type Window (any length: the size is left 0) and output
     * {@code out} of type Vector with {@code bins} values. Change {@code bins} later and the output port's
     * size must follow (or be set to 0).
     *
     * @param name the stage's name, e.g. {@code "Bearing envelope"}
     * @return the new stage, not in any pipeline
     * @throws NullPointerException if {@code name} is null
     */
    public static EnvelopeSpectrumStage create(String name) {
        if (name == null) {
            throw new NullPointerException("name");
        }
        EnvelopeSpectrumStage stage = BearingFactory.eINSTANCE.createEnvelopeSpectrumStage();
        stage.setName(name);
        addPorts(stage);
        return stage;
    }

    /**
     * Adds the stage's ports (see {@link #create}) to a stage that has none, as the designer's palette
     * needs them.
     *
     * @param stage a new stage without ports
     */
    public static void addPorts(EnvelopeSpectrumStage stage) {
        stage.getPorts().add(port("in", PortDirection.IN, PortType.WINDOW, 0));
        stage.getPorts().add(port("out", PortDirection.OUT, PortType.VECTOR, stage.getBins()));
    }

    private static Port port(String name, PortDirection direction, PortType type, int size) {
        Port port = PipelineFactory.eINSTANCE.createPort();
        port.setName(name);
        port.setDirection(direction);
        port.setType(type);
        port.setSize(size);
        return port;
    }
}
