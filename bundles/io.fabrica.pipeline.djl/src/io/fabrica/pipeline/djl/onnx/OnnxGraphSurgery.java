package io.fabrica.pipeline.djl.onnx;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reuses part of a pretrained ONNX model: keeps only the nodes (and their weights) that compute some
 * intermediate tensors, drops the model's own inputs and outputs, and grafts Fabrica's nodes around
 * them (an input adapter that produces the model's input tensor, a head that reads the intermediate
 * tensors). Used to turn a text detector's backbone into the feature extractor of an anomaly model.
 *
 * <p>The original model's opset, IR version and producer stay, so the grafted nodes must be valid in
 * its opset ({@link #opset()}). Value-info annotations are dropped: ONNX Runtime infers every shape
 * again when it loads the result.
 *
 * <p>Immutable; thread-safe.
 */
public final class OnnxGraphSurgery {

    /**
     * One node of the model's main graph.
     *
     * @param name the node's name
     * @param opType its operator
     * @param inputs the tensors it reads
     * @param outputs the tensors it writes
     */
    public record Node(String name, String opType, List<String> inputs, List<String> outputs) {
    }

    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_OPSET = 8;
    private static final int OPSET_DOMAIN = 1;
    private static final int OPSET_VERSION = 2;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    private static final int GRAPH_VALUE_INFO = 13;
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_NAME = 3;
    private static final int NODE_OP = 4;
    private static final int TENSOR_NAME = 8;
    private static final int VALUE_INFO_NAME = 1;

    private final byte[] model;
    private final List<Node> nodes;
    private final List<byte[]> encodedNodes;
    private final List<String> inputs;
    private final int opset;

    private OnnxGraphSurgery(byte[] model, List<Node> nodes, List<byte[]> encodedNodes, List<String> inputs, int opset) {
        this.model = model;
        this.nodes = nodes;
        this.encodedNodes = encodedNodes;
        this.inputs = inputs;
        this.opset = opset;
    }

    /**
     * Reads a model.
     *
     * @param onnx the bytes of an {@code .onnx} file
     * @return the model, ready to cut
     * @throws IllegalArgumentException if the bytes are not an ONNX model (no graph, truncated); the
     *         message says what is wrong
     */
    public static OnnxGraphSurgery read(byte[] onnx) {
        ProtoReader reader = new ProtoReader(onnx, 0, onnx.length);
        ProtoReader.Field graph = null;
        int opset = 0;
        while (reader.hasNext()) {
            ProtoReader.Field f = reader.next();
            if (f.number() == MODEL_GRAPH && f.isMessage()) {
                graph = f;
            } else if (f.number() == MODEL_OPSET && f.isMessage()) {
                opset = Math.max(opset, defaultDomainVersion(reader.nested(f)));
            }
        }
        if (graph == null) {
            throw new IllegalArgumentException("is not an ONNX model: it has no graph");
        }
        List<Node> nodes = new ArrayList<>();
        List<byte[]> encoded = new ArrayList<>();
        List<String> inputs = new ArrayList<>();
        ProtoReader g = reader.nested(graph);
        while (g.hasNext()) {
            ProtoReader.Field f = g.next();
            if (f.number() == GRAPH_NODE && f.isMessage()) {
                nodes.add(node(g.nested(f)));
                encoded.add(g.raw(f));
            } else if (f.number() == GRAPH_INPUT && f.isMessage()) {
                inputs.add(firstString(g.nested(f), VALUE_INFO_NAME));
            }
        }
        return new OnnxGraphSurgery(onnx, List.copyOf(nodes), encoded, List.copyOf(inputs), opset);
    }

    private static int defaultDomainVersion(ProtoReader opset) {
        String domain = "";
        long version = 0;
        while (opset.hasNext()) {
            ProtoReader.Field f = opset.next();
            if (f.number() == OPSET_DOMAIN && f.isMessage()) {
                domain = opset.string(f);
            } else if (f.number() == OPSET_VERSION && f.wireType() == ProtoReader.VARINT) {
                version = f.value();
            }
        }
        return domain.isEmpty() || domain.equals("ai.onnx") ? (int) version : 0;
    }

    private static Node node(ProtoReader n) {
        List<String> in = new ArrayList<>();
        List<String> out = new ArrayList<>();
        String name = "";
        String op = "";
        while (n.hasNext()) {
            ProtoReader.Field f = n.next();
            if (!f.isMessage()) {
                continue;
            }
            switch (f.number()) {
                case NODE_INPUT -> in.add(n.string(f));
                case NODE_OUTPUT -> out.add(n.string(f));
                case NODE_NAME -> name = n.string(f);
                case NODE_OP -> op = n.string(f);
                default -> {
                    // attributes and doc strings travel with the node's encoding
                }
            }
        }
        return new Node(name, op, List.copyOf(in), List.copyOf(out));
    }

    private static String firstString(ProtoReader message, int field) {
        while (message.hasNext()) {
            ProtoReader.Field f = message.next();
            if (f.number() == field && f.isMessage()) {
                return message.string(f);
            }
        }
        return "";
    }

    /** @return the nodes of the main graph, in file (topological) order */
    public List<Node> nodes() {
        return nodes;
    }

    /** @return the names of the graph's inputs (initializers listed as inputs by old exporters included) */
    public List<String> inputs() {
        return inputs;
    }

    /** @return the version of the default ONNX operator set the model imports */
    public int opset() {
        return opset;
    }

    /**
     * Builds a new model from the nodes of this one that compute {@code keep}, plus the nodes of
     * {@code graft}. The graft declares the new model's inputs and outputs; it must produce every
     * original graph input the kept nodes read (e.g. the network's normalized image), except weights.
     *
     * @param keep the intermediate tensors of this model the graft reads
     * @param graft Fabrica's nodes, initializers, inputs and outputs
     * @return the bytes of the new {@code .onnx} file
     * @throws IllegalArgumentException if a tensor to keep is computed by no node of this model
     */
    public byte[] cut(Set<String> keep, OnnxGraphBuilder graft) {
        Map<String, Integer> producer = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (String out : nodes.get(i).outputs()) {
                producer.put(out, i);
            }
        }
        for (String tensor : keep) {
            if (!producer.containsKey(tensor)) {
                throw new IllegalArgumentException("has no node computing the tensor '" + tensor + "'");
            }
        }
        Set<Integer> kept = new HashSet<>();
        Set<String> needed = new HashSet<>(keep);
        Deque<String> todo = new ArrayDeque<>(keep);
        while (!todo.isEmpty()) {
            Integer at = producer.get(todo.pop());
            if (at != null && kept.add(at)) {
                for (String in : nodes.get(at).inputs()) {
                    if (!in.isEmpty() && needed.add(in)) {
                        todo.push(in);
                    }
                }
            }
        }
        return rewrite(kept, needed, graft);
    }

    private byte[] rewrite(Set<Integer> kept, Set<String> needed, OnnxGraphBuilder graft) {
        ProtoWriter out = new ProtoWriter();
        ProtoReader reader = new ProtoReader(model, 0, model.length);
        while (reader.hasNext()) {
            ProtoReader.Field f = reader.next();
            if (f.number() == MODEL_GRAPH && f.isMessage()) {
                out.message(MODEL_GRAPH, graph(reader.nested(f), kept, needed, graft));
            } else {
                out.raw(reader.raw(f));
            }
        }
        return out.toByteArray();
    }

    private ProtoWriter graph(ProtoReader g, Set<Integer> kept, Set<String> needed, OnnxGraphBuilder graft) {
        ProtoWriter graph = new ProtoWriter();
        int node = 0;
        while (g.hasNext()) {
            ProtoReader.Field f = g.next();
            switch (f.number()) {
                case GRAPH_NODE -> {
                    if (kept.contains(node)) {
                        graph.raw(encodedNodes.get(node));
                    }
                    node++;
                }
                case GRAPH_INITIALIZER -> {
                    if (needed.contains(firstString(g.nested(f), TENSOR_NAME))) {
                        graph.raw(g.raw(f));
                    }
                }
                case GRAPH_INPUT, GRAPH_OUTPUT, GRAPH_VALUE_INFO -> {
                    // replaced by the graft's inputs and outputs; shapes are inferred again
                }
                default -> graph.raw(g.raw(f));
            }
        }
        graft.appendTo(graph);
        return graph;
    }
}
