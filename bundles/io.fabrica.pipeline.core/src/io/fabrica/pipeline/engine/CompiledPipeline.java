package io.fabrica.pipeline.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.fabrica.pipeline.Pipeline;
import io.fabrica.pipeline.SignalSource;
import io.fabrica.pipeline.DatasetSource;
import io.fabrica.pipeline.Stage;
import io.fabrica.pipeline.api.Decision;
import io.fabrica.pipeline.api.DecisionListener;
import io.fabrica.pipeline.api.Frame;
import io.fabrica.pipeline.api.ParameterWrite;
import io.fabrica.pipeline.api.ParameterWriter;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.engine.stages.Announcing;
import io.fabrica.pipeline.engine.stages.WriteSinkKernel;

/**
 * A pipeline ready to run: values pushed into its {@link SourceInput}s flow through the stages in flow
 * order, each stage running when one of its inputs changed (the others keep their latest value).
 * Decisions go to the {@link DecisionListener}s.
 *
 * <p>Not thread-safe: push from one thread (the live runner and the replay each use one). Nothing is
 * allocated per sample on the push path; frames are reused and shared by all downstream stages.
 */
public final class CompiledPipeline implements AutoCloseable {

    /** Receives the processing time of each stage run. */
    @FunctionalInterface
    public interface LatencyListener {
        /**
         * @param stagePath the stage's path in the pipeline
         * @param nanos the time its kernel took
         */
        void measured(String stagePath, long nanos);
    }

    private final Pipeline pipeline;
    private final List<Node> nodes;
    private final Map<Stage, SourceInput> sources = new LinkedHashMap<>();
    private final List<DecisionListener> listeners = new CopyOnWriteArrayList<>();
    private final boolean measure;
    private LatencyListener latency;
    private long generation;

    CompiledPipeline(Pipeline pipeline, List<Node> nodes, CompileOptions options) {
        this.pipeline = pipeline;
        this.nodes = nodes;
        this.measure = options.measureLatency();
        for (Node n : nodes) {
            if (n.inputPorts.length == 0 && n.outputs.length > 0) {
                sources.put(n.stage, new SourceInput(this, n, downstreamOf(n)));
            }
        }
        for (Node n : nodes) {
            if (n.kernel instanceof Announcing kernel) {
                kernel.listeners(listeners);
            }
            if (n.kernel instanceof WriteSinkKernel sink) {
                sink.settings(options.writes());
            }
        }
    }

    private Node[] downstreamOf(Node source) {
        List<Node> reached = new ArrayList<>();
        boolean[] reachable = new boolean[nodes.size()];
        reachable[source.order] = true;
        for (Node n : nodes) {
            for (Node in : n.inputNodes) {
                if (reachable[in.order] && !reachable[n.order]) {
                    reachable[n.order] = true;
                    reached.add(n);
                }
            }
        }
        return reached.toArray(Node[]::new);
    }

    /** @return the pipeline this graph was compiled from */
    public Pipeline pipeline() {
        return pipeline;
    }

    /** @return the inputs of the graph: one per signal or dataset source stage, in flow order */
    public List<SourceInput> sources() {
        return List.copyOf(sources.values());
    }

    /**
     * The input of one source stage.
     *
     * @param stage a {@link SignalSource} or {@link DatasetSource} of the pipeline
     * @return its input, or {@code null} if the stage was not compiled
     */
    public SourceInput source(Stage stage) {
        return sources.get(stage);
    }

    /**
     * The current output frame of a stage, e.g. to capture features for training.
     *
     * @param stage a compiled stage
     * @param output the index among its output ports
     * @return the frame, or {@code null} if the stage was not compiled
     */
    public Frame output(Stage stage, int output) {
        for (Node n : nodes) {
            if (n.stage == stage) {
                return n.outputs[output];
            }
        }
        return null;
    }

    /**
     * The names of the values on a stage's output (e.g. {@code "Vibration.kurtosis"}).
     *
     * @param stage a compiled stage
     * @param output the index among its output ports
     * @return one name per value of the frame's capacity, or an empty array if the stage was not compiled
     */
    public String[] outputNames(Stage stage, int output) {
        for (Node n : nodes) {
            if (n.stage == stage) {
                return n.outputNames[output].clone();
            }
        }
        return new String[0];
    }

    /**
     * The current frame feeding an input of a stage (for training: the model's input).
     *
     * @param stage a compiled stage
     * @param input the index among its input ports
     * @return the frame, or {@code null} if the stage was not compiled
     */
    public Frame input(Stage stage, int input) {
        for (Node n : nodes) {
            if (n.stage == stage) {
                return n.inputs[input];
            }
        }
        return null;
    }

    /**
     * Observes every new value of a stage's output (training uses it to capture the model's input).
     *
     * @param stage a compiled stage
     * @param output the index among its output ports
     * @param tap called on the pipeline's thread with the frame, which it must copy to keep
     * @throws IllegalArgumentException if the stage was not compiled
     */
    public void tap(Stage stage, int output, java.util.function.Consumer<Frame> tap) {
        for (Node n : nodes) {
            if (n.stage == stage) {
                java.util.function.Consumer<Frame> before = n.taps[output];
                n.taps[output] = before == null ? tap : before.andThen(tap);
                return;
            }
        }
        throw new IllegalArgumentException("stage " + stage.getName() + " is not part of the compiled graph");
    }

    /** @param listener receives decisions, alarms and parameter writes */
    public void addListener(DecisionListener listener) {
        listeners.add(listener);
    }

    /** @param listener a listener added before */
    public void removeListener(DecisionListener listener) {
        listeners.remove(listener);
    }

    /** @param listener receives per-stage processing times (only if compiled with latency measurement) */
    public void setLatencyListener(LatencyListener listener) {
        this.latency = listener;
    }

    /**
     * Connects the write sinks to a device. Without a writer (dataset replay) in-bounds values are
     * reported as {@link ParameterWrite.Status#NOT_CONNECTED} and never written.
     *
     * @param writer writes approved, in-bounds values
     */
    public void setParameterWriter(ParameterWriter writer) {
        for (Node n : nodes) {
            if (n.kernel instanceof WriteSinkKernel sink) {
                sink.writer(writer);
            }
        }
    }

    /** @return values waiting for a person's approval, oldest first */
    public List<ParameterWrite> pendingApprovals() {
        List<ParameterWrite> all = new ArrayList<>();
        for (Node n : nodes) {
            if (n.kernel instanceof WriteSinkKernel sink) {
                all.addAll(sink.pending());
            }
        }
        return all;
    }

    /**
     * Approves a held value: it is written (if still inside the bounds) and leaves the queue.
     *
     * @param write a value from {@link #pendingApprovals()}
     * @param approver who approved it, recorded in the write's detail
     * @return what became of it
     * @throws PipelineException if the write fails
     */
    public ParameterWrite approve(ParameterWrite write, String approver) throws PipelineException {
        for (Node n : nodes) {
            if (n.kernel instanceof WriteSinkKernel sink && sink.pending().contains(write)) {
                return sink.approve(write, approver);
            }
        }
        throw new PipelineException("no value " + write.value() + " for " + write.parameter() + " is waiting for approval");
    }

    /**
     * The write sink of a process parameter, for the hosts that decide on held values (the runtime's
     * approvals) and for stages that offer values with their reasons.
     *
     * @param parameterPath the element path of the process parameter
     * @return its write sink, or {@code null} if no compiled sink writes it
     */
    public WriteSinkKernel writeSink(String parameterPath) {
        for (Node n : nodes) {
            if (n.kernel instanceof WriteSinkKernel sink && sink.parameter().equals(parameterPath)) {
                return sink;
            }
        }
        return null;
    }

    /** Runs the stages downstream of a source that just got a value. */
    void propagate(Node source, Node[] downstream) throws PipelineException {
        long g = ++generation;
        source.outputStamps[0] = g;
        if (source.taps[0] != null) {
            source.taps[0].accept(source.outputs[0]);
        }
        for (Node n : downstream) {
            if (!n.ready(g)) {
                continue;
            }
            boolean produced;
            if (measure && latency != null) {
                long t0 = System.nanoTime();
                produced = n.kernel.process(n.inputs, n.outputs);
                latency.measured(n.path, System.nanoTime() - t0);
            } else {
                produced = n.kernel.process(n.inputs, n.outputs);
            }
            if (produced) {
                for (int o = 0; o < n.outputs.length; o++) {
                    n.outputStamps[o] = g;
                    if (n.taps[o] != null) {
                        n.taps[o].accept(n.outputs[o]);
                    }
                    if (n.announce[o] && n.outputs[o].decision() != null) {
                        announce(n.outputs[o].decision());
                    }
                }
            }
        }
    }

    private void announce(Decision decision) {
        for (DecisionListener l : listeners) {
            l.decided(decision);
        }
    }

    /** Closes every kernel (model sessions, decision logs). */
    @Override
    public void close() {
        for (Node n : nodes) {
            n.kernel.close();
        }
    }
}
