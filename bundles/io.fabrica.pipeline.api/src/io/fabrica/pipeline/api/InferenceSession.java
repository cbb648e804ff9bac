package io.fabrica.pipeline.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A loaded model, ready to run one sample at a time, opened by {@link InferenceEngine#open}. Close it
 * to free native memory.
 *
 * <p>Implemented by vendors (their engine creates it); Fabrica calls it.
 *
 * <p>Threading: not thread-safe: the pipeline engine gives every running graph its own session and
 * calls it from one thread at a time. {@link #run} is on the pipeline's hot path: it blocks on nothing
 * but the computation.
 *
 * @since 1.0
 */
@ConsumerType
public interface InferenceSession extends AutoCloseable {

    /** @return the model's signature as read from the model file; the same value on every call */
    ModelSignature signature();

    /**
     * Runs the model on one sample.
     *
     * @param input holds the sample in its first {@link ModelSignature#inputSize()} values, row-major
     *        (a longer, reused buffer is fine); read only
     * @param output receives {@link ModelSignature#outputSize()} values at its start; the rest is left
     *        alone
     * @throws PipelineException if the engine fails; the message names the model file
     */
    void run(float[] input, float[] output) throws PipelineException;

    /** Frees the model; the session cannot be used afterwards. Must not throw. */
    @Override
    void close();
}
