package io.fabrica.pipeline.api;

import java.nio.file.Path;

import io.fabrica.pipeline.Stage;

/**
 * What a {@link StageFactory} may ask of the engine while it compiles a stage.
 */
public interface StageContext {

    /** @return the folder of the pipeline file, against which relative model files resolve */
    Path baseDirectory();

    /**
     * The capacity (values per frame) that the output feeding an input port produces.
     *
     * @param stage the stage being compiled
     * @param inputIndex the index among its input ports
     * @return the capacity of the upstream frame
     */
    int inputCapacity(Stage stage, int inputIndex);

    /**
     * Names of the values of the frame feeding an input port, for explanations
     * (e.g. {@code "Vibration.rms"}); generic names ({@code "in[3]"}) when unknown.
     *
     * @param stage the stage being compiled
     * @param inputIndex the index among its input ports
     * @return one name per value of the upstream frame's capacity
     */
    String[] inputNames(Stage stage, int inputIndex);

    /**
     * Finds an inference engine by name.
     *
     * @param name e.g. {@code "OnnxRuntime"}
     * @return the engine
     * @throws PipelineException if no such engine is installed; the message lists the installed ones
     */
    InferenceEngine engine(String name) throws PipelineException;

    /**
     * Sample rate of a signal source upstream of this stage's first input (for spectra), in Hz.
     *
     * @param stage the stage being compiled
     * @return samples per second, or 0 if unknown
     */
    double sampleRate(Stage stage);
}
