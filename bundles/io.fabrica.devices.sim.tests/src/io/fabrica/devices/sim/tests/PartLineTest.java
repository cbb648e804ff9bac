package io.fabrica.devices.sim.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabrica.devices.sim.SimulatedPlant;
import io.fabrica.devices.sim.quality.MachinedPart;
import io.fabrica.devices.sim.quality.MachiningProcess;
import io.fabrica.examples.Examples;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.resource.PlantFiles;

/**
 * The machining cell's parts as an OPC UA client sees them on the simulated demo plant: part numbers
 * advance with their context, the bore gauge publishes each part's quality three parts later, a
 * setpoint written over OPC UA changes the quality of the following parts, and trials vary the
 * setpoints inside the trial range.
 */
class PartLineTest {

    private static final String NS = "urn:fabrica:demo:spindle-line";
    private static final String MILL = "Spindle Line 1/Machining Cell/CNC Mill 1/";
    private static final String GAUGE = "Spindle Line 1/Inspection Cell/Bore Gauge/";
    private static final long SEED = 42;

    @TempDir
    Path tmp;

    private SimulatedPlant sim;
    private OpcUaClient client;
    private int ns;

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
    void partsAdvanceWithTheirContext() throws Exception {
        start(SimulatedPlant.Options.loopback(freePort()).withPartPeriod(Duration.ofMillis(40)));
        List<NodeId> nodes = List.of(node(MILL + "Part Number"), node(MILL + "Parts Since Tool Change"), node(MILL + "Material Batch"),
                node(MILL + "Cycle Time"), node(MILL + "Cutting Current"), node(MILL + "Material Hardness"), node(MILL + "Part Number"));
        TreeSet<Integer> seen = new TreeSet<>();
        Map<Object, Double> hardnessOfBatch = new TreeMap<>();
        long deadline = System.currentTimeMillis() + 20_000;
        while (seen.size() < 5 && System.currentTimeMillis() < deadline) {
            List<DataValue> v = client.readValues(0, TimestampsToReturn.Neither, nodes);
            Object number = v.get(0).getValue().getValue();
            assertInstanceOf(Integer.class, number, "Part Number is an Int32 as the model binds it");
            int n = (Integer) number;
            if (n > 0 && number.equals(v.get(6).getValue().getValue()) && seen.add(n)) {
                assertEquals((n - 1) % MachiningProcess.TOOL_LIFE_PARTS, v.get(1).getValue().getValue(), "part " + n + ": tool usage");
                assertEquals((n - 1) / MachiningProcess.BATCH_PARTS + 1, v.get(2).getValue().getValue(), "part " + n + ": batch");
                assertEquals(1 + 60.0 * 30 / 1200, (Double) v.get(3).getValue().getValue(), 1e-9, "cycle time at 1200 mm/min");
                double current = (Double) v.get(4).getValue().getValue();
                assertTrue(current > 5 && current < 40, "cutting current " + current);
                double hardness = (Double) v.get(5).getValue().getValue();
                assertTrue(hardness > 0.8 * MachiningProcess.NOMINAL_HARDNESS_HB && hardness < 1.25 * MachiningProcess.NOMINAL_HARDNESS_HB,
                        "part " + n + ": certified hardness " + hardness + " HB");
                Double before = hardnessOfBatch.putIfAbsent(v.get(2).getValue().getValue(), hardness);
                assertEquals(before == null ? hardness : before, hardness, 0.0, "part " + n + ": one certificate per batch");
            }
            Thread.sleep(10);
        }
        assertTrue(seen.size() >= 5, "parts seen: " + seen);
        assertTrue(seen.last() - seen.first() >= 4, "part numbers advance: " + seen);
    }

    @Test
    void theGaugeMeasuresEachPartThreePartsLater() throws Exception {
        start(SimulatedPlant.Options.loopback(freePort()).withPartPeriod(Duration.ofMillis(40)));
        List<NodeId> nodes = List.of(node(GAUGE + "Measured Part"), node(GAUGE + "Surface Roughness"), node(GAUGE + "Diameter Deviation"),
                node(MILL + "Part Number"), node(GAUGE + "Measured Part"));
        Map<Integer, double[]> measured = new TreeMap<>();
        long deadline = System.currentTimeMillis() + 20_000;
        while (measured.size() < 6 && System.currentTimeMillis() < deadline) {
            List<DataValue> v = client.readValues(0, TimestampsToReturn.Neither, nodes);
            int m = (Integer) v.get(0).getValue().getValue();
            if (m > 0 && v.get(4).getValue().getValue().equals(m) && !measured.containsKey(m)) {
                int made = (Integer) v.get(3).getValue().getValue();
                // m + 2 only if this read fell into the microseconds between the gauge's and the mill's updates of one part
                assertTrue(made == m + 3 || made == m + 2, "part " + m + " is measured when part " + (m + 3) + " is made, not at " + made);
                measured.put(m, new double[] {(Double) v.get(1).getValue().getValue(), (Double) v.get(2).getValue().getValue()});
            }
            Thread.sleep(5);
        }
        assertTrue(measured.size() >= 6, "measured parts: " + measured.keySet());
        // an in-process replica of the line at the same seed and setpoints made the same parts
        MachiningProcess replica = new MachiningProcess(SimulatedPlant.processSeed(SEED));
        List<MachinedPart> parts = new ArrayList<>();
        int last = ((TreeMap<Integer, double[]>) measured).lastKey();
        for (int i = 0; i < last; i++) {
            parts.add(replica.machine(12_000, 1_200));
        }
        for (Map.Entry<Integer, double[]> e : measured.entrySet()) {
            MachinedPart part = parts.get(e.getKey() - 1);
            assertEquals(part.roughnessUm(), e.getValue()[0], 1e-12, "roughness of part " + e.getKey());
            assertEquals(part.diameterDeviationUm(), e.getValue()[1], 1e-12, "diameter deviation of part " + e.getKey());
        }
    }

    @Test
    void aLowerFeedWrittenOverOpcUaSmoothsTheFollowingParts() throws Exception {
        start(SimulatedPlant.Options.loopback(freePort()).withPartPeriod(Duration.ofMillis(30)));
        NodeId feed = node(MILL + "Feed Rate");
        assertTrue(write(feed, 1400.0).isGood());
        int before = partNumber();
        Map<Integer, Double> rough = collect(before + 20);
        assertTrue(write(feed, 600.0).isGood());
        int switched = partNumber();
        rough.putAll(collect(switched + 20));
        double coarse = mean(rough, before + 1, switched - 1);
        double fine = mean(rough, switched + 1, switched + 20);
        assertTrue(fine < 0.6 * coarse, "mean roughness at 600 mm/min " + fine + " um, at 1400 mm/min " + coarse + " um");
    }

    @Test
    void trialsVaryTheSetpointsInsideTheTrialRange() throws Exception {
        start(SimulatedPlant.Options.loopback(freePort()).withPartPeriod(Duration.ofMillis(20)).withTrials(3));
        NodeId speed = node(MILL + "Spindle/Spindle Speed Setpoint");
        NodeId feed = node(MILL + "Feed Rate");
        TreeSet<Double> speeds = new TreeSet<>();
        TreeSet<Double> feeds = new TreeSet<>();
        long deadline = System.currentTimeMillis() + 20_000;
        while ((speeds.size() < 4 || feeds.size() < 4) && System.currentTimeMillis() < deadline) {
            List<DataValue> v = client.readValues(0, TimestampsToReturn.Neither, List.of(speed, feed));
            speeds.add((Double) v.get(0).getValue().getValue());
            feeds.add((Double) v.get(1).getValue().getValue());
            Thread.sleep(15);
        }
        assertTrue(speeds.size() >= 4 && feeds.size() >= 4, "speeds " + speeds + ", feeds " + feeds);
        speeds.remove(12_000.0); // the setpoints before the first trial
        feeds.remove(1_200.0);
        assertTrue(speeds.first() >= 6_000 && speeds.last() <= 14_000, "trial speeds " + speeds);
        assertTrue(feeds.first() >= 600 && feeds.last() <= 1_400, "trial feeds " + feeds);
    }

    /** Roughness by measured part until the gauge has measured {@code untilPart}. */
    private Map<Integer, Double> collect(int untilPart) throws UaException, InterruptedException {
        List<NodeId> nodes = List.of(node(GAUGE + "Measured Part"), node(GAUGE + "Surface Roughness"), node(GAUGE + "Measured Part"));
        Map<Integer, Double> rough = new TreeMap<>();
        long deadline = System.currentTimeMillis() + 30_000;
        int m = 0;
        while (m < untilPart && System.currentTimeMillis() < deadline) {
            List<DataValue> v = client.readValues(0, TimestampsToReturn.Neither, nodes);
            m = (Integer) v.get(0).getValue().getValue();
            if (m > 0 && v.get(2).getValue().getValue().equals(m)) {
                rough.putIfAbsent(m, (Double) v.get(1).getValue().getValue());
            }
            Thread.sleep(5);
        }
        return rough;
    }

    private static double mean(Map<Integer, Double> values, int from, int to) {
        double sum = 0;
        int n = 0;
        for (Map.Entry<Integer, Double> e : values.entrySet()) {
            if (e.getKey() >= from && e.getKey() <= to) {
                sum += e.getValue();
                n++;
            }
        }
        assertTrue(n >= 5, "parts " + from + ".." + to + " measured: " + n);
        return sum / n;
    }

    private int partNumber() throws UaException {
        return (Integer) client.readValue(0, TimestampsToReturn.Neither, node(MILL + "Part Number")).getValue().getValue();
    }

    private StatusCode write(NodeId node, double value) throws Exception {
        return client.writeValues(List.of(node), List.of(DataValue.valueOnly(new Variant(value)))).get(0);
    }

    private NodeId node(String path) {
        return new NodeId(ns, path);
    }

    private void start(SimulatedPlant.Options options) throws Exception {
        Enterprise plant = PlantFiles.load(Examples.copyDemoProject(tmp.resolve("demo")));
        sim = SimulatedPlant.start(plant, options);
        client = OpcUaClient.create(sim.endpointUrl());
        client.connect();
        client.readNamespaceTable();
        ns = client.getNamespaceTable().getIndex(NS).intValue();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
