package io.fabrica.pipeline.engine;

import io.fabrica.pipeline.Port;
import io.fabrica.pipeline.Stage;
import io.fabrica.pipeline.api.Frame;
import io.fabrica.pipeline.api.StageKernel;

/** One compiled stage: its kernel, the frames it reads and writes, and when they last changed. */
final class Node {
    final Stage stage;
    final String path;
    final Port[] inputPorts;
    final Port[] outputPorts;
    final Frame[] inputs;
    final Frame[] outputs;
    /** For each input: the producing node and its output index (filled when linking). */
    final Node[] inputNodes;
    final int[] inputSlots;
    /** Generation in which each output last changed; 0 = never. */
    final long[] outputStamps;
    /** Whether listeners hear about decisions on each output (not consumed by an explain stage). */
    final boolean[] announce;
    /** Observers of each output (training captures the model's input); mostly null. */
    final java.util.function.Consumer<Frame>[] taps;
    /** Names of the values of each output (for explanations and model cards). */
    final String[][] outputNames;
    StageKernel kernel;
    /** Index in flow order. */
    int order;

    Node(Stage stage, String path, Port[] inputPorts, Port[] outputPorts) {
        this.stage = stage;
        this.path = path;
        this.inputPorts = inputPorts;
        this.outputPorts = outputPorts;
        this.inputs = new Frame[inputPorts.length];
        this.outputs = new Frame[outputPorts.length];
        this.inputNodes = new Node[inputPorts.length];
        this.inputSlots = new int[inputPorts.length];
        this.outputStamps = new long[outputPorts.length];
        this.announce = new boolean[outputPorts.length];
        @SuppressWarnings("unchecked")
        java.util.function.Consumer<Frame>[] none = new java.util.function.Consumer[outputPorts.length];
        this.taps = none;
        this.outputNames = new String[outputPorts.length][];
    }

    /**
     * Whether the first input changed in this generation and every input has a value: the first input
     * triggers the stage, the others join with their latest value (so 1 Hz temperature joins each
     * 10 Hz vibration feature vector without doubling the decisions).
     */
    boolean ready(long generation) {
        for (int i = 0; i < inputNodes.length; i++) {
            if (inputNodes[i].outputStamps[inputSlots[i]] == 0) {
                return false;
            }
        }
        return inputNodes.length > 0 && inputNodes[0].outputStamps[inputSlots[0]] == generation;
    }
}
