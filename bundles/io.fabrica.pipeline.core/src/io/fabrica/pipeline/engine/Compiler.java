package io.fabrica.pipeline.engine;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.fabrica.model.plant.Signal;
import io.fabrica.pipeline.Connection;
import io.fabrica.pipeline.ExplainStage;
import io.fabrica.pipeline.Pipeline;
import io.fabrica.pipeline.Port;
import io.fabrica.pipeline.PortDirection;
import io.fabrica.pipeline.PortType;
import io.fabrica.pipeline.SignalSource;
import io.fabrica.pipeline.Stage;
import io.fabrica.pipeline.api.Frame;
import io.fabrica.pipeline.api.InferenceEngine;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.api.StageContext;
import io.fabrica.pipeline.api.StageFactory;
import io.fabrica.pipeline.validation.PipelinePaths;

/** Turns a pipeline into flow-ordered nodes with preallocated frames; the {@link StageContext} of factories. */
final class Compiler implements StageContext {

    private final Pipeline pipeline;
    private final Path baseDirectory;
    private final List<StageFactory> factories;
    private final List<InferenceEngine> engines;
    private final CompileOptions options;
    private final Map<Port, Port> feeds = new HashMap<>();
    private final Map<Port, Frame> frames = new HashMap<>();
    private final Map<Port, String[]> names = new HashMap<>();
    private final Map<Stage, Node> nodes = new LinkedHashMap<>();

    Compiler(Pipeline pipeline, Path baseDirectory, List<StageFactory> factories, List<InferenceEngine> engines, CompileOptions options) {
        this.pipeline = pipeline;
        this.baseDirectory = baseDirectory;
        this.factories = factories;
        this.engines = engines;
        this.options = options;
    }

    CompiledPipeline compile() throws PipelineException {
        for (Connection c : pipeline.getConnections()) {
            if (c.getSource() != null && c.getTarget() != null) {
                feeds.put(c.getTarget(), c.getSource());
            }
        }
        List<Stage> order = flowOrder(included());
        List<Node> compiled = new ArrayList<>();
        try {
            for (Stage stage : order) {
                compiled.add(compileStage(stage));
            }
        } catch (PipelineException | RuntimeException e) {
            compiled.forEach(n -> n.kernel.close());
            throw e;
        }
        markAnnouncedDecisions(compiled);
        return new CompiledPipeline(pipeline, compiled, options);
    }

    private Set<Stage> included() {
        Set<Stage> excluded = new HashSet<>(options.excluded());
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Stage stage : pipeline.getStages()) {
                if (!excluded.contains(stage) && inputs(stage).stream().map(feeds::get)
                        .anyMatch(p -> p != null && excluded.contains((Stage) p.eContainer()))) {
                    grew = excluded.add(stage);
                }
            }
        }
        Set<Stage> included = new HashSet<>(pipeline.getStages());
        included.removeAll(excluded);
        return included;
    }

    /** Kahn's algorithm; validation has already rejected cycles, so a leftover stage means an unconnected input. */
    private List<Stage> flowOrder(Set<Stage> included) throws PipelineException {
        Map<Stage, Integer> waiting = new HashMap<>();
        Deque<Stage> ready = new ArrayDeque<>();
        for (Stage stage : pipeline.getStages()) {
            if (included.contains(stage)) {
                int n = inputs(stage).size();
                waiting.put(stage, n);
                if (n == 0) {
                    ready.add(stage);
                }
            }
        }
        List<Stage> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            Stage stage = ready.poll();
            order.add(stage);
            for (Stage next : pipeline.getStages()) {
                if (!included.contains(next)) {
                    continue;
                }
                for (Port in : inputs(next)) {
                    Port from = feeds.get(in);
                    if (from != null && from.eContainer() == stage && waiting.merge(next, -1, Integer::sum) == 0) {
                        ready.add(next);
                    }
                }
            }
        }
        if (order.size() != included.size()) {
            String stuck = included.stream().filter(s -> !order.contains(s)).map(PipelinePaths::of).collect(Collectors.joining(", "));
            throw new PipelineException("cannot run: stages with unconnected inputs or in a cycle: " + stuck
                    + " (run 'fabrica validate' on the pipeline)");
        }
        return order;
    }

    private Node compileStage(Stage stage) throws PipelineException {
        List<Port> in = inputs(stage);
        List<Port> out = stage.getPorts().stream().filter(p -> p.getDirection() == PortDirection.OUT).toList();
        Node node = new Node(stage, PipelinePaths.of(stage), in.toArray(Port[]::new), out.toArray(Port[]::new));
        for (int i = 0; i < in.size(); i++) {
            Port from = feeds.get(in.get(i));
            if (from == null) {
                throw new PipelineException(node.path + ": input '" + in.get(i).getName() + "' is not connected");
            }
            Node producer = nodes.get((Stage) from.eContainer());
            node.inputNodes[i] = producer;
            node.inputSlots[i] = Arrays.asList(producer.outputPorts).indexOf(from);
            node.inputs[i] = frames.get(from);
        }
        StageFactory factory = factoryFor(stage, node.path);
        for (int o = 0; o < out.size(); o++) {
            int capacity = factory.outputCapacity(stage, this, o);
            Frame frame = new Frame(capacity);
            frames.put(out.get(o), frame);
            node.outputs[o] = frame;
        }
        node.kernel = factory.create(stage, this);
        node.order = nodes.size();
        nodes.put(stage, node);
        for (int o = 0; o < out.size(); o++) {
            node.outputNames[o] = OutputNames.of(stage, o, this, node.outputs[o].capacity());
            names.put(out.get(o), node.outputNames[o]);
        }
        return node;
    }

    private StageFactory factoryFor(Stage stage, String path) throws PipelineException {
        for (StageFactory f : factories) {
            if (f.supports(stage)) {
                return f;
            }
        }
        throw new PipelineException(path + ": no installed stage factory runs a " + stage.eClass().getName()
                + " (is the vendor plugin that provides it installed?)");
    }

    private static void markAnnouncedDecisions(List<Node> nodes) {
        Set<Port> explained = new HashSet<>();
        for (Node n : nodes) {
            if (n.stage instanceof ExplainStage) {
                for (int i = 0; i < n.inputPorts.length; i++) {
                    if (n.inputPorts[i].getType() == PortType.DECISION) {
                        explained.add(n.inputNodes[i].outputPorts[n.inputSlots[i]]);
                    }
                }
            }
        }
        for (Node n : nodes) {
            for (int o = 0; o < n.outputPorts.length; o++) {
                n.announce[o] = n.outputPorts[o].getType() == PortType.DECISION && !explained.contains(n.outputPorts[o]);
            }
        }
    }

    static List<Port> inputs(Stage stage) {
        return stage.getPorts().stream().filter(p -> p.getDirection() == PortDirection.IN).toList();
    }

    // --- StageContext ---

    @Override
    public Path baseDirectory() {
        return baseDirectory;
    }

    @Override
    public int inputCapacity(Stage stage, int inputIndex) {
        Frame frame = frames.get(feeds.get(inputs(stage).get(inputIndex)));
        return frame == null ? 0 : frame.capacity();
    }

    @Override
    public String[] inputNames(Stage stage, int inputIndex) {
        Port from = feeds.get(inputs(stage).get(inputIndex));
        String[] known = from == null ? null : names.get(from);
        return known != null ? known : OutputNames.generic("in", inputCapacity(stage, inputIndex));
    }

    @Override
    public InferenceEngine engine(String name) throws PipelineException {
        for (InferenceEngine e : engines) {
            if (e.name().equalsIgnoreCase(name)) {
                return e;
            }
        }
        throw new PipelineException("no inference engine '" + name + "' is installed; installed: "
                + engines.stream().map(InferenceEngine::name).toList());
    }

    @Override
    public double sampleRate(Stage stage) {
        Stage current = stage;
        for (int hops = 0; hops < 64; hops++) {
            if (current instanceof SignalSource source && source.getSignal() != null) {
                return sampleRate(source.getSignal());
            }
            List<Port> in = inputs(current);
            if (in.isEmpty() || feeds.get(in.get(0)) == null) {
                return 0;
            }
            current = (Stage) feeds.get(in.get(0)).eContainer();
        }
        return 0;
    }

    /**
     * Samples per second of a signal: an array signal delivers {@code arrayLength} contiguous samples
     * every sampling interval; a scalar one sample.
     */
    static double sampleRate(Signal signal) {
        double interval = signal.getSamplingInterval();
        if (interval <= 0) {
            return 0;
        }
        int perUpdate = signal.getArrayLength() > 0 ? signal.getArrayLength() : 1;
        return perUpdate * 1000.0 / interval;
    }
}
