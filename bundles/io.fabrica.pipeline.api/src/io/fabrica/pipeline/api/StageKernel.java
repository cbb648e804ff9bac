package io.fabrica.pipeline.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The running form of one stage, created by a {@link StageFactory}. The engine calls
 * {@link #process} whenever the stage's first input has a new value and every input has had at least
 * one; the other inputs join with their latest value (so a 1 Hz temperature joins each 10 Hz vibration
 * feature vector).
 *
 * <p>Implemented by vendors; Fabrica calls it.
 *
 * <p>Contract: no allocation per call on the hot path; read inputs, write outputs in place, never keep
 * or modify input frames. Kernels are not thread-safe and need not be: the engine calls them from the
 * one thread that runs their compiled pipeline, which must not be blocked (a deployed pipeline has a
 * cycle budget); hand slow I/O to another thread.
 *
 * @since 1.0
 */
@ConsumerType
public interface StageKernel extends AutoCloseable {

    /**
     * Processes the current inputs.
     *
     * @param inputs the frames of the stage's input ports, in port order; read only
     * @param outputs the frames of the stage's output ports, in port order, to overwrite (values,
     *        length, time and label, see {@link Frame#stampFrom})
     * @return whether the outputs carry a new value (a window stage returns {@code false} until its
     *         window is full); downstream stages run only on {@code true}
     * @throws PipelineException if the input cannot be processed (wrong size, engine failure); the
     *         message names the stage. It stops the run, which reports the message.
     */
    boolean process(Frame[] inputs, Frame[] outputs) throws PipelineException;

    /**
     * Releases native resources (model sessions, open files). Called when the compiled pipeline is
     * closed, possibly on another thread than {@link #process}; idempotent; must not throw. Default:
     * nothing.
     */
    @Override
    default void close() {
    }
}
