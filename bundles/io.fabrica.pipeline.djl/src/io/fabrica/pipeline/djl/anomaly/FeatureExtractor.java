package io.fabrica.pipeline.djl.anomaly;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.fabrica.pipeline.api.PipelineException;

/**
 * The feature model of {@link AnomalyGraphs} in an ONNX Runtime session, for training: one tile in,
 * its patch features out ({@code [D, cells]}, feature-major). Not thread-safe.
 */
final class FeatureExtractor implements AutoCloseable {

    private final FeatureNetwork network;
    private final OrtSession session;
    private final long[] shape;
    private final FloatBuffer input;
    private final int cells;
    private final float[] features;

    FeatureExtractor(FeatureNetwork network, byte[] onnx, int channels, int tile) throws PipelineException {
        this.network = network;
        this.shape = new long[] {1, channels, tile, tile};
        int grid = tile / network.stride();
        this.cells = grid * grid;
        this.features = new float[network.dimension() * cells];
        this.input = ByteBuffer.allocateDirect(channels * tile * tile * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        // DJL's ONNX Runtime engine creates the process's one OrtEnvironment with its own settings: it must come first
        io.fabrica.pipeline.djl.DjlEngines.engine(io.fabrica.pipeline.djl.DjlEngines.ONNX_RUNTIME);
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setInterOpNumThreads(1);
            this.session = OrtEnvironment.getEnvironment().createSession(AnomalyGraphs.featureModel(network, onnx, channels, tile), options);
        } catch (OrtException e) {
            throw new PipelineException("the feature extractor " + network.describe() + " cannot run in ONNX Runtime: " + e.getMessage(), e);
        }
    }

    int dimension() {
        return network.dimension();
    }

    int stride() {
        return network.stride();
    }

    int cells() {
        return cells;
    }

    /**
     * @param tile the tile, planar, values 0..1
     * @return the features, {@code [D, cells]}; overwritten by the next call
     */
    float[] extract(float[] tile) throws PipelineException {
        input.clear();
        input.put(tile, 0, input.capacity()).flip();
        try (OnnxTensor x = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), input, shape);
                OrtSession.Result result = session.run(Map.of(AnomalyGraphs.INPUT, x))) {
            FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
            out.get(features, 0, features.length);
            return features;
        } catch (OrtException | RuntimeException e) {
            throw new PipelineException("the feature extractor " + network.describe() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            // the native session goes with the process
        }
    }
}
