package io.fabrica.pipeline.djl.onnx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds an ONNX model (a {@code ModelProto}, IR version 8, default-domain opset 13) of float
 * tensors from nodes, initializers, inputs and outputs, and serializes it. Fabrica uses it to
 * export models it trained so that any ONNX-capable controller can run them.
 *
 * <p>Contract: the builder does not check the graph; ONNX Runtime does when it loads the file and
 * reports unknown operators or shape errors with the node's name. A dimension of {@code -1} in
 * an input or output shape is written as the symbolic dimension {@code "N"} (batch size).
 *
 * <p>Not thread-safe; build on one thread.
 */
public final class OnnxGraphBuilder {

    /** The operator set version Fabrica writes. */
    public static final int OPSET = 13;

    private static final int IR_VERSION = 8;
    private static final int FLOAT = 1;
    private static final int INT64 = 7;
    private static final int ATTRIBUTE_FLOAT = 1;
    private static final int ATTRIBUTE_INT = 2;
    private static final int ATTRIBUTE_STRING = 3;
    private static final int ATTRIBUTE_INTS = 7;

    private final String graphName;
    private String nodePrefix = "";
    private final List<ProtoWriter> nodes = new ArrayList<>();
    private final List<ProtoWriter> initializers = new ArrayList<>();
    private final List<ProtoWriter> inputs = new ArrayList<>();
    private final List<ProtoWriter> outputs = new ArrayList<>();
    /** Weights kept outside the graph, by the file (relative to the model) that holds them. */
    private final Map<String, java.io.ByteArrayOutputStream> external = new TreeMap<>();
    private int opset = OPSET;

    /**
     * @param graphName the graph's name, shown by model viewers
     */
    public OnnxGraphBuilder(String graphName) {
        this.graphName = graphName;
    }

    /**
     * Names the nodes {@code <prefix><op>_<n>} from now on, so that nodes grafted onto another model
     * ({@link OnnxGraphSurgery}) cannot take the names of its own.
     *
     * @param prefix e.g. {@code "fabrica/"}
     * @return this builder
     */
    public OnnxGraphBuilder nodePrefix(String prefix) {
        this.nodePrefix = prefix;
        return this;
    }

    /**
     * Declares a float graph input.
     *
     * @param name the tensor name
     * @param dims its shape; -1 for the batch dimension
     * @return this builder
     */
    public OnnxGraphBuilder input(String name, long... dims) {
        inputs.add(valueInfo(name, dims));
        return this;
    }

    /**
     * Declares a float graph output.
     *
     * @param name the tensor name, produced by some node
     * @param dims its shape; -1 for the batch dimension
     * @return this builder
     */
    public OnnxGraphBuilder output(String name, long... dims) {
        outputs.add(valueInfo(name, dims));
        return this;
    }

    /**
     * Adds a constant float tensor (weights, biases, fitted statistics).
     *
     * @param name the tensor name
     * @param values row-major values; their count must equal the product of {@code dims}
     * @param dims the shape
     * @return this builder
     * @throws IllegalArgumentException if the value count does not match the shape
     */
    public OnnxGraphBuilder initializer(String name, float[] values, long... dims) {
        long count = 1;
        for (long d : dims) {
            count *= d;
        }
        if (count != values.length) {
            throw new IllegalArgumentException("Initializer '" + name + "' has " + values.length
                    + " values but its shape needs " + count);
        }
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        ProtoWriter tensor = new ProtoWriter();
        for (long d : dims) {
            tensor.varint(1, d);
        }
        tensor.varint(2, FLOAT).string(8, name).bytes(9, raw.array());
        initializers.add(tensor);
        return this;
    }

    /**
     * Adds a constant float tensor whose values live in a file beside the model (ONNX external data,
     * as exporters write models over 2 GB); {@link #write(Path)} writes that file too.
     *
     * @param name the tensor name
     * @param values row-major values; their count must equal the product of {@code dims}
     * @param location the data file's name, relative to the model file
     * @param dims the shape
     * @return this builder
     * @throws IllegalArgumentException if the value count does not match the shape
     */
    public OnnxGraphBuilder externalInitializer(String name, float[] values, String location, long... dims) {
        long count = 1;
        for (long d : dims) {
            count *= d;
        }
        if (count != values.length) {
            throw new IllegalArgumentException("Initializer '" + name + "' has " + values.length + " values but its shape needs " + count);
        }
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        java.io.ByteArrayOutputStream file = external.computeIfAbsent(location, l -> new java.io.ByteArrayOutputStream());
        long offset = file.size();
        file.writeBytes(raw.array());
        ProtoWriter tensor = new ProtoWriter();
        for (long d : dims) {
            tensor.varint(1, d);
        }
        tensor.varint(2, FLOAT).string(8, name);
        tensor.message(13, new ProtoWriter().string(1, "location").string(2, location));
        tensor.message(13, new ProtoWriter().string(1, "offset").string(2, Long.toString(offset)));
        tensor.message(13, new ProtoWriter().string(1, "length").string(2, Long.toString(raw.capacity())));
        tensor.varint(14, 1);
        initializers.add(tensor);
        return this;
    }

    /**
     * Stamps another default-domain operator set version on the model (the default is {@link #OPSET}).
     *
     * @param version the opset version
     * @return this builder
     */
    public OnnxGraphBuilder opset(int version) {
        this.opset = version;
        return this;
    }

    /**
     * Adds a constant 64-bit integer tensor (a Reshape's target shape, axes).
     *
     * @param name the tensor name
     * @param values the values, a 1-D tensor
     * @return this builder
     */
    public OnnxGraphBuilder initializerInt64(String name, long... values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asLongBuffer().put(values);
        ProtoWriter tensor = new ProtoWriter().varint(1, values.length);
        tensor.varint(2, INT64).string(8, name).bytes(9, raw.array());
        initializers.add(tensor);
        return this;
    }

    /**
     * Adds an operator node without attributes.
     *
     * @param opType an ONNX operator of the default domain, e.g. {@code "Relu"}
     * @param inputs the input tensor names
     * @param outputs the output tensor names
     * @return this builder
     */
    public OnnxGraphBuilder node(String opType, List<String> inputs, List<String> outputs) {
        return node(opType, inputs, outputs, Map.of());
    }

    /**
     * Adds an operator node.
     *
     * <p>Attributes are written sorted by name, so the bytes do not depend on the map's iteration
     * order (an immutable {@code Map.of} iterates differently in every JVM run).
     *
     * @param opType an ONNX operator of the default domain, e.g. {@code "Gemm"}
     * @param inputs the input tensor names
     * @param outputs the output tensor names
     * @param attributes attribute values: {@link Float}/{@link Double} (ONNX FLOAT),
     *        {@link Integer}/{@link Long} (INT), {@link String} (STRING, e.g. a Resize's
     *        {@code mode}), or {@code int[]}/{@code long[]} (INTS, e.g. a Conv's {@code pads})
     * @return this builder
     * @throws IllegalArgumentException for attribute values of other types
     */
    public OnnxGraphBuilder node(String opType, List<String> inputs, List<String> outputs,
            Map<String, ?> attributes) {
        ProtoWriter node = new ProtoWriter();
        inputs.forEach(in -> node.string(1, in));
        outputs.forEach(out -> node.string(2, out));
        node.string(3, nodePrefix + opType + "_" + nodes.size()).string(4, opType);
        new TreeMap<String, Object>(attributes).forEach((key, value) -> node.message(5, attribute(key, value)));
        nodes.add(node);
        return this;
    }

    /**
     * Serializes the model.
     *
     * @return the bytes of an {@code .onnx} file
     */
    public byte[] toBytes() {
        ProtoWriter graph = new ProtoWriter();
        nodes.forEach(n -> graph.message(1, n));
        graph.string(2, graphName);
        initializers.forEach(t -> graph.message(5, t));
        inputs.forEach(v -> graph.message(11, v));
        outputs.forEach(v -> graph.message(12, v));
        ProtoWriter opsetImport = new ProtoWriter().string(1, "").varint(2, opset);
        return new ProtoWriter()
                .varint(1, IR_VERSION)
                .string(2, "Fabrica")
                .message(7, graph)
                .message(8, opsetImport)
                .toByteArray();
    }

    /**
     * Appends this builder's nodes, initializers, inputs and outputs to a graph being written (repeated
     * fields may come in any order, so a graph can be extended this way).
     */
    void appendTo(ProtoWriter graph) {
        nodes.forEach(n -> graph.message(1, n));
        initializers.forEach(t -> graph.message(5, t));
        inputs.forEach(v -> graph.message(11, v));
        outputs.forEach(v -> graph.message(12, v));
    }

    /**
     * Writes the model to a file, replacing it, and the files of its external initializers beside it.
     *
     * @param file the target, conventionally ending in {@code .onnx}
     * @throws IOException if the file cannot be written
     */
    public void write(Path file) throws IOException {
        Files.write(file, toBytes());
        for (Map.Entry<String, java.io.ByteArrayOutputStream> data : external.entrySet()) {
            Files.write(file.resolveSibling(data.getKey()), data.getValue().toByteArray());
        }
    }

    private static ProtoWriter valueInfo(String name, long[] dims) {
        ProtoWriter shape = new ProtoWriter();
        for (long d : dims) {
            ProtoWriter dim = new ProtoWriter();
            if (d < 0) {
                dim.string(2, "N");
            } else {
                dim.varint(1, d);
            }
            shape.message(1, dim);
        }
        ProtoWriter tensorType = new ProtoWriter().varint(1, FLOAT).message(2, shape);
        ProtoWriter type = new ProtoWriter().message(1, tensorType);
        return new ProtoWriter().string(1, name).message(2, type);
    }

    private static ProtoWriter attribute(String name, Object value) {
        ProtoWriter attr = new ProtoWriter().string(1, name);
        if (value instanceof Float || value instanceof Double) {
            return attr.float32(2, ((Number) value).floatValue()).varint(20, ATTRIBUTE_FLOAT);
        }
        if (value instanceof Integer || value instanceof Long) {
            return attr.varint(3, ((Number) value).longValue()).varint(20, ATTRIBUTE_INT);
        }
        if (value instanceof String text) {
            return attr.string(4, text).varint(20, ATTRIBUTE_STRING);
        }
        if (value instanceof int[] ints) {
            return ints(attr, Arrays.stream(ints).asLongStream().toArray());
        }
        if (value instanceof long[] longs) {
            return ints(attr, longs);
        }
        String type = value == null ? "null" : value.getClass().getName();
        throw new IllegalArgumentException("Attribute '" + name + "' has unsupported type " + type);
    }

    /** Writes AttributeProto.ints (field 8) unpacked, one varint per value, as onnx.proto (proto2) declares it. */
    private static ProtoWriter ints(ProtoWriter attr, long[] values) {
        for (long v : values) {
            attr.varint(8, v);
        }
        return attr.varint(20, ATTRIBUTE_INTS);
    }
}
