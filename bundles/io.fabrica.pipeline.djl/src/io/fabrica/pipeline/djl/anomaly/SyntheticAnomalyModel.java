package io.fabrica.pipeline.djl.anomaly;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import io.fabrica.pipeline.api.PipelineException;

/**
 * An anomaly model exactly as training exports it (the pretrained network cut at its layers, the
 * nearest-neighbour search against a memory bank), but with a random memory bank of a chosen size:
 * what it costs to run is that of a trained model with that bank, which is what benchmarks need
 * (a memory bank of the coreset's bound costs the most). Its scores mean nothing.
 */
public final class SyntheticAnomalyModel {

    private SyntheticAnomalyModel() {
    }

    /**
     * Writes the model.
     *
     * @param file where the {@code .onnx} goes
     * @param network the network and layers
     * @param channels image channels (1 gray, 3 RGB)
     * @param tile the tile side, a multiple of the network's deepest stride
     * @param bankRows patches in the memory bank
     * @param seed of the random bank
     * @return {@code file}
     * @throws PipelineException if the network cannot be read or cut
     * @throws IOException if the file cannot be written
     */
    public static Path write(Path file, FeatureNetwork network, int channels, int tile, int bankRows, long seed)
            throws PipelineException, IOException {
        if (tile % network.deepestStride() != 0) {
            throw new PipelineException("tile " + tile + " is not a multiple of " + network.describe() + "'s stride " + network.deepestStride());
        }
        int d = network.dimension();
        Random random = new Random(seed);
        float[] bank = new float[bankRows * d];
        for (int i = 0; i < bank.length; i++) {
            bank[i] = (float) random.nextGaussian();
        }
        float[] shift = new float[d];
        float[] scale = new float[d];
        Arrays.fill(scale, 1f);
        Files.write(file, AnomalyGraphs.anomalyModel(network, network.load(), channels, tile, bank, bankRows, shift, scale));
        return file;
    }
}
