package io.fabrica.pipeline.djl.training;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import io.fabrica.pipeline.djl.onnx.OnnxGraphBuilder;
import io.fabrica.pipeline.djl.training.Architecture.Conv;
import io.fabrica.pipeline.djl.training.Architecture.Dense;
import io.fabrica.pipeline.djl.training.Architecture.Flatten;
import io.fabrica.pipeline.djl.training.Architecture.Layer;
import io.fabrica.pipeline.djl.training.Architecture.MaxPool;
import io.fabrica.pipeline.djl.training.Architecture.Relu;

/**
 * Writes a trained block as an ONNX graph: one or more nodes per {@link Layer}, the weights as
 * initializers, then the kind's post-processing (squared error or softmax).
 *
 * <p>Weight layouts: DJL's {@code Linear} stores {@code [out, in]}, so {@code Gemm} gets
 * {@code transB=1}; DJL's {@code Conv2d} stores {@code [outC, inC, kH, kW]}, which is ONNX's layout.
 */
final class OnnxExport {

    static final String INPUT = "input";
    static final String ERROR = "error";
    static final String PROBABILITIES = "probabilities";

    private static final long BATCH = -1;

    private OnnxExport() {
    }

    /**
     * @param architecture the layers
     * @param block the trained or loaded block made by {@link Architecture#newBlock()}
     * @return the bytes of the {@code .onnx} file; the same parameters always give the same bytes
     * @throws TrainingException if the block's parameters do not fit the architecture (a parameters
     *         file of another kind or other shapes)
     */
    static byte[] toBytes(Architecture architecture, Block block) throws TrainingException {
        List<Block> children = block.getChildren().values();
        List<Layer> layers = architecture.layers();
        if (children.size() != layers.size()) {
            throw new TrainingException("the model has " + children.size() + " layers, but " + architecture.kind()
                    + " has " + layers.size());
        }
        OnnxGraphBuilder graph = new OnnxGraphBuilder(
                "fabrica_" + architecture.kind().name().toLowerCase(Locale.ROOT));
        graph.input(INPUT, withBatch(architecture.inputShape()));
        int[] shape = architecture.inputShape();
        String tensor = INPUT;
        for (int i = 0; i < layers.size(); i++) {
            String output = i == layers.size() - 1 ? "network_output" : "layer" + i;
            shape = addLayer(graph, layers.get(i), children.get(i), i, tensor, output, shape);
            tensor = output;
        }
        addPostProcessing(graph, architecture, tensor);
        return graph.toBytes();
    }

    /** @return the per-sample shape after the layer */
    private static int[] addLayer(OnnxGraphBuilder graph, Layer layer, Block child, int index, String in, String out,
            int[] shape) throws TrainingException {
        return switch (layer) {
            case Dense d -> addDense(graph, d, child, index, in, out, Architecture.size(shape));
            case Conv c -> addConv(graph, c, child, index, in, out, shape);
            case Relu r -> {
                graph.node("Relu", List.of(in), List.of(out));
                yield shape;
            }
            case MaxPool m -> {
                graph.node("MaxPool", List.of(in), List.of(out),
                        Map.of("kernel_shape", new long[] {Architecture.POOL, Architecture.POOL},
                                "strides", new long[] {Architecture.POOL, Architecture.POOL}));
                yield new int[] {shape[0], shape[1] / Architecture.POOL, shape[2] / Architecture.POOL};
            }
            case Flatten f -> {
                graph.node("Flatten", List.of(in), List.of(out), Map.of("axis", 1));
                yield new int[] {Architecture.size(shape)};
            }
        };
    }

    private static int[] addDense(OnnxGraphBuilder graph, Dense dense, Block child, int index, String in, String out,
            int inputs) throws TrainingException {
        String weight = "layer" + index + ".weight";
        String bias = "layer" + index + ".bias";
        graph.initializer(weight, values(child, "weight", index, dense.units(), inputs), dense.units(), inputs);
        graph.initializer(bias, values(child, "bias", index, dense.units()), dense.units());
        graph.node("Gemm", List.of(in, weight, bias), List.of(out),
                Map.of("alpha", 1.0f, "beta", 1.0f, "transB", 1));
        return new int[] {dense.units()};
    }

    private static int[] addConv(OnnxGraphBuilder graph, Conv conv, Block child, int index, String in, String out,
            int[] shape) throws TrainingException {
        String weight = "layer" + index + ".weight";
        String bias = "layer" + index + ".bias";
        long k = Architecture.KERNEL;
        long p = Architecture.PADDING;
        graph.initializer(weight, values(child, "weight", index, conv.filters(), shape[0], k, k),
                conv.filters(), shape[0], k, k);
        graph.initializer(bias, values(child, "bias", index, conv.filters()), conv.filters());
        graph.node("Conv", List.of(in, weight, bias), List.of(out),
                Map.of("kernel_shape", new long[] {k, k}, "pads", new long[] {p, p, p, p},
                        "strides", new long[] {1, 1}));
        // 3x3 with padding 1 and stride 1 keeps height and width
        return new int[] {conv.filters(), shape[1], shape[2]};
    }

    private static void addPostProcessing(OnnxGraphBuilder graph, Architecture architecture, String network) {
        long[] outputDims = withBatch(architecture.outputShape());
        if (architecture.kind().isClassifier()) {
            graph.node("Softmax", List.of(network), List.of(PROBABILITIES), Map.of("axis", 1));
            graph.output(PROBABILITIES, outputDims);
        } else {
            graph.node("Sub", List.of(INPUT, network), List.of("difference"));
            graph.node("Mul", List.of("difference", "difference"), List.of(ERROR));
            graph.output(ERROR, outputDims);
        }
    }

    /** Reads a parameter and checks that its shape is the one the architecture needs. */
    private static float[] values(Block child, String name, int layer, long... expected) throws TrainingException {
        Parameter parameter = child.getParameters().get(name);
        if (parameter == null || !parameter.isInitialized()) {
            throw new TrainingException("layer " + layer + " has no " + name + " values");
        }
        NDArray array = parameter.getArray();
        if (!Arrays.equals(array.getShape().getShape(), expected)) {
            throw new TrainingException("layer " + layer + " " + name + " has shape "
                    + Arrays.toString(array.getShape().getShape()) + ", but the architecture needs "
                    + Arrays.toString(expected));
        }
        return array.toFloatArray();
    }

    private static long[] withBatch(int[] shape) {
        long[] dims = new long[shape.length + 1];
        dims[0] = BATCH;
        for (int i = 0; i < shape.length; i++) {
            dims[i + 1] = shape[i];
        }
        return dims;
    }
}
