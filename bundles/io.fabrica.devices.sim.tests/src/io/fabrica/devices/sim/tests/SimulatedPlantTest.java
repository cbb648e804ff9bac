package io.fabrica.devices.sim.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.emf.common.util.TreeIterator;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabrica.devices.sim.SimulatedPlant;
import io.fabrica.devices.sim.generators.Fault;
import io.fabrica.devices.sim.generators.Scenario;
import io.fabrica.examples.Examples;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.plant.OpcUaNodeAddress;
import io.fabrica.model.plant.Signal;
import io.fabrica.model.resource.PlantFiles;
import io.fabrica.opcua.server.OpcUaServerException;

/**
 * The simulated demo plant seen by a plain Milo client: every binding's NodeId exists, faults
 * are injected through the OPC UA method, parameters refuse unsafe writes, a scenario drives the
 * ground truth, and a taken port is reported clearly.
 */
class SimulatedPlantTest {

    private static final String NS = "urn:fabrica:demo:spindle-line";

    @TempDir
    Path tmp;

    private SimulatedPlant sim;
    private OpcUaClient client;

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.disconnect();
        }
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void everyBindingOfTheModelIsANodeOfTheServer() throws Exception {
        Enterprise plant = start(null);
        int ns = client.getNamespaceTable().getIndex(NS).intValue();
        int bound = 0;
        for (TreeIterator<EObject> it = plant.eAllContents(); it.hasNext();) {
            if (it.next() instanceof Signal signal && signal.getBinding().getAddress() instanceof OpcUaNodeAddress address) {
                DataValue value = client.readValue(0, TimestampsToReturn.Both, new NodeId(ns, address.getIdentifier()));
                assertTrue(value.getStatusCode() == null || value.getStatusCode().isGood(), address.getIdentifier() + ": " + value);
                bound++;
            }
        }
        assertEquals(18, bound, "the demo plant binds eighteen signals");
        assertEquals(18, sim.signalNodes().size());
    }

    @Test
    void injectFaultMethodChangesTheGroundTruth() throws Exception {
        start(null);
        int ns = client.getNamespaceTable().getIndex(NS).intValue();
        NodeId folder = new NodeId(ns, "Simulation");
        CallMethodResult result = client.call(List.of(new CallMethodRequest(folder, new NodeId(ns, "Simulation/InjectFault"),
                new Variant[] {new Variant(Fault.BEARING_INNER_RACE.label()), new Variant(60.0)}))).getResults()[0];
        assertTrue(result.getStatusCode().isGood(), "InjectFault: " + result.getStatusCode());
        assertEquals(Fault.BEARING_INNER_RACE.label(), label(ns));
        assertEquals(Fault.BEARING_INNER_RACE, sim.machine().fault());

        CallMethodResult bad = client.call(List.of(new CallMethodRequest(folder, new NodeId(ns, "Simulation/InjectFault"),
                new Variant[] {new Variant("gremlins"), new Variant(1.0)}))).getResults()[0];
        assertTrue(bad.getStatusCode().isBad(), "an unknown fault is refused");

        client.call(List.of(new CallMethodRequest(folder, new NodeId(ns, "Simulation/ClearFault"), new Variant[0])));
        assertEquals(Fault.NONE.label(), label(ns));
    }

    @Test
    void parameterRefusesWritesOutsideItsSafeBounds() throws Exception {
        start(null);
        int ns = client.getNamespaceTable().getIndex(NS).intValue();
        NodeId feed = new NodeId(ns, "Spindle Line 1/Machining Cell/CNC Mill 1/Feed Rate");
        StatusCode ok = client.writeValues(List.of(feed), List.of(DataValue.valueOnly(new Variant(2500.0)))).get(0);
        assertTrue(ok.isGood(), ok.toString());
        assertEquals(2500.0, sim.machine().feedRateMmPerMin());
        StatusCode refused = client.writeValues(List.of(feed), List.of(DataValue.valueOnly(new Variant(9000.0)))).get(0);
        assertFalse(refused.isGood(), "9000 mm/min is above the safe maximum 5000");
        assertEquals(2500.0, client.readValue(0, TimestampsToReturn.Neither, feed).getValue().getValue());
    }

    @Test
    void scenarioDrivesTheLabel() throws Exception {
        start(Scenario.parse("0s bearing-outer-race 10s\n"));
        int ns = client.getNamespaceTable().getIndex(NS).intValue();
        long deadline = System.currentTimeMillis() + 5000;
        while (!Fault.BEARING_OUTER_RACE.label().equals(label(ns)) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(Fault.BEARING_OUTER_RACE.label(), label(ns));
    }

    @Test
    void takenPortIsNamed() throws Exception {
        start(null);
        int port = Integer.parseInt(sim.endpointUrl().replaceAll(".*:(\\d+)/.*", "$1"));
        Enterprise plant = PlantFiles.load(Examples.copyDemoProject(tmp.resolve("again")));
        OpcUaServerException e = assertThrows(OpcUaServerException.class,
                () -> SimulatedPlant.start(plant, SimulatedPlant.Options.loopback(port)).close());
        assertTrue(e.getMessage().contains(String.valueOf(port)), e.getMessage());
    }

    private Enterprise start(Scenario scenario) throws Exception {
        Enterprise plant = PlantFiles.load(Examples.copyDemoProject(tmp.resolve("demo")));
        sim = SimulatedPlant.start(plant, SimulatedPlant.Options.loopback(freePort()).withScenario(scenario));
        client = OpcUaClient.create(sim.endpointUrl());
        client.connect();
        client.readNamespaceTable();
        return plant;
    }

    private String label(int ns) throws Exception {
        return (String) client.readValue(0, TimestampsToReturn.Neither, new NodeId(ns, "Simulation/Label")).getValue().getValue();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
