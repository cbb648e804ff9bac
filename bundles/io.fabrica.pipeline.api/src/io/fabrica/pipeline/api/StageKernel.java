package io.fabrica.pipeline.api;

/**
 * The running form of one stage. The engine calls {@link #process} whenever the stage's first input
 * has a new value and every input has had at least one; the other inputs join with their latest value
 * (so a 1 Hz temperature joins each 10 Hz vibration feature vector).
 *
 * <p>Contract: no allocation per call on the hot path; read inputs, write outputs in place, never keep
 * or modify input frames. Kernels are not thread-safe; the engine calls them from one thread.
 */
public interface StageKernel extends AutoCloseable {

    /**
     * Processes the current inputs.
     *
     * @param inputs the frames of the stage's input ports, in port order
     * @param outputs the frames of the stage's output ports, in port order, to overwrite
     * @return whether the outputs carry a new value (a window stage returns {@code false} until its
     *         window is full); downstream stages run only on {@code true}
     * @throws PipelineException if the input cannot be processed (wrong size, engine failure); the
     *         message names the stage
     */
    boolean process(Frame[] inputs, Frame[] outputs) throws PipelineException;

    /** Releases native resources (model sessions). Default: nothing. */
    @Override
    default void close() {
    }
}
