package io.fabrica.pipeline.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Writes approved, in-bounds values to the device behind a process parameter. Supplied by whoever
 * runs a pipeline live (the CLI, the runtime); absent when replaying a dataset.
 *
 * <p>Implemented by Fabrica; vendors use it: the hosts that run pipelines implement it and Fabrica's
 * write sink calls it; vendor stages do not see it.
 *
 * @since 1.0
 */
@ProviderType
@FunctionalInterface
public interface ParameterWriter {

    /**
     * Writes a value. Called on the pipeline's thread, or for a held value on the thread that
     * approves it, so implementations are thread-safe; they hand slow I/O to another thread.
     *
     * @param parameterPath the element path of the process parameter
     * @param value a value already checked against the safe bounds (and approved if required)
     * @throws PipelineException if the write fails or the parameter has no device binding; the message
     *         names the parameter
     */
    void write(String parameterPath, double value) throws PipelineException;
}
