package io.fabrica.pipeline.api;

/**
 * Writes approved, in-bounds values to the device behind a process parameter. Supplied by whoever
 * runs a pipeline live (the CLI, the runtime); absent when replaying a dataset.
 */
@FunctionalInterface
public interface ParameterWriter {

    /**
     * Writes a value. Called on the pipeline's thread; implementations hand slow I/O to another thread.
     *
     * @param parameterPath the element path of the process parameter
     * @param value a value already checked against the safe bounds (and approved if required)
     * @throws PipelineException if the write fails; the message names the parameter
     */
    void write(String parameterPath, double value) throws PipelineException;
}
