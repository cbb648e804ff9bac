package io.fabrica.pipeline.api;

import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

import io.fabrica.pipeline.Stage;

/**
 * What a {@link StageFactory} may ask of the engine while it compiles a stage.
 *
 * <p>Implemented by Fabrica; vendors use it: the engine passes it to {@link StageFactory#outputCapacity}
 * and {@link StageFactory#create}.
 *
 * <p>Threading: valid only during the factory call it is passed to, on that call's thread; a kernel
 * does not keep it. No method blocks.
 *
 * @since 1.0
 */
@ProviderType
public interface StageContext {

    /** @return the folder of the pipeline file, against which relative model files resolve */
    Path baseDirectory();

    /**
     * The capacity (values per frame) that the output feeding an input port produces.
     *
     * @param stage the stage being compiled
     * @param inputIndex the index among its input ports
     * @return the capacity of the upstream frame, 0 if the port is not connected
     * @throws IndexOutOfBoundsException if the stage has no such input port
     */
    int inputCapacity(Stage stage, int inputIndex);

    /**
     * Names of the values of the frame feeding an input port, for explanations
     * (e.g. {@code "Vibration.rms"}); generic names ({@code "in[3]"}) when unknown.
     *
     * @param stage the stage being compiled
     * @param inputIndex the index among its input ports
     * @return one name per value of the upstream frame's capacity
     * @throws IndexOutOfBoundsException if the stage has no such input port
     */
    String[] inputNames(Stage stage, int inputIndex);

    /**
     * Finds an inference engine by name, ignoring case.
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
