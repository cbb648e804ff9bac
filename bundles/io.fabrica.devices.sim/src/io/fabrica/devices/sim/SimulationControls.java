package io.fabrica.devices.sim;

import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;

import io.fabrica.devices.sim.generators.Fault;
import io.fabrica.devices.sim.generators.MachineState;
import io.fabrica.devices.sim.generators.Scenario;
import io.fabrica.opcua.server.VariableNamespace;

/**
 * The {@code Simulation} folder: methods to inject and clear faults, and the ground truth
 * ({@code Label}, {@code Severity}, {@code Time}, {@code PartDefect}) that recordings store beside the
 * signals. Also moves the simulated clock and applies the scenario.
 */
final class SimulationControls {

    private final VariableNamespace namespace;
    private final MachineState machine;
    private final Scenario scenario;
    private final NodeId label;
    private final NodeId severity;
    private final NodeId time;
    private final NodeId partDefect;

    SimulationControls(VariableNamespace namespace, MachineState machine, Scenario scenario) {
        this.namespace = namespace;
        this.machine = machine;
        this.scenario = scenario;
        NodeId folder = namespace.addFolder(null, SimulatedPlant.SIMULATION);
        label = namespace.addVariable(folder, "Label", NodeIds.String, machine.label(), false);
        severity = namespace.addVariable(folder, "Severity", NodeIds.Double, 0.0, false);
        time = namespace.addVariable(folder, "Time", NodeIds.Double, 0.0, false);
        partDefect = namespace.addVariable(folder, "PartDefect", NodeIds.String, "", false);
        Map<String, NodeId> inputs = new LinkedHashMap<>();
        inputs.put("Fault", NodeIds.String);
        inputs.put("RampSeconds", NodeIds.Double);
        namespace.addMethod(folder, "InjectFault", inputs, args -> {
            Fault fault = Fault.fromLabel(String.valueOf(args[0]));
            double ramp = args[1] instanceof Number n ? n.doubleValue() : 0;
            if (ramp < 0) {
                throw new IllegalArgumentException("RampSeconds must not be negative");
            }
            inject(fault, ramp);
        });
        namespace.addMethod(folder, "ClearFault", Map.of(), args -> clear());
    }

    synchronized void inject(Fault fault, double rampSeconds) {
        machine.injectFault(fault, rampSeconds);
        publish();
    }

    synchronized void clear() {
        machine.clearFault();
        publish();
    }

    /** Moves the simulated clock, applies the scenario's events up to now and publishes the ground truth. */
    synchronized void advanceTo(double seconds) {
        if (scenario != null) {
            scenario.applyUntil(machine, seconds);
        }
        if (seconds > machine.timeSeconds()) {
            machine.advanceTo(seconds);
        }
        publish();
    }

    /** Publishes the ground truth of the part image about to be published ("ok", "scratch", ...). */
    void partInspected(String defectLabel) {
        namespace.setValue(partDefect, defectLabel);
    }

    private void publish() {
        namespace.setValue(label, machine.label());
        namespace.setValue(severity, machine.faultSeverity());
        namespace.setValue(time, machine.timeSeconds());
    }
}
