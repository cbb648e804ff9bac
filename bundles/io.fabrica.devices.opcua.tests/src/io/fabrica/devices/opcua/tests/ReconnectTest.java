package io.fabrica.devices.opcua.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabrica.devices.api.ConnectionSpec;
import io.fabrica.devices.api.DeviceSession;
import io.fabrica.devices.api.SessionState;
import io.fabrica.devices.api.SubscriptionSettings;
import io.fabrica.devices.opcua.NodeAddresses;
import io.fabrica.devices.opcua.internal.OpcUaDriver;
import io.fabrica.devices.sim.SimulatedPlant;
import io.fabrica.examples.Examples;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.resource.PlantFiles;

/** A server restart while subscribed: the session reports reconnecting, comes back, and the subscription resumes by itself. */
class ReconnectTest {

    @TempDir
    Path tmp;

    @Test
    void subscriptionResumesAfterTheServerRestarts() throws Exception {
        Enterprise plant = PlantFiles.load(Examples.copyDemoProject(tmp.resolve("demo")));
        int port = OpcUaDriverTest.freePort();
        SimulatedPlant sim = SimulatedPlant.start(plant, SimulatedPlant.Options.loopback(port));
        DeviceSession session = new OpcUaDriver().connect(ConnectionSpec.anonymous(sim.endpointUrl()).withTimeout(Duration.ofSeconds(3)))
                .get(20, TimeUnit.SECONDS);
        List<SessionState.Status> states = new CopyOnWriteArrayList<>();
        session.onStateChange(s -> states.add(s.status()));
        AtomicInteger samples = new AtomicInteger();
        session.subscribe(List.of(NodeAddresses.parse("nsu=urn:fabrica:demo:spindle-line;s=Spindle Line 1/Machining Cell/CNC Mill 1/Spindle/Speed",
                List.of())), SubscriptionSettings.every(Duration.ofMillis(100)), (i, s) -> samples.incrementAndGet()).get(20, TimeUnit.SECONDS);
        try {
            waitFor(() -> samples.get() >= 5, 10_000);
            sim.close();
            waitFor(() -> states.contains(SessionState.Status.RECONNECTING), 15_000);
            assertTrue(states.contains(SessionState.Status.RECONNECTING), "reconnecting is visible: " + states);
            sim = SimulatedPlant.start(plant, SimulatedPlant.Options.loopback(port));
            long restarted = System.currentTimeMillis();
            int before = samples.get();
            waitFor(() -> samples.get() >= before + 5, 30_000);
            assertTrue(samples.get() >= before + 5, "samples resumed after the restart (" + before + " -> " + samples.get() + ") states " + states);
            assertTrue(session.state().status() == SessionState.Status.CONNECTED, session.state().toString());
            System.out.println("subscription resumed " + (System.currentTimeMillis() - restarted) + " ms after the server restarted");
        } finally {
            session.close();
            sim.close();
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, long ms) throws InterruptedException {
        long deadline = System.currentTimeMillis() + ms;
        while (!condition.getAsBoolean() && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
    }
}
