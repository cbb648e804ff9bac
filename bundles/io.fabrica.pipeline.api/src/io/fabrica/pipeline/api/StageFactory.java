package io.fabrica.pipeline.api;

import io.fabrica.pipeline.Stage;

/**
 * Creates the running form of stages, registered as an OSGi service (Declarative Services). Fabrica
 * ships factories for its stage kinds; a vendor adds an operator with a factory for its own stage
 * (e.g. a stage subclass in its own EMF package). The engine asks the factories in service-ranking
 * order and uses the first that {@link #supports} the stage.
 *
 * <p>Implementations must be thread-safe; the kernels they create need not be.
 */
public interface StageFactory {

    /**
     * @param stage a stage of a pipeline
     * @return whether this factory can create its kernel
     */
    boolean supports(Stage stage);

    /**
     * The number of values each output port of the stage can carry at most, so that the engine can
     * allocate the frames once.
     *
     * @param stage the stage
     * @param context the compile context (input capacities are known: stages compile in flow order)
     * @param outputIndex the index among the stage's output ports
     * @return the capacity, at least 1
     * @throws PipelineException if the stage is misconfigured
     */
    int outputCapacity(Stage stage, StageContext context, int outputIndex) throws PipelineException;

    /**
     * Creates the kernel of a stage.
     *
     * @param stage the stage, already validated
     * @param context the compile context
     * @return a new kernel
     * @throws PipelineException if the stage cannot run (missing model file, unsupported engine, size
     *         mismatch); the message names the stage
     */
    StageKernel create(Stage stage, StageContext context) throws PipelineException;
}
