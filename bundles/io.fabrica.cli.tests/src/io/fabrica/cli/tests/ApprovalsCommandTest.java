package io.fabrica.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import io.fabrica.cli.internal.Cli;
import io.fabrica.deploy.core.Keys;
import io.fabrica.deploy.core.PackageBuilder;
import io.fabrica.deploy.core.TrustStore;
import io.fabrica.deploy.opcua.internal.OpcUaDeploymentTarget;
import io.fabrica.deploy.runtime.ApprovalSettings;
import io.fabrica.deploy.runtime.RuntimeServer;
import io.fabrica.devices.api.ConnectionSpec;
import io.fabrica.devices.core.DeviceDrivers;
import io.fabrica.devices.sim.SimulatedPlant;
import io.fabrica.examples.Examples;
import io.fabrica.model.plant.DeviceConnection;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.plant.ProcessParameter;
import io.fabrica.model.plant.SecurityMode;
import io.fabrica.model.plant.SecurityPolicy;
import io.fabrica.model.plant.Signal;
import io.fabrica.model.resource.PlantFiles;
import io.fabrica.pipeline.engine.PipelineEngine;
import io.fabrica.pipeline.resource.PipelineBuilder;
import io.fabrica.pipeline.resource.PipelineFiles;

/**
 * {@code fabrica approvals} against a real runtime in-process, with the simulated demo plant as its PLC on
 * loopback: a pipeline proposes the measured spindle speed as the speed setpoint, which requires approval.
 * The table lists the held value; approving it writes it to the simulator; rejecting one leaves the setpoint
 * alone; an unknown id, an expired id, a user without the role and an unreachable runtime each end with one
 * clear line and exit 1. The engineer's password comes from FABRICA_PASSWORD (set in this bundle's pom).
 */
class ApprovalsCommandTest {

    private static final String PASSWORD = "cli-test-pass";
    private static final Pattern ID = Pattern.compile("(?m)^  ([0-9a-f]{6})  ");

    @TempDir
    Path dir;

    private SimulatedPlant sim;
    private RuntimeServer runtime;
    private RegisteredCli cli;
    private Enterprise plant;

    @BeforeEach
    void runtimeWithAHeldWrite() throws Exception {
        assertEquals(PASSWORD, System.getenv("FABRICA_PASSWORD"), "the pom gives the CLI the engineer's password");
        Path plantFile = Examples.copyDemoProject(dir.resolve("project"));
        plant = PlantFiles.load(plantFile);
        sim = SimulatedPlant.start(plant, SimulatedPlant.Options.loopback(freePort()));
        for (DeviceConnection c : plant.getConnections()) {
            c.setEndpoint(sim.endpointUrl());
        }
        PlantFiles.save(plant, plantFile);
        KeyPair key = Keys.generate();
        new TrustStore(dir.resolve("rt/trusted-keys")).trust(key.getPublic(), "dev");
        DeviceDrivers drivers = drivers();
        runtime = RuntimeServer.start(new RuntimeServer.Options("127.0.0.1", freePort(), dir.resolve("rt"), Map.of("eng", PASSWORD), 0)
                .withApprovals(ApprovalSettings.DEFAULTS.withExpiry(Duration.ofSeconds(8))), new PipelineEngine(List.of()), drivers);
        ConnectionSpec engineer = ConnectionSpec.anonymous(runtime.endpointUrl()).withSecurity(SecurityPolicy.BASIC256_SHA256,
                SecurityMode.SIGN_AND_ENCRYPT).withPki(dir.resolve("pki")).withTrustServer(true).withCredentials("eng", PASSWORD.toCharArray());
        OpcUaDeploymentTarget target = new OpcUaDeploymentTarget(drivers);
        String id = target.deploy(engineer, Files.readAllBytes(writerPackage(key)), false);
        target.control(engineer, "Start", id);
        cli = new RegisteredCli(dir);
    }

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.close();
        }
        sim.close();
    }

    @Test
    void listApproveRejectAndEveryRefusalInOneLine() throws Exception {
        String held = awaitHeld();
        assertTrue(cli.out().contains("Spindle Speed Setpoint") && cli.out().contains("? -> 1") && cli.out().contains("EXPIRES"), cli.out());

        assertEquals(1, cli.run("approvals", "--to", runtime.endpointUrl(), "--security", "Basic256Sha256/SignAndEncrypt", "--pki", pki(), "--trust",
                "approve", held));
        assertTrue(cli.err().contains("engineer role; this session is anonymous") && cli.err().lines().count() == 1, cli.err());
        assertEquals(1, approvals("approve", "0badid"));
        assertTrue(cli.err().contains("no pending approval '0badid'"), cli.err());

        assertEquals(0, approvals("approve", held), cli.err());
        assertTrue(cli.out().startsWith(held + ": written"), cli.out());
        double written = setpoint();
        assertTrue(written != 12_000 && Math.abs(written - 12_000) < 100, "the measured speed reached the PLC: " + written);

        String next = awaitHeld();
        assertEquals(2, cli.run("approvals", "--to", runtime.endpointUrl(), "reject", next), "a rejection needs --reason");
        assertEquals(0, approvals("reject", next, "--reason", "setpoint is fine"), cli.err());
        assertEquals(written, setpoint(), "the rejected value was not written");
        assertEquals(0, approvals());
        assertTrue(cli.out().contains("REJECTED") && cli.out().contains("setpoint is fine") && cli.out().contains("WRITTEN"), cli.out());

        String lapsing = awaitHeld();
        Thread.sleep(9_500);
        assertEquals(1, approvals("approve", lapsing));
        assertTrue(cli.err().contains("no longer pending: it was expired"), cli.err());
        assertEquals(written, setpoint(), "nothing written for the expired id");

        assertEquals(1, cli.run("approvals", "--to", "opc.tcp://127.0.0.1:" + freePort() + "/fabrica", "--timeout", "3"));
        assertTrue(cli.err().startsWith("fabrica approvals: opc.tcp://127.0.0.1:") && cli.err().lines().count() == 1, cli.err());
        String audit = Files.readString(dir.resolve("rt/audit.log"));
        assertTrue(audit.contains("\"operation\":\"Approve\"") && audit.contains("\"operation\":\"Reject\"") && audit.contains("setpoint is fine"), audit);
    }

    private int approvals(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("approvals", "--to", runtime.endpointUrl(), "--user", "eng", "--pki", pki(), "--trust"));
        args.addAll(List.of(more));
        return cli.run(args.toArray(String[]::new));
    }

    private String pki() {
        return dir.resolve("pki").toString();
    }

    /** Lists until the table shows a held value; returns the id of the newest one. */
    private String awaitHeld() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            assertEquals(0, approvals(), cli.err());
            Matcher m = ID.matcher(cli.out());
            String last = null;
            while (m.find()) {
                last = m.group(1);
            }
            if (last != null) {
                return last;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no held value listed within 30 s: " + cli.out());
    }

    private double setpoint() throws Exception {
        var address = named("Spindle Speed Setpoint").getBinding().getAddress();
        try (var session = drivers().forEndpoint(sim.endpointUrl()).connect(ConnectionSpec.anonymous(sim.endpointUrl())).get(20,
                java.util.concurrent.TimeUnit.SECONDS)) {
            return ((Number) session.readSync(List.of(address), Duration.ofSeconds(10)).get(0).value()).doubleValue();
        }
    }

    /** A pipeline proposing the measured spindle speed as the speed setpoint, packaged and signed. */
    private Path writerPackage(KeyPair key) throws Exception {
        PipelineBuilder b = new PipelineBuilder("Speed to setpoint");
        b.connect(b.source("Speed", named("Speed")), b.write("Set speed", (ProcessParameter) named("Spindle Speed Setpoint")));
        b.pipeline().setVersion("1");
        Path file = dir.resolve("project/writer.pipeline");
        PipelineFiles.save(b.pipeline(), file);
        Path out = dir.resolve("writer.fpkg");
        PackageBuilder.build(file, out, key.getPrivate(), "edge", Double.NaN);
        return out;
    }

    private Signal named(String name) {
        for (var it = plant.eAllContents(); it.hasNext();) {
            if (it.next() instanceof Signal s && name.equals(s.getName())) {
                return s;
            }
        }
        throw new AssertionError("no signal " + name);
    }

    private static DeviceDrivers drivers() throws InterruptedException {
        BundleContext bundles = FrameworkUtil.getBundle(Cli.class).getBundleContext();
        ServiceTracker<DeviceDrivers, DeviceDrivers> tracker = new ServiceTracker<>(bundles, DeviceDrivers.class, null);
        tracker.open();
        return tracker.waitForService(10_000);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
