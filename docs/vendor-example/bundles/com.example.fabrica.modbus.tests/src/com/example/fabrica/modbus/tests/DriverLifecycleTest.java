package com.example.fabrica.modbus.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

import com.example.fabrica.modbus.internal.ModbusTcpDriver;

import io.fabrica.devices.api.ConnectionSpec;
import io.fabrica.devices.api.DeviceSession;
import io.fabrica.devices.api.SessionState;
import io.fabrica.devices.core.DeviceDrivers;

/**
 * Declarative Services dynamics: stopping the vendor bundle takes the driver out of Fabrica's
 * registry (and closes its sessions), starting it brings the driver back, without restarting
 * anything else. OSGi only; skipped on a flat class path.
 */
class DriverLifecycleTest {

    private static final long WAIT_MS = 10_000;

    @Test
    void stoppingTheBundleRemovesTheDriverAndStartingItBringsItBack() throws Exception {
        assumeTrue(Services.inOsgi(), "needs an OSGi framework");
        Bundle host = Services.hostBundle();
        DeviceDrivers drivers = Services.service(DeviceDrivers.class);
        try (ModbusTestServer server = ModbusTestServer.start(1)) {
            String endpoint = server.endpoint();
            DeviceSession session = Services.driverFor(endpoint).connect(ConnectionSpec.anonymous(endpoint))
                    .get(10, TimeUnit.SECONDS);
            assertEquals(SessionState.Status.CONNECTED, session.state().status());

            host.stop();
            try {
                await(() -> drivers.byId(ModbusTcpDriver.ID).isEmpty(), "the driver to leave the registry");
                IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> drivers.forEndpoint(endpoint));
                assertTrue(none.getMessage().contains("modbus-tcp"), none.getMessage());
                await(() -> session.state().status() == SessionState.Status.FAILED, "the open session to be closed");
            } finally {
                host.start();
            }

            await(() -> drivers.byId(ModbusTcpDriver.ID).isPresent(), "the driver to come back");
            try (DeviceSession again = drivers.forEndpoint(endpoint).connect(ConnectionSpec.anonymous(endpoint)).get(10, TimeUnit.SECONDS)) {
                assertTrue(again.readSync(List.of(ModbusDriverTest.address("hr:0")), Duration.ofSeconds(5)).get(0).isGood());
            }
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("waited " + WAIT_MS + " ms for " + what);
            }
            Thread.sleep(50);
        }
    }
}
