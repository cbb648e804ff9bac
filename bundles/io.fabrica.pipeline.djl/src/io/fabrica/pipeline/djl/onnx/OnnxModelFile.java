package io.fabrica.pipeline.djl.onnx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The header facts of an {@code .onnx} file that ONNX Runtime's Java API does not give: IR version,
 * producer name and version, imported operator sets, the declared inputs and outputs with their
 * symbolic dimensions, and the files that hold external weights. Also rewrites the signature (fixed
 * dimensions, one output) for importing a model into a pipeline. Whether the model <em>runs</em> is
 * ONNX Runtime's to say, not this class's.
 *
 * <p>Immutable; thread-safe.
 */
public final class OnnxModelFile {

    /**
     * A declared graph input or output.
     *
     * @param name the tensor name
     * @param elementType the ONNX element type number (1 float, 7 int64, …), 0 if not a tensor
     * @param dims the dimensions, -1 where symbolic or unknown
     * @param dimNames the symbolic names ({@code ""} where fixed or unnamed)
     */
    public record Value(String name, int elementType, long[] dims, List<String> dimNames) {
    }

    private static final int MODEL_IR = 1;
    private static final int MODEL_PRODUCER = 2;
    private static final int MODEL_PRODUCER_VERSION = 3;
    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_OPSET = 8;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_EXTERNAL_DATA = 13;
    private static final int TENSOR_DATA_LOCATION = 14;
    private static final int VALUE_NAME = 1;
    private static final int VALUE_TYPE = 2;
    private static final int TYPE_TENSOR = 1;
    private static final int TENSOR_TYPE_ELEM = 1;
    private static final int TENSOR_TYPE_SHAPE = 2;
    private static final int SHAPE_DIM = 1;
    private static final int DIM_VALUE = 1;
    private static final int DIM_PARAM = 2;

    private final byte[] bytes;
    private final long irVersion;
    private final String producerName;
    private final String producerVersion;
    private final Map<String, Long> opsets;
    private final List<Value> inputs;
    private final List<Value> outputs;
    private final Set<String> initializers;
    private final Set<String> externalData;

    private OnnxModelFile(byte[] bytes, long irVersion, String producerName, String producerVersion, Map<String, Long> opsets,
            Graph graph) {
        this.bytes = bytes;
        this.irVersion = irVersion;
        this.producerName = producerName;
        this.producerVersion = producerVersion;
        this.opsets = Map.copyOf(opsets);
        this.inputs = List.copyOf(graph.inputs);
        this.outputs = List.copyOf(graph.outputs);
        this.initializers = Set.copyOf(graph.initializers);
        this.externalData = Set.copyOf(graph.externalData);
    }

    /** What the main graph declares. */
    private static final class Graph {
        final List<Value> inputs = new ArrayList<>();
        final List<Value> outputs = new ArrayList<>();
        final Set<String> initializers = new LinkedHashSet<>();
        final Set<String> externalData = new LinkedHashSet<>();
    }

    /**
     * Reads the header of a model.
     *
     * @param onnx the bytes of an {@code .onnx} file (the graph; external weights stay in their files)
     * @return the facts
     * @throws IllegalArgumentException if the bytes are not an ONNX model: not protobuf, truncated, or no graph
     */
    public static OnnxModelFile read(byte[] onnx) {
        ProtoReader reader = new ProtoReader(onnx, 0, onnx.length);
        long ir = 0;
        String producer = "";
        String version = "";
        Map<String, Long> opsets = new LinkedHashMap<>();
        Graph graph = null;
        while (reader.hasNext()) {
            ProtoReader.Field f = reader.next();
            switch (f.number()) {
                case MODEL_IR -> ir = f.wireType() == ProtoReader.VARINT ? f.value() : ir;
                case MODEL_PRODUCER -> producer = f.isMessage() ? reader.string(f) : producer;
                case MODEL_PRODUCER_VERSION -> version = f.isMessage() ? reader.string(f) : version;
                case MODEL_OPSET -> {
                    if (f.isMessage()) {
                        opset(reader.nested(f), opsets);
                    }
                }
                case MODEL_GRAPH -> graph = f.isMessage() ? graph(reader.nested(f)) : graph;
                default -> {
                    // doc strings, metadata, functions, training info: not needed to import
                }
            }
        }
        if (graph == null || ir == 0) {
            throw new IllegalArgumentException("is not an ONNX model: it has no " + (ir == 0 ? "IR version" : "graph"));
        }
        return new OnnxModelFile(onnx, ir, producer, version, opsets, graph);
    }

    private static void opset(ProtoReader r, Map<String, Long> opsets) {
        String domain = "";
        long version = 0;
        while (r.hasNext()) {
            ProtoReader.Field f = r.next();
            if (f.number() == 1 && f.isMessage()) {
                domain = r.string(f);
            } else if (f.number() == 2 && f.wireType() == ProtoReader.VARINT) {
                version = f.value();
            }
        }
        opsets.put(domain.equals("ai.onnx") ? "" : domain, version);
    }

    private static Graph graph(ProtoReader g) {
        Graph graph = new Graph();
        while (g.hasNext()) {
            ProtoReader.Field f = g.next();
            if (!f.isMessage()) {
                continue;
            }
            switch (f.number()) {
                case GRAPH_INPUT -> graph.inputs.add(value(g.nested(f)));
                case GRAPH_OUTPUT -> graph.outputs.add(value(g.nested(f)));
                case GRAPH_INITIALIZER -> initializer(g.nested(f), graph);
                default -> {
                    // nodes travel unchanged
                }
            }
        }
        return graph;
    }

    private static void initializer(ProtoReader t, Graph graph) {
        boolean external = false;
        String location = null;
        while (t.hasNext()) {
            ProtoReader.Field f = t.next();
            if (f.number() == TENSOR_NAME && f.isMessage()) {
                graph.initializers.add(t.string(f));
            } else if (f.number() == TENSOR_DATA_LOCATION && f.wireType() == ProtoReader.VARINT) {
                external = f.value() == 1;
            } else if (f.number() == TENSOR_EXTERNAL_DATA && f.isMessage()) {
                String[] entry = entry(t.nested(f));
                if (entry[0].equals("location")) {
                    location = entry[1];
                }
            }
        }
        if (external && location != null) {
            graph.externalData.add(location);
        }
    }

    private static String[] entry(ProtoReader e) {
        String[] kv = {"", ""};
        while (e.hasNext()) {
            ProtoReader.Field f = e.next();
            if ((f.number() == 1 || f.number() == 2) && f.isMessage()) {
                kv[f.number() - 1] = e.string(f);
            }
        }
        return kv;
    }

    private static Value value(ProtoReader v) {
        String name = "";
        int type = 0;
        List<Long> dims = new ArrayList<>();
        List<String> names = new ArrayList<>();
        while (v.hasNext()) {
            ProtoReader.Field f = v.next();
            if (f.number() == VALUE_NAME && f.isMessage()) {
                name = v.string(f);
            } else if (f.number() == VALUE_TYPE && f.isMessage()) {
                ProtoReader tensor = only(v.nested(f), TYPE_TENSOR);
                while (tensor != null && tensor.hasNext()) {
                    ProtoReader.Field t = tensor.next();
                    if (t.number() == TENSOR_TYPE_ELEM && t.wireType() == ProtoReader.VARINT) {
                        type = (int) t.value();
                    } else if (t.number() == TENSOR_TYPE_SHAPE && t.isMessage()) {
                        shape(tensor.nested(t), dims, names);
                    }
                }
            }
        }
        return new Value(name, type, dims.stream().mapToLong(Long::longValue).toArray(), List.copyOf(names));
    }

    private static void shape(ProtoReader s, List<Long> dims, List<String> names) {
        while (s.hasNext()) {
            ProtoReader.Field d = s.next();
            if (d.number() != SHAPE_DIM || !d.isMessage()) {
                continue;
            }
            long value = -1;
            String param = "";
            ProtoReader dim = s.nested(d);
            while (dim.hasNext()) {
                ProtoReader.Field x = dim.next();
                if (x.number() == DIM_VALUE && x.wireType() == ProtoReader.VARINT) {
                    value = x.value();
                } else if (x.number() == DIM_PARAM && x.isMessage()) {
                    param = dim.string(x);
                }
            }
            dims.add(value);
            names.add(value >= 0 ? "" : param);
        }
    }

    private static ProtoReader only(ProtoReader message, int field) {
        while (message.hasNext()) {
            ProtoReader.Field f = message.next();
            if (f.number() == field && f.isMessage()) {
                return message.nested(f);
            }
        }
        return null;
    }

    /** @return the ONNX IR version */
    public long irVersion() {
        return irVersion;
    }

    /** @return the exporter's name, e.g. {@code "pytorch"}, {@code "PaddlePaddle"}; may be empty */
    public String producerName() {
        return producerName;
    }

    /** @return the exporter's version; may be empty */
    public String producerVersion() {
        return producerVersion;
    }

    /** @return operator set versions by domain ({@code ""} = the default ONNX domain) */
    public Map<String, Long> opsets() {
        return opsets;
    }

    /** @return the version of the default operator set, 0 if the model imports none */
    public long defaultOpset() {
        return opsets.getOrDefault("", 0L);
    }

    /** @return the graph inputs a caller feeds: declared inputs that are not initializers */
    public List<Value> inputs() {
        return inputs.stream().filter(v -> !initializers.contains(v.name())).toList();
    }

    /** @return the graph outputs */
    public List<Value> outputs() {
        return outputs;
    }

    /** @return the files (relative to the model file) that hold external tensor data */
    public Set<String> externalDataFiles() {
        return externalData;
    }

    /**
     * The same model with one input's dimensions fixed and only one output kept (ONNX Runtime prunes
     * what no longer leads to an output). Everything else, weights and external-data references
     * included, is copied unchanged.
     *
     * @param input the input to fix
     * @param dims its new dimensions, all fixed (batch included)
     * @param output the output to keep
     * @return the bytes of the new {@code .onnx} file
     */
    public byte[] withSignature(String input, long[] dims, String output) {
        ProtoWriter out = new ProtoWriter();
        ProtoReader reader = new ProtoReader(bytes, 0, bytes.length);
        while (reader.hasNext()) {
            ProtoReader.Field f = reader.next();
            if (f.number() == MODEL_GRAPH && f.isMessage()) {
                out.message(MODEL_GRAPH, rewriteGraph(reader.nested(f), input, dims, output));
            } else {
                out.raw(reader.raw(f));
            }
        }
        return out.toByteArray();
    }

    private static ProtoWriter rewriteGraph(ProtoReader g, String input, long[] dims, String output) {
        ProtoWriter graph = new ProtoWriter();
        while (g.hasNext()) {
            ProtoReader.Field f = g.next();
            if (f.number() == GRAPH_INPUT && f.isMessage() && value(g.nested(f)).name().equals(input)) {
                Value v = value(g.nested(f));
                graph.message(GRAPH_INPUT, valueInfo(v.name(), v.elementType(), dims));
            } else if (f.number() == GRAPH_OUTPUT && f.isMessage() && !value(g.nested(f)).name().equals(output)) {
                continue;
            } else {
                graph.raw(g.raw(f));
            }
        }
        return graph;
    }

    private static ProtoWriter valueInfo(String name, int elementType, long[] dims) {
        ProtoWriter shape = new ProtoWriter();
        for (long d : dims) {
            shape.message(SHAPE_DIM, new ProtoWriter().varint(DIM_VALUE, d));
        }
        ProtoWriter tensor = new ProtoWriter().varint(TENSOR_TYPE_ELEM, elementType).message(TENSOR_TYPE_SHAPE, shape);
        return new ProtoWriter().string(VALUE_NAME, name).message(VALUE_TYPE, new ProtoWriter().message(TYPE_TENSOR, tensor));
    }

    /**
     * @param elementType an ONNX element type number
     * @return its name as in onnx.proto, e.g. {@code FLOAT}, {@code INT64}
     */
    public static String elementTypeName(int elementType) {
        String[] names = {"UNDEFINED", "FLOAT", "UINT8", "INT8", "UINT16", "INT16", "INT32", "INT64", "STRING", "BOOL", "FLOAT16", "DOUBLE",
            "UINT32", "UINT64", "COMPLEX64", "COMPLEX128", "BFLOAT16"};
        return elementType >= 0 && elementType < names.length ? names[elementType] : "type " + elementType;
    }
}
