package io.fabrica.ui.devices.internal.explorer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import io.fabrica.devices.sim.SimulatedPlant;
import io.fabrica.examples.Examples;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.resource.PlantFileException;
import io.fabrica.model.resource.PlantFiles;

/**
 * Starts the demo plant's simulator in the workbench process on a free loopback port, so the Device
 * Explorer, trends and bindings can be tried without hardware. Blocking: call it from a job.
 */
final class DemoSimulator {

    private static final int ATTEMPTS = 3;

    private DemoSimulator() {
    }

    /**
     * @return the running simulator (security None, anonymous, this machine only); the caller closes it
     * @throws IOException if the demo plant cannot be read or no port could be bound; the message says which
     */
    static SimulatedPlant start() throws IOException {
        Enterprise plant = demoPlant();
        RuntimeException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                return SimulatedPlant.start(plant, SimulatedPlant.Options.loopback(freePort()));
            } catch (RuntimeException portTaken) {
                last = portTaken; // another process took the port between probing and binding: try another one
            }
        }
        throw new IOException("the demo simulator could not start: " + last.getMessage(), last);
    }

    private static Enterprise demoPlant() throws IOException {
        Path folder = Files.createTempDirectory("fabrica-demo-sim");
        Path file = folder.resolve("demo.plant");
        try (InputStream in = Examples.openDemoFile("demo.plant")) {
            Files.copy(in, file);
            return PlantFiles.load(file);
        } catch (PlantFileException e) {
            throw new IOException("the demo plant cannot be loaded: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(folder);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
