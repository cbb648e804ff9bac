package io.fabrica.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.common.util.TreeIterator;
import org.eclipse.emf.ecore.EObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

import io.fabrica.cli.CommandContext;
import io.fabrica.cli.FabricaCommand;
import io.fabrica.cli.internal.Cli;
import io.fabrica.devices.sim.SimulatedPlant;
import io.fabrica.devices.sim.quality.MachinedPart;
import io.fabrica.devices.sim.quality.MachiningProcess;
import io.fabrica.examples.Examples;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.plant.Signal;
import io.fabrica.model.resource.PlantFiles;
import io.fabrica.pipeline.data.PartTable;

/**
 * A real recording of the simulated demo plant's parts ({@code fabrica record}) read back one row per
 * part: every part's context and quality line up with the part an in-process replica of the line
 * made, and {@code fabrica sim} takes the part options.
 */
class PartRecordingTest {

    private static final long SEED = 42;

    @TempDir
    Path project;

    private ByteArrayOutputStream out;
    private ByteArrayOutputStream err;

    @Test
    void recordedPartsLineUpWithTheirQuality() throws Exception {
        Enterprise plant = PlantFiles.load(Examples.copyDemoProject(project));
        SimulatedPlant.Options options = SimulatedPlant.Options.loopback(freePort()).withPartPeriod(Duration.ofMillis(250));
        try (SimulatedPlant sim = SimulatedPlant.start(plant, options)) {
            assertEquals(0, run("record", ".", "--from", sim.endpointUrl(), "--duration", "8s", "-o", "parts"), err());
        }
        PartTable parts = PartTable.read(project.resolve("parts"), signal(plant, "Part Number"), signal(plant, "Measured Part"),
                List.of(signal(plant, "Surface Roughness"), signal(plant, "Diameter Deviation")));
        assertTrue(parts.size() >= 20, "measured parts in 8 s at 4 parts a second: " + parts.size());
        assertEquals(3, parts.dropped(), "the last three parts were still on their way to the gauge");

        MachiningProcess replica = new MachiningProcess(SimulatedPlant.processSeed(SEED));
        List<MachinedPart> made = new ArrayList<>();
        for (long i = 0; i < parts.part(parts.size() - 1); i++) {
            made.add(replica.machine(12_000, 1_200));
        }
        for (int row = 0; row < parts.size(); row++) {
            MachinedPart part = made.get((int) parts.part(row) - 1);
            String which = "part " + part.number();
            assertEquals(row == 0 ? parts.part(0) : parts.part(row - 1) + 1, parts.part(row), "no part is missing: " + which);
            assertEquals(part.roughnessUm(), parts.quality(row, 0), 1e-9, which);
            assertEquals(part.diameterDeviationUm(), parts.quality(row, 1), 1e-9, which);
            assertEquals(part.cuttingCurrentA(), parts.value(row, signal(plant, "Cutting Current")), 1e-9, which);
            assertEquals(part.partsSinceToolChange(), parts.value(row, signal(plant, "Parts Since Tool Change")), 1e-9, which);
            assertEquals(1_200, parts.value(row, signal(plant, "Feed Rate")), which);
            assertEquals(12_000, parts.value(row, signal(plant, "Spindle Speed Setpoint")), which);
        }
    }

    @Test
    void simTakesThePartOptions() throws Exception {
        Examples.copyDemoProject(project);
        String port = String.valueOf(freePort());
        assertEquals(0, run("sim", "demo.plant", "--port", port, "--duration", "1", "--part-period", "100ms", "--vary-setpoints", "5"), err());
        assertTrue(out().contains("Parts: one every 100 ms, new trial speed and feed every 5 parts"), out());
        assertEquals(2, run("sim", "demo.plant", "--port", port, "--duration", "1", "--vary-setpoints", "-2"));
        assertTrue(err().contains("--vary-setpoints takes a number of parts"), err());
        assertEquals(2, run("sim", "demo.plant", "--port", port, "--duration", "1", "--part-period", "5ms"));
        assertTrue(err().contains("--part-period must be at least 10ms"), err());
    }

    private static Signal signal(Enterprise plant, String name) {
        for (TreeIterator<EObject> it = plant.eAllContents(); it.hasNext();) {
            if (it.next() instanceof Signal s && s.getName().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("the demo plant has no signal " + name);
    }

    private int run(String... args) throws Exception {
        BundleContext bundles = FrameworkUtil.getBundle(Cli.class).getBundleContext();
        List<FabricaCommand> commands = new ArrayList<>();
        for (int attempt = 0; attempt < 50 && commands.stream().noneMatch(c -> c.name().equals("record")); attempt++) {
            commands.clear();
            bundles.getServiceReferences(FabricaCommand.class, null).forEach(ref -> commands.add(bundles.getService(ref)));
            Thread.sleep(100);
        }
        out = new ByteArrayOutputStream();
        err = new ByteArrayOutputStream();
        return new Cli(commands).run(List.of(args), new CommandContext(new PrintStream(out, true, StandardCharsets.UTF_8),
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
