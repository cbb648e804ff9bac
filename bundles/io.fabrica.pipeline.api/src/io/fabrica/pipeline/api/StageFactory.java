package io.fabrica.pipeline.api;

import org.osgi.annotation.versioning.ConsumerType;

import io.fabrica.pipeline.Stage;

/**
 * Creates the running form of stages, registered as an OSGi service (Declarative Services
 * {@code @Component(service = StageFactory.class)}). Fabrica ships factories for its stage kinds; a
 * vendor adds an operator with a factory for its own stage (e.g. a stage subclass in its own EMF
 * package). The engine uses the first factory that {@link #supports} a stage, asking the vendors'
 * factories before Fabrica's built-in one (so a vendor may take over a built-in kind); the order among
 * vendor factories is not specified, so a factory supports only its own stage classes.
 *
 * <p>Implemented by vendors; Fabrica calls it.
 *
 * <p>Threading: implementations are thread-safe: pipelines may compile on several threads at once.
 * {@link #outputCapacity} and {@link #create} are called on the compiling thread, a worker thread that
 * may block (e.g. to load a model file). The kernels a factory creates need not be thread-safe.
 *
 * @since 1.0
 */
@ConsumerType
public interface StageFactory {

    /**
     * Whether this factory can create the kernel of a stage. Also called by the workbench's palette,
     * possibly on the UI thread, with a new stage that is in no pipeline and may have no ports: answer
     * by the stage's class alone, quickly, without side effects and without throwing.
     *
     * @param stage a stage of a pipeline
     * @return whether this factory can create its kernel
     */
    boolean supports(Stage stage);

    /**
     * The number of values each output port of the stage can carry at most, so that the engine can
     * allocate the frames once. Called only for a stage this factory {@link #supports}, once per
     * output port, before {@link #create}.
     *
     * @param stage the stage
     * @param context the compile context (input capacities are known: stages compile in flow order);
     *        valid only during this call
     * @param outputIndex the index among the stage's output ports
     * @return the capacity, at least 1
     * @throws PipelineException if the stage is misconfigured; the message names the stage
     */
    int outputCapacity(Stage stage, StageContext context, int outputIndex) throws PipelineException;

    /**
     * Creates the kernel of a stage. Called only for a stage this factory {@link #supports}, after
     * {@link #outputCapacity} for each of its output ports. The engine closes the kernel with its
     * compiled pipeline, or at once if compiling a later stage fails.
     *
     * @param stage the stage, already validated
     * @param context the compile context; valid only during this call, so the kernel does not keep it
     * @return a new kernel
     * @throws PipelineException if the stage cannot run (missing model file, unsupported engine, size
     *         mismatch); the message names the stage
     */
    StageKernel create(Stage stage, StageContext context) throws PipelineException;

    /**
     * Gives a stage of a kind this factory supports the ports it needs, when the workbench's palette
     * places a new one (EMF creates stages without ports). Called on the UI thread with a stage that
     * is in no pipeline; it must be quick, without side effects beyond adding ports, and not throw.
     *
     * @param stage a new stage of a class this factory {@link #supports}, without ports
     * @return whether ports were added; when not, the designer gives the stage one Tensor input and
     *         one Tensor output, which the user adjusts in its properties
     * @since 1.0
     */
    default boolean addDefaultPorts(Stage stage) {
        return false;
    }
}
