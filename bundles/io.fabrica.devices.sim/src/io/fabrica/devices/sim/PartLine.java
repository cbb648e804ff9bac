package io.fabrica.devices.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;

import io.fabrica.devices.sim.generators.MachineState;
import io.fabrica.devices.sim.quality.MachinedPart;
import io.fabrica.devices.sim.quality.MachiningProcess;
import io.fabrica.model.plant.ProcessParameter;
import io.fabrica.model.plant.Signal;
import io.fabrica.opcua.server.VariableNamespace;

/**
 * The machining cell's part cadence: every part period the mill machines one part with the
 * machine's current setpoints (what OPC UA writes set) through the {@link MachiningProcess}, and
 * publishes its context; the bore gauge downstream measures each part {@value #GAUGE_DELAY_PARTS}
 * parts later and publishes its quality. A part's other values are set before its number (the
 * part number, the measured part), so a client that sees a new number already finds them.
 *
 * <p>With trials on, the simulator plays an engineer running trials: every N parts it sets speed and
 * feed to random values inside a sensible trial range (within the parameters' safe bounds), so a
 * recording shows the quality at many setpoints. Trials overwrite whatever was written before.
 *
 * <p>Called by one scheduler task at a time; setpoints are read from the thread-safe
 * {@link MachineState}.
 */
final class PartLine {

    /** Parts between the mill and the gauge: a part is measured when the third part after it has been machined. */
    static final int GAUGE_DELAY_PARTS = 3;
    /** Trial range of the spindle speed, 1/min: around the nominal 12,000 and below, where the quality changes most. */
    static final double TRIAL_SPEED_MIN = 6_000;
    static final double TRIAL_SPEED_MAX = 14_000;
    /** Trial range of the feed rate, mm/min. */
    static final double TRIAL_FEED_MIN = 600;
    static final double TRIAL_FEED_MAX = 1_400;

    private record Output(Signal signal, NodeId node) {
    }

    private record Parameter(ProcessParameter parameter, NodeId node) {
    }

    private final MachineState machine;
    private final VariableNamespace namespace;
    private final MachiningProcess process;
    private final int trialEvery;
    private final SplittableRandom trials;
    private final Map<SignalKind, List<Output>> outputs = new EnumMap<>(SignalKind.class);
    private final Map<SignalKind, Parameter> parameters = new EnumMap<>(SignalKind.class);
    private final ArrayDeque<MachinedPart> onTheWay = new ArrayDeque<>();
    /** Parts made, for other threads (the process itself is not thread-safe). */
    private volatile long made;

    /**
     * @param machine the machine whose setpoints the parts are cut with
     * @param namespace where the per-part signals are published
     * @param seed seed of the process's disturbances and of the trials
     * @param trialEvery new trial setpoints every this many parts; 0 for none
     */
    PartLine(MachineState machine, VariableNamespace namespace, long seed, int trialEvery) {
        this.machine = machine;
        this.namespace = namespace;
        this.process = new MachiningProcess(seed);
        this.trialEvery = trialEvery;
        this.trials = new SplittableRandom(seed * 17 + 5);
    }

    /** Publishes a per-part signal ({@link SignalKind#perPart()}) on every part. */
    void bind(SignalKind kind, Signal signal, NodeId node) {
        outputs.computeIfAbsent(kind, k -> new ArrayList<>()).add(new Output(signal, node));
    }

    /** Keeps the node of the speed or feed parameter, so that trial setpoints show there as written ones do. */
    void parameter(SignalKind kind, ProcessParameter parameter, NodeId node) {
        parameters.putIfAbsent(kind, new Parameter(parameter, node));
    }

    /** Machines the next part, publishes it and the part the gauge measures now; a stopped spindle or zero feed makes none. */
    void next() {
        if (trialEvery > 0 && process.parts() % trialEvery == 0) {
            trial();
        }
        double speed = machine.speedSetpointRpm();
        double feed = machine.feedRateMmPerMin();
        if (!(speed > 0 && feed > 0)) {
            return;
        }
        double certifiedHardness = process.certifiedHardnessHb(); // of this part's batch: after it, the batch may change
        MachinedPart part = process.machine(speed, feed);
        made = part.number();
        onTheWay.add(part);
        if (onTheWay.size() > GAUGE_DELAY_PARTS) {
            measured(onTheWay.poll());
        }
        publish(SignalKind.MATERIAL_BATCH, part.batch());
        publish(SignalKind.MATERIAL_HARDNESS, certifiedHardness);
        publish(SignalKind.CUTTING_CURRENT, part.cuttingCurrentA());
        publish(SignalKind.CYCLE_TIME, part.cycleSeconds());
        // the tool usage changes with every part: a pipeline may trigger on it, so it comes after the other context
        publish(SignalKind.TOOL_USAGE, part.partsSinceToolChange());
        publish(SignalKind.PART_NUMBER, part.number());
    }

    /** @return parts machined so far */
    long parts() {
        return made;
    }

    private void measured(MachinedPart part) {
        publish(SignalKind.ROUGHNESS, part.roughnessUm());
        publish(SignalKind.DIAMETER_DEVIATION, part.diameterDeviationUm());
        publish(SignalKind.MEASURED_PART, part.number());
    }

    private void publish(SignalKind kind, double value) {
        for (Output out : outputs.getOrDefault(kind, List.of())) {
            namespace.setValue(out.node(), AddressSpace.typed(out.signal(), value));
        }
    }

    /** New speed and feed, whole numbers drawn uniformly from the trial range cut to the safe bounds. */
    private void trial() {
        double speed = Math.round(draw(SignalKind.SPEED_SETPOINT, TRIAL_SPEED_MIN, TRIAL_SPEED_MAX));
        double feed = Math.round(draw(SignalKind.FEED_RATE, TRIAL_FEED_MIN, TRIAL_FEED_MAX));
        machine.setSpeedSetpointRpm(speed);
        machine.setFeedRateMmPerMin(feed);
        show(SignalKind.SPEED_SETPOINT, speed);
        show(SignalKind.FEED_RATE, feed);
    }

    private double draw(SignalKind kind, double min, double max) {
        Parameter p = parameters.get(kind);
        Double safeMin = p != null ? p.parameter().getSafeMinimum() : null;
        Double safeMax = p != null ? p.parameter().getSafeMaximum() : null;
        double low = safeMin != null ? Math.max(min, safeMin) : min;
        double high = safeMax != null ? Math.min(max, safeMax) : max;
        if (high < low) { // the safe range lies outside the trial range: try within the safe range instead
            low = safeMin != null ? safeMin : Math.min(min, safeMax);
            high = safeMax != null ? safeMax : Math.max(max, safeMin);
        }
        return low + trials.nextDouble() * (high - low);
    }

    private void show(SignalKind kind, double value) {
        Parameter p = parameters.get(kind);
        if (p != null) {
            namespace.setValue(p.node(), AddressSpace.typed(p.parameter(), value));
        }
    }
}
