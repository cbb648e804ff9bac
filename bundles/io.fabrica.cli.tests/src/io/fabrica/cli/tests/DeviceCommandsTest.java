package io.fabrica.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

import io.fabrica.cli.CommandContext;
import io.fabrica.cli.FabricaCommand;
import io.fabrica.cli.internal.Cli;
import io.fabrica.devices.sim.SimulatedPlant;
import io.fabrica.examples.Examples;
import io.fabrica.model.resource.PlantFiles;

/**
 * The device commands against an in-process simulator of the demo plant: {@code browse},
 * {@code read}, {@code bind} and {@code record} with a fault scenario, as a user runs them.
 */
class DeviceCommandsTest {

    private static final String SPEED = "nsu=urn:fabrica:demo:spindle-line;s=Spindle Line 1/Machining Cell/CNC Mill 1/Spindle/Speed";

    @TempDir
    Path project;

    private SimulatedPlant sim;
    private Cli cli;
    private ByteArrayOutputStream out;
    private ByteArrayOutputStream err;

    @BeforeEach
    void start() throws Exception {
        Path plant = Examples.copyDemoProject(project);
        sim = SimulatedPlant.start(PlantFiles.load(plant), SimulatedPlant.Options.loopback(freePort()));
        BundleContext bundles = FrameworkUtil.getBundle(Cli.class).getBundleContext();
        List<FabricaCommand> commands = new ArrayList<>();
        for (int attempt = 0; attempt < 50 && commands.stream().noneMatch(c -> c.name().equals("record")); attempt++) {
            commands.clear();
            bundles.getServiceReferences(FabricaCommand.class, null).forEach(ref -> commands.add(bundles.getService(ref)));
            Thread.sleep(100);
        }
        cli = new Cli(commands);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void browseListsThePlantTreeAndJson() {
        assertEquals(0, run("browse", sim.endpointUrl()), err());
        assertTrue(out().contains("Spindle Line 1/") && out().contains("Vibration") && out().contains("Double[] r"), out());
        assertTrue(!out().contains("Server/"), "the server's diagnostics are left out");
        assertEquals(0, run("browse", sim.endpointUrl(), "--json", "--depth", "2"), err());
        assertTrue(out().contains("\"path\": \"Spindle Line 1/Machining Cell\""), out());
        assertTrue(!out().contains("CNC Mill 1/Spindle\""), "depth 2 stops above the machines");
    }

    @Test
    void readPrintsValuesAndFailsOnUnknownNodes() {
        assertEquals(0, run("read", sim.endpointUrl(), SPEED, "nsu=urn:fabrica:demo:spindle-line;s=Simulation/Label"), err());
        assertTrue(out().contains(SPEED + " = 1"), out());
        assertTrue(out().contains("Simulation/Label = normal"), out());
        assertEquals(1, run("read", sim.endpointUrl(), "nsu=urn:fabrica:demo:spindle-line;s=Nope"));
        assertTrue(out().contains("Bad_NodeIdUnknown"), out());
        assertEquals(1, run("read", sim.endpointUrl(), "Temperature"));
        assertTrue(err().contains("is not a node id"), err());
    }

    @Test
    void unreachableEndpointIsOneSentenceAndExitOne() throws Exception {
        String endpoint = "opc.tcp://127.0.0.1:" + freePort() + "/none";
        assertEquals(1, run("browse", endpoint, "--timeout", "2"));
        assertTrue(err().startsWith("fabrica browse: cannot reach " + endpoint), err());
    }

    @Test
    void untrustedServerCertificateIsRefusedUntilTrusted() throws Exception {
        Path serverPki = project.resolve("server-pki");
        Path clientPki = project.resolve("client-pki");
        try (SimulatedPlant secured = SimulatedPlant.start(PlantFiles.load(project.resolve("demo.plant")),
                SimulatedPlant.Options.secured(freePort(), serverPki, java.util.Map.of("operator", "s3cret")).withAnonymous(true))) {
            String[] read = {"read", secured.endpointUrl(), SPEED, "--security", "Basic256Sha256/SignAndEncrypt", "--pki", clientPki.toString()};
            assertEquals(1, run(read));
            assertTrue(err().contains("is not trusted") && err().contains("SHA-1") && err().contains("--trust"), err());
            String[] trusting = java.util.Arrays.copyOf(read, read.length + 1);
            trusting[read.length] = "--trust";
            assertEquals(0, run(trusting), err());
            assertTrue(out().contains(SPEED + " = "), out());
            assertEquals(0, run(read), "the trust is remembered in the PKI folder: " + err());
        }
        assertEquals(2, run("read", sim.endpointUrl(), SPEED, "--security", "Basic256/Fast"));
        assertTrue(err().contains("--security takes Policy/Mode"), err());
    }

    @Test
    void bindRestoresBindingsByBrowsePath() throws Exception {
        Path plant = project.resolve("demo.plant");
        String content = Files.readString(plant);
        String unbound = content.replaceAll("(?s)<binding .*?</binding>", "");
        Files.writeString(plant, unbound);
        assertTrue(!Files.readString(plant).contains("<binding"), "bindings removed");

        assertEquals(0, run("bind", "demo.plant", "--from", sim.endpointUrl()), out() + err());
        assertTrue(err().contains("18 of 18 signals bound"), err());
        String rebound = Files.readString(plant);
        assertTrue(rebound.contains("identifier=\"Spindle Line 1/Machining Cell/CNC Mill 1/Spindle/Vibration\""), rebound);
        assertTrue(rebound.contains("deviceDataType=\"Double[]\""), rebound);
        assertEquals(0, run("validate", "demo.plant"), out());
    }

    @Test
    void recordWithScenarioProducesALabelledDataset() throws Exception {
        Files.writeString(project.resolve("fault.scenario"), "0s normal\n1s bearing-outer-race 10s\n");
        assertEquals(0, run("record", ".", "--from", sim.endpointUrl(), "--duration", "3s", "--scenario", "fault.scenario", "-o", "ds"),
                err());
        assertTrue(out().contains("labelled with the simulator's ground truth"), out());
        List<String> rows = Files.readAllLines(project.resolve("ds/signals.csv"));
        assertTrue(rows.get(rows.size() - 1).endsWith(",bearing-outer-race"), "the scenario's fault is in the labels: " + rows.get(rows.size() - 1));
        assertTrue(rows.stream().anyMatch(r -> r.endsWith(",normal")));
        assertTrue(Files.exists(project.resolve("ds/dataset.json")));
        assertEquals(1, run("record", ".", "--from", sim.endpointUrl(), "--duration", "1s", "-o", "ds"));
        assertTrue(err().contains("already holds a dataset"), err());
    }

    private int run(String... args) {
        out = new ByteArrayOutputStream();
        err = new ByteArrayOutputStream();
        return cli.run(List.of(args), new CommandContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), project));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
