package io.fabrica.devices.opcua.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.emf.common.util.TreeIterator;
import org.eclipse.emf.ecore.EObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

import io.fabrica.devices.api.BrowseNode;
import io.fabrica.devices.api.ConnectionSpec;
import io.fabrica.devices.api.DeviceDriver;
import io.fabrica.devices.api.DeviceException;
import io.fabrica.devices.api.DeviceSession;
import io.fabrica.devices.api.SampledValue;
import io.fabrica.devices.api.SessionState;
import io.fabrica.devices.api.SignalSubscription;
import io.fabrica.devices.api.SubscriptionSettings;
import io.fabrica.devices.opcua.NodeAddresses;
import io.fabrica.devices.opcua.internal.OpcUaDriver;
import io.fabrica.devices.sim.SimulatedPlant;
import io.fabrica.devices.sim.generators.Fault;
import io.fabrica.examples.Examples;
import io.fabrica.model.plant.Address;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.plant.OpcUaNodeAddress;
import io.fabrica.model.plant.SecurityMode;
import io.fabrica.model.plant.SecurityPolicy;
import io.fabrica.model.plant.Signal;
import io.fabrica.model.resource.ElementPaths;
import io.fabrica.model.resource.PlantFiles;

/**
 * The real OPC UA driver against the simulated demo plant over loopback: browse, read of every
 * bound signal, writes within and outside the safe bounds, subscriptions, ground truth after a
 * fault, and the bad-input cases (unknown node, wrong type, read-only node, unreachable endpoint,
 * unsupported security, closed session), each with a clear, bounded failure.
 */
class OpcUaDriverTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String NS = "urn:fabrica:demo:spindle-line";
    private static final String SPINDLE = "Spindle Line 1/Machining Cell/CNC Mill 1/Spindle";

    @TempDir
    static Path tmp;

    private static Enterprise plant;
    private static SimulatedPlant sim;
    private static DeviceDriver driver;
    private static DeviceSession session;

    @BeforeAll
    static void startSimulatorAndConnect() throws Exception {
        plant = PlantFiles.load(Examples.copyDemoProject(tmp.resolve("demo")));
        sim = SimulatedPlant.start(plant, SimulatedPlant.Options.loopback(freePort()));
        driver = registeredDriver();
        session = driver.connect(ConnectionSpec.anonymous(sim.endpointUrl()).withTimeout(Duration.ofSeconds(5))).get(20, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        if (session != null) {
            session.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void driverIsADeclarativeServicesComponent() {
        assertEquals("opcua", driver.id());
        assertInstanceOf(OpcUaDriver.class, driver);
        assertEquals(SessionState.Status.CONNECTED, session.state().status());
    }

    @Test
    void browseShowsThePlantHierarchyWithTypesAndAccess() throws Exception {
        List<String> top = session.browseSync(null, WAIT).stream().map(BrowseNode::browseName).toList();
        assertTrue(top.containsAll(List.of("Spindle Line 1", "Simulation")), top.toString());

        Address spindle = NodeAddresses.parse("nsu=" + NS + ";s=" + SPINDLE, List.of());
        Map<String, BrowseNode> children = new ConcurrentHashMap<>();
        session.browseSync(spindle, WAIT).forEach(n -> children.put(n.browseName(), n));
        assertEquals("Double[]", children.get("Vibration").dataType());
        assertEquals("Double", children.get("Speed").dataType());
        assertEquals(BrowseNode.Kind.VARIABLE, children.get("Speed").kind());
        assertTrue(children.get("Spindle Speed Setpoint").writable(), "process parameters are writable");
        assertTrue(!children.get("Speed").writable(), "measurements are read-only");
        OpcUaNodeAddress vibration = (OpcUaNodeAddress) children.get("Vibration").address();
        assertEquals(NS, vibration.getNamespaceUri(), "addresses carry the namespace URI, not an index");
        assertEquals(SPINDLE + "/Vibration", vibration.getIdentifier());
    }

    @Test
    void everyBoundSignalOfTheDemoPlantReadsGoodWithItsType() throws Exception {
        List<Signal> signals = new ArrayList<>();
        for (TreeIterator<EObject> it = plant.eAllContents(); it.hasNext();) {
            if (it.next() instanceof Signal s) {
                signals.add(s);
            }
        }
        List<Address> addresses = signals.stream().map(s -> s.getBinding().getAddress()).toList();
        List<SampledValue> values = session.readSync(addresses, WAIT);
        for (int i = 0; i < signals.size(); i++) {
            Signal signal = signals.get(i);
            SampledValue value = values.get(i);
            assertTrue(value.isGood(), ElementPaths.pathOf(signal) + ": " + value);
            switch (signal.getDataType()) {
                case NUMBER_ARRAY -> assertEquals(signal.getArrayLength(), ((double[]) value.value()).length);
                case IMAGE -> assertTrue(value.value() instanceof byte[] png && png.length > 100 && png[1] == 'P', "PNG image");
                case DOUBLE -> {
                    double v = ((Number) value.value()).doubleValue();
                    assertTrue(v >= signal.getMinimum() && v <= signal.getMaximum(), signal.getName() + " = " + v + " outside its range");
                }
                case BOOLEAN -> assertInstanceOf(Boolean.class, value.value());
                default -> assertNotNull(value.value());
            }
            assertNotNull(value.sourceTime());
        }
    }

    @Test
    void writesWithinSafeBoundsAreAcceptedOthersRefusedWithTheReason() throws Exception {
        Address setpoint = NodeAddresses.parse("nsu=" + NS + ";s=" + SPINDLE + "/Spindle Speed Setpoint", List.of());
        session.writeSync(setpoint, 6000, WAIT); // an Integer converted to the node's Double
        assertEquals(6000.0, session.readSync(List.of(setpoint), WAIT).get(0).value());
        assertEquals(6000.0, sim.machine().speedSetpointRpm(), "the simulated machine follows the accepted setpoint");

        DeviceException outside = assertThrows(DeviceException.class, () -> session.writeSync(setpoint, 30000.0, WAIT));
        assertEquals(DeviceException.Reason.BAD_VALUE, outside.reason());
        assertTrue(outside.getMessage().contains("Spindle Speed Setpoint") && outside.getMessage().contains("Bad_OutOfRange"),
                outside.getMessage());
        assertEquals(6000.0, session.readSync(List.of(setpoint), WAIT).get(0).value(), "refused write leaves the value");

        DeviceException wrongType = assertThrows(DeviceException.class, () -> session.writeSync(setpoint, "fast", WAIT));
        assertEquals(DeviceException.Reason.BAD_VALUE, wrongType.reason());
        assertTrue(wrongType.getMessage().contains("cannot write 'fast'") && wrongType.getMessage().contains("Double"),
                wrongType.getMessage());

        Address speed = NodeAddresses.parse("nsu=" + NS + ";s=" + SPINDLE + "/Speed", List.of());
        DeviceException readOnly = assertThrows(DeviceException.class, () -> session.writeSync(speed, 100.0, WAIT));
        assertEquals(DeviceException.Reason.NOT_WRITABLE, readOnly.reason(), readOnly.getMessage());
    }

    @Test
    void unknownNodesAreNamedNotThrown() throws Exception {
        Address missing = NodeAddresses.parse("nsu=" + NS + ";s=" + SPINDLE + "/Torque", List.of());
        Address foreign = NodeAddresses.parse("nsu=urn:nobody;i=5", List.of());
        List<SampledValue> values = session.readSync(List.of(missing, foreign), WAIT);
        assertEquals(SampledValue.Quality.BAD, values.get(0).quality());
        assertEquals("Bad_NodeIdUnknown", values.get(0).status());
        assertTrue(values.get(1).status().contains("has no namespace urn:nobody"), values.get(1).status());

        DeviceException browse = assertThrows(DeviceException.class, () -> session.browseSync(missing, WAIT));
        assertEquals(DeviceException.Reason.NO_SUCH_NODE, browse.reason(), browse.getMessage());
        assertTrue(browse.getMessage().contains(SPINDLE + "/Torque"), browse.getMessage());
    }

    @Test
    void subscriptionDeliversEveryMonitoredSignal() throws Exception {
        List<Address> nodes = List.of(NodeAddresses.parse("nsu=" + NS + ";s=" + SPINDLE + "/Vibration", List.of()),
                NodeAddresses.parse("nsu=" + NS + ";s=" + SPINDLE + "/Motor Current", List.of()));
        AtomicInteger[] counts = {new AtomicInteger(), new AtomicInteger()};
        CountDownLatch enough = new CountDownLatch(10);
        try (SignalSubscription subscription = session.subscribe(nodes, SubscriptionSettings.every(Duration.ofMillis(100)), (index, sample) -> {
            if (sample.isGood()) {
                counts[index].incrementAndGet();
                enough.countDown();
            }
        }).get(20, TimeUnit.SECONDS)) {
            assertEquals(2, subscription.size());
            assertTrue(enough.await(10, TimeUnit.SECONDS), "samples: " + counts[0] + " vibration, " + counts[1] + " current");
            assertTrue(counts[0].get() >= 2 && counts[1].get() >= 2, "both signals report: " + counts[0] + ", " + counts[1]);
        }
    }

    @Test
    void injectedFaultIsTheGroundTruthLabel() throws Exception {
        Address label = NodeAddresses.parse("nsu=" + NS + ";s=Simulation/Label", List.of());
        sim.injectFault(Fault.BEARING_OUTER_RACE, 30);
        try {
            assertEquals(Fault.BEARING_OUTER_RACE.label(), session.readSync(List.of(label), WAIT).get(0).value());
        } finally {
            sim.clearFault();
        }
        assertEquals(Fault.NONE.label(), session.readSync(List.of(label), WAIT).get(0).value());
    }

    @Test
    void unreachableEndpointFailsFastWithTheEndpointNamed() throws Exception {
        String endpoint = "opc.tcp://127.0.0.1:" + freePort() + "/nothing";
        long start = System.nanoTime();
        DeviceException e = failure(driver.connect(ConnectionSpec.anonymous(endpoint).withTimeout(Duration.ofSeconds(2))));
        assertEquals(DeviceException.Reason.UNREACHABLE, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains(endpoint), e.getMessage());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "bounded wait");
    }

    @Test
    void unsupportedSecurityIsRefusedWithTheReason() throws Exception {
        ConnectionSpec secured = ConnectionSpec.anonymous(sim.endpointUrl()).withSecurity(SecurityPolicy.BASIC256_SHA256, SecurityMode.SIGN_AND_ENCRYPT);
        DeviceException e = failure(driver.connect(secured));
        assertEquals(DeviceException.Reason.SECURITY, e.reason());
        assertTrue(e.getMessage().contains("Basic256Sha256/SignAndEncrypt"), e.getMessage());
    }

    @Test
    void closedSessionRefusesWork() throws Exception {
        DeviceSession second = driver.connect(ConnectionSpec.anonymous(sim.endpointUrl())).get(20, TimeUnit.SECONDS);
        List<SessionState> states = new ArrayList<>();
        second.onStateChange(states::add);
        second.close();
        second.close(); // idempotent
        DeviceException e = assertThrows(DeviceException.class, () -> second.readSync(List.of(NodeAddresses.parse("i=2255", List.of())), WAIT));
        assertEquals(DeviceException.Reason.CLOSED, e.reason());
        assertEquals(SessionState.Status.FAILED, second.state().status());
        assertTrue(states.stream().anyMatch(s -> s.status() == SessionState.Status.FAILED), states.toString());
    }

    @Test
    void namespaceIndexFormResolvesAgainstTheServerTable() {
        OpcUaNodeAddress parsed = NodeAddresses.parse("ns=1;s=Line/Speed", List.of("http://opcfoundation.org/UA/", NS));
        assertEquals(NS, parsed.getNamespaceUri());
        assertEquals("nsu=" + NS + ";s=Line/Speed", NodeAddresses.format(parsed));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NodeAddresses.parse("ns=7;i=1", List.of("a")));
        assertTrue(e.getMessage().contains("has no namespace 7"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NodeAddresses.parse("Temperature", List.of()));
        assertArrayEquals(new String[] {"i"}, new String[] {NodeAddresses.parse("i=85", List.of()).getIdentifierType().getLiteral()});
    }

    private static DeviceException failure(java.util.concurrent.CompletableFuture<?> future) throws Exception {
        try {
            future.get(20, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return DeviceException.of(e.getCause(), "test");
        }
        throw new AssertionError("expected a failure");
    }

    private static DeviceDriver registeredDriver() throws Exception {
        BundleContext context = FrameworkUtil.getBundle(OpcUaDriver.class).getBundleContext();
        for (int i = 0; i < 50; i++) {
            var refs = context.getServiceReferences(DeviceDriver.class, null);
            for (var ref : refs) {
                DeviceDriver d = context.getService(ref);
                if (d != null && "opcua".equals(d.id())) {
                    return d;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the OPC UA driver was not registered as a DeviceDriver service");
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
