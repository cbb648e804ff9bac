package io.fabrica.devices.opcua.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabrica.devices.api.ConnectionSpec;
import io.fabrica.devices.api.SessionState;
import io.fabrica.devices.api.SubscriptionSettings;
import io.fabrica.devices.core.ManagedConnection;
import io.fabrica.devices.opcua.NodeAddresses;
import io.fabrica.devices.opcua.internal.OpcUaDriver;
import io.fabrica.devices.sim.SimulatedPlant;
import io.fabrica.examples.Examples;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.plant.SecurityMode;
import io.fabrica.model.plant.SecurityPolicy;
import io.fabrica.model.resource.PlantFiles;

/** The managed connection waits for a device that is not there yet, then connects and subscribes by itself; it gives up on security errors. */
class ManagedConnectionTest {

    @TempDir
    Path tmp;

    @Test
    void connectsWhenTheServerAppearsAndSubscriptionsStart() throws Exception {
        Enterprise plant = PlantFiles.load(Examples.copyDemoProject(tmp.resolve("demo")));
        int port = OpcUaDriverTest.freePort();
        String endpoint = "opc.tcp://127.0.0.1:" + port + "/fabrica";
        List<SessionState> states = new CopyOnWriteArrayList<>();
        AtomicInteger samples = new AtomicInteger();
        try (ManagedConnection connection = new ManagedConnection(new OpcUaDriver(),
                ConnectionSpec.anonymous(endpoint).withTimeout(Duration.ofSeconds(2)))) {
            connection.onStateChange(states::add);
            connection.subscribe(List.of(NodeAddresses.parse("nsu=urn:fabrica:demo:spindle-line;s=Spindle Line 1/Machining Cell/CNC Mill 1/Spindle/Speed",
                    List.of())), SubscriptionSettings.every(Duration.ofMillis(100)), (i, s) -> samples.incrementAndGet());
            waitFor(() -> states.stream().anyMatch(s -> s.reason().contains("cannot reach")), 15_000);
            assertEquals(SessionState.Status.RECONNECTING, connection.state().status(), connection.state().toString());
            assertTrue(connection.state().reason().contains(endpoint) && connection.state().reason().contains("retrying"), connection.state().reason());

            try (SimulatedPlant sim = SimulatedPlant.start(plant, SimulatedPlant.Options.loopback(port))) {
                waitFor(() -> samples.get() >= 5, 40_000);
                assertEquals(SessionState.Status.CONNECTED, connection.state().status(), states.toString());
                assertTrue(samples.get() >= 5, "the subscription made before the server existed delivers: " + samples.get());
            }
        }
    }

    @Test
    void securityErrorsAreNotRetried() throws Exception {
        Enterprise plant = PlantFiles.load(Examples.copyDemoProject(tmp.resolve("demo")));
        try (SimulatedPlant sim = SimulatedPlant.start(plant, SimulatedPlant.Options.loopback(OpcUaDriverTest.freePort()));
                ManagedConnection connection = new ManagedConnection(new OpcUaDriver(), ConnectionSpec.anonymous(sim.endpointUrl())
                        .withSecurity(SecurityPolicy.BASIC256_SHA256, SecurityMode.SIGN_AND_ENCRYPT).withPki(tmp.resolve("pki")))) {
            waitFor(() -> connection.state().status() == SessionState.Status.FAILED, 20_000);
            assertEquals(SessionState.Status.FAILED, connection.state().status(), connection.state().toString());
            assertTrue(connection.state().reason().contains("does not offer"), connection.state().reason());
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, long ms) throws InterruptedException {
        long deadline = System.currentTimeMillis() + ms;
        while (!condition.getAsBoolean() && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
    }
}
