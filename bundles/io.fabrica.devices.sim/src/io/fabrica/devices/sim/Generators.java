package io.fabrica.devices.sim;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.util.Random;

import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;

import io.fabrica.devices.sim.generators.BearingGeometry;
import io.fabrica.devices.sim.generators.CurrentGenerator;
import io.fabrica.devices.sim.generators.MachineState;
import io.fabrica.devices.sim.generators.PartImage;
import io.fabrica.devices.sim.generators.PartImageGenerator;
import io.fabrica.devices.sim.generators.SpeedGenerator;
import io.fabrica.devices.sim.generators.TemperatureGenerator;
import io.fabrica.devices.sim.generators.VibrationGenerator;
import io.fabrica.model.plant.ProcessParameter;
import io.fabrica.model.plant.Signal;
import io.fabrica.opcua.server.VariableNamespace;

/**
 * Chooses and wires a generator for each signal ({@link SignalKind}) or hands it to the
 * {@link PartLine} (per-part signals), and guards writes to process parameters with their safe bounds. Each generator gets its own seed derived from the
 * simulator's, so adding a signal does not change the others' values.
 */
final class Generators {

    /** Part images: 1280x720 keeps PNG encoding well inside the 500 ms image period on 2 cores. */
    static final int IMAGE_WIDTH = 1280;
    static final int IMAGE_HEIGHT = 720;

    private final MachineState machine;
    private final long seed;
    private final double defectRate;
    private int next;
    private final java.util.function.Consumer<String> partInspected;
    private final PartLine line;
    private volatile long partsImaged;

    Generators(MachineState machine, long seed, double defectRate, java.util.function.Consumer<String> partInspected, PartLine line) {
        this.machine = machine;
        this.seed = seed;
        this.defectRate = defectRate;
        this.partInspected = partInspected;
        this.line = line;
    }

    SignalFeed feedFor(Signal signal, NodeId node, VariableNamespace namespace) {
        long period = Math.max(10, (long) (signal.getSamplingInterval() > 0 ? signal.getSamplingInterval() : 1000));
        double dt = period / 1000.0;
        long own = seed * 31 + next++;
        SignalKind kind = SignalKind.of(signal);
        if (signal instanceof ProcessParameter parameter) {
            guard(parameter, kind, node, namespace);
        }
        if (kind.perPart()) {
            line.bind(kind, signal, node);
            return feed(period, () -> { }); // the part line publishes it once per part
        }
        return switch (kind) {
            case VIBRATION -> vibration(signal, node, namespace, period, own);
            case TEMPERATURE -> scalar(node, namespace, period, new TemperatureGenerator(machine, own)::next, dt);
            case CURRENT -> scalar(node, namespace, period, new CurrentGenerator(machine, own)::next, dt);
            case SPEED -> scalar(node, namespace, period, new SpeedGenerator(machine, own)::next, dt);
            case PART_IMAGE -> images(node, namespace, period, own);
            case PART_COUNT -> feed(period, () -> namespace.setValue(node, partCount(signal)));
            case SPEED_SETPOINT, FEED_RATE, SWITCH, TEXT -> feed(period, () -> { });
            default -> randomWalk(signal, node, namespace, period, own);
        };
    }

    private SignalFeed vibration(Signal signal, NodeId node, VariableNamespace namespace, long period, long own) {
        int length = Math.max(16, signal.getArrayLength());
        double sampleRate = length / (period / 1000.0);
        VibrationGenerator generator = new VibrationGenerator(machine, sampleRate, length, BearingGeometry.spindleFrontBearing(), own);
        double[] window = new double[length];
        return feed(period, () -> {
            generator.fill(window);
            Double[] boxed = new Double[length]; // Milo's Variant holds boxed arrays; one per published window
            for (int i = 0; i < length; i++) {
                boxed[i] = window[i];
            }
            namespace.setValue(node, boxed);
        });
    }

    private SignalFeed images(NodeId node, VariableNamespace namespace, long period, long own) {
        PartImageGenerator generator = new PartImageGenerator(IMAGE_WIDTH, IMAGE_HEIGHT, defectRate, own);
        return feed(period, () -> {
            PartImage image = generator.next();
            partsImaged++;
            // ground truth first, so that a client seeing the new image already finds its label
            partInspected.accept(image.label());
            namespace.setValue(node, ByteString.of(image.png()));
        });
    }

    private Object partCount(Signal signal) {
        return AddressSpace.uaType(signal).equals(NodeIds.UInt32) ? uint(partsImaged) : (Object) (int) partsImaged;
    }

    private static SignalFeed scalar(NodeId node, VariableNamespace namespace, long period, java.util.function.DoubleUnaryOperator next,
            double dt) {
        return feed(period, () -> namespace.setValue(node, next.applyAsDouble(dt)));
    }

    /** Values that wander slowly inside the signal's range (or 0..100). */
    private static SignalFeed randomWalk(Signal signal, NodeId node, VariableNamespace namespace, long period, long own) {
        Random random = new Random(own);
        double min = signal.getMinimum() != null ? signal.getMinimum() : 0;
        double max = signal.getMaximum() != null ? signal.getMaximum() : min + 100;
        double[] value = {min + (max - min) / 2};
        boolean integer = AddressSpace.uaType(signal).equals(NodeIds.Int32) || AddressSpace.uaType(signal).equals(NodeIds.UInt32);
        return feed(period, () -> {
            value[0] = Math.clamp(value[0] + random.nextGaussian() * (max - min) * 0.01, min, max);
            Object v = integer ? (AddressSpace.uaType(signal).equals(NodeIds.UInt32) ? uint(Math.round(Math.max(0, value[0])))
                    : (Object) (int) Math.round(value[0])) : value[0];
            namespace.setValue(node, v);
        });
    }

    /** Refuses writes outside the safe bounds; accepted setpoints drive the simulated machine. */
    private void guard(ProcessParameter parameter, SignalKind kind, NodeId node, VariableNamespace namespace) {
        namespace.guardWrites(node, value -> {
            if (!(value instanceof Number number)) {
                throw new IllegalArgumentException(parameter.getName() + " takes a number, not " + value);
            }
            double v = number.doubleValue();
            Double low = parameter.getSafeMinimum();
            Double high = parameter.getSafeMaximum();
            if (low != null && v < low || high != null && v > high) {
                throw new IllegalArgumentException(parameter.getName() + " " + v + " is outside its safe bounds [" + low + ", " + high + "]");
            }
            if (kind == SignalKind.SPEED_SETPOINT) {
                machine.setSpeedSetpointRpm(v);
            } else if (kind == SignalKind.FEED_RATE) {
                machine.setFeedRateMmPerMin(v);
            }
        });
        if (kind == SignalKind.SPEED_SETPOINT || kind == SignalKind.FEED_RATE) {
            line.parameter(kind, parameter, node);
        }
        double initial = kind == SignalKind.SPEED_SETPOINT ? machine.speedSetpointRpm()
                : kind == SignalKind.FEED_RATE ? machine.feedRateMmPerMin()
                : parameter.getSafeMinimum() != null ? parameter.getSafeMinimum() : 0;
        if (AddressSpace.uaType(parameter).equals(NodeIds.Double)) {
            namespace.setValue(node, initial);
        }
    }

    private static SignalFeed feed(long period, Runnable update) {
        return new SignalFeed() {
            @Override
            public long periodMs() {
                return period;
            }

            @Override
            public void update() {
                update.run();
            }
        };
    }
}
