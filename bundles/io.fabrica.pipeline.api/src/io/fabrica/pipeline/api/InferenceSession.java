package io.fabrica.pipeline.api;

/**
 * A loaded model, ready to run one sample at a time. Sessions are not thread-safe: the pipeline engine
 * gives every running graph its own session. Close it to free native memory.
 */
public interface InferenceSession extends AutoCloseable {

    /** @return the model's signature as read from the model file */
    ModelSignature signature();

    /**
     * Runs the model on one sample.
     *
     * @param input holds the sample in its first {@link ModelSignature#inputSize()} values, row-major
     *        (a longer, reused buffer is fine)
     * @param output receives {@link ModelSignature#outputSize()} values at its start
     * @throws PipelineException if the engine fails; the message names the model file
     */
    void run(float[] input, float[] output) throws PipelineException;

    /** Frees the model; the session cannot be used afterwards. */
    @Override
    void close();
}
