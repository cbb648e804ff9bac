package io.fabrica.deploy.runtime.tests;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.fabrica.deploy.api.DeploymentException;
import io.fabrica.deploy.api.DeploymentStatus;
import io.fabrica.deploy.opcua.internal.OpcUaDeploymentTarget;
import io.fabrica.devices.api.ConnectionSpec;
import io.fabrica.devices.api.DeviceDriver;
import io.fabrica.devices.core.DeviceDrivers;
import io.fabrica.devices.sim.SimulatedPlant;
import io.fabrica.examples.Examples;
import io.fabrica.model.plant.DeviceConnection;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.resource.PlantFiles;
import io.fabrica.devices.opcua.internal.OpcUaDriver;
import io.fabrica.model.plant.SecurityMode;
import io.fabrica.model.plant.SecurityPolicy;

/** What the runtime tests share: the engineer's login, a secured connection, waiting for decisions, refusals. */
final class RuntimeTestSupport {

    static final String ENGINEER = "eng";
    static final char[] PASSWORD = "s3cret-pass".toCharArray();

    private RuntimeTestSupport() {
    }

    /** @return Basic256Sha256/SignAndEncrypt to the endpoint, no user, the client's PKI in {@code pki} */
    static ConnectionSpec secureAnonymous(String endpoint, Path pki) {
        return ConnectionSpec.anonymous(endpoint).withSecurity(SecurityPolicy.BASIC256_SHA256, SecurityMode.SIGN_AND_ENCRYPT)
                .withPki(pki).withTrustServer(true).withTimeout(Duration.ofSeconds(20));
    }

    /** @return as {@link #secureAnonymous}, logged in as the engineer */
    static ConnectionSpec secure(String endpoint, Path pki) {
        return secureAnonymous(endpoint, pki).withCredentials(ENGINEER, PASSWORD);
    }

    static DeploymentStatus status(OpcUaDeploymentTarget target, ConnectionSpec spec, String id) throws DeploymentException {
        return target.status(spec).stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }

    /** Polls the deployment's status until it has made {@code count} decisions, at most 30 s. */
    static DeploymentStatus awaitDecisions(OpcUaDeploymentTarget target, ConnectionSpec spec, String id, long count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        DeploymentStatus s = status(target, spec, id);
        while (s.decisionCount() < count && System.nanoTime() < deadline) {
            Thread.sleep(250);
            s = status(target, spec, id);
        }
        assertTrue(s.decisionCount() >= count, "decisions within 30 s: " + s);
        return s;
    }

    static void assertRefused(org.junit.jupiter.api.function.Executable call, String reason) {
        DeploymentException e = assertThrows(DeploymentException.class, call);
        assertTrue(e.getMessage().contains(reason), "refusal names the reason '" + reason + "': " + e.getMessage());
    }

    /**
     * Copies the demo project, starts its simulated plant on loopback and points the project's device
     * connections at it, as a plant the deployed pipelines connect to.
     *
     * @param projectDir where the demo project goes
     * @return the running simulator; the caller closes it
     */
    static SimulatedPlant simulatedDemoPlant(Path projectDir) throws Exception {
        Path plantFile = Examples.copyDemoProject(projectDir);
        Enterprise plant = PlantFiles.load(plantFile);
        SimulatedPlant sim = SimulatedPlant.start(plant, SimulatedPlant.Options.loopback(freePort()));
        for (DeviceConnection c : plant.getConnections()) {
            c.setEndpoint(sim.endpointUrl());
        }
        PlantFiles.save(plant, plantFile);
        return sim;
    }

    /** @return the OPC UA driver alone as the device drivers the runtime's pipelines use */
    static DeviceDrivers drivers() {
        OpcUaDriver opcua = new OpcUaDriver();
        return new DeviceDrivers() {
            @Override
            public List<DeviceDriver> all() {
                return List.of(opcua);
            }

            @Override
            public Optional<DeviceDriver> byId(String id) {
                return Optional.<DeviceDriver>of(opcua).filter(d -> d.id().equals(id));
            }

            @Override
            public DeviceDriver forEndpoint(String endpoint) {
                return opcua;
            }
        };
    }

    /** The demo plant's spindle speed setpoint, the parameter the writer pipeline proposes values for (safe bounds [1000, 18000]). */
    static final String SETPOINT = "Spindle Speed Setpoint";

    /**
     * Packages a pipeline that proposes the measured spindle speed as the speed setpoint (a value a little off
     * the simulator's 12,000 1/min, by the speed's jitter), so it holds a write for approval with every sample.
     *
     * @param project the demo project copied by {@link #simulatedDemoPlant}
     * @param key the signing key
     * @return the signed package
     */
    static Path writerPackage(Path project, java.security.KeyPair key) throws Exception {
        Enterprise plant = PlantFiles.load(project.resolve("demo.plant"));
        io.fabrica.pipeline.resource.PipelineBuilder b = new io.fabrica.pipeline.resource.PipelineBuilder("Speed to setpoint");
        var speed = b.source("Speed", named(plant, "Speed"));
        var setpoint = (io.fabrica.model.plant.ProcessParameter) named(plant, SETPOINT);
        b.connect(speed, b.write("Set speed", setpoint));
        b.pipeline().setVersion("1");
        Path file = project.resolve("writer.pipeline");
        io.fabrica.pipeline.resource.PipelineFiles.save(b.pipeline(), file);
        Path out = project.resolve("writer-1.fpkg");
        io.fabrica.deploy.core.PackageBuilder.build(file, out, key.getPrivate(), "edge", Double.NaN);
        return out;
    }

    static io.fabrica.model.plant.Signal named(Enterprise plant, String name) {
        for (var it = plant.eAllContents(); it.hasNext();) {
            if (it.next() instanceof io.fabrica.model.plant.Signal s && name.equals(s.getName())) {
                return s;
            }
        }
        throw new AssertionError("no signal " + name + " in the demo plant");
    }

    /**
     * Reads the simulated plant's spindle speed setpoint over OPC UA, as a client of the PLC would.
     *
     * @param sim the simulator
     * @param project the demo project (its plant has the setpoint's address)
     * @return the setpoint's value now
     */
    static double setpointOnThePlant(SimulatedPlant sim, Path project) throws Exception {
        Enterprise plant = PlantFiles.load(project.resolve("demo.plant"));
        var address = named(plant, SETPOINT).getBinding().getAddress();
        OpcUaDriver opcua = new OpcUaDriver();
        try (var session = opcua.connect(ConnectionSpec.anonymous(sim.endpointUrl()).withTimeout(Duration.ofSeconds(10))).get(20,
                java.util.concurrent.TimeUnit.SECONDS)) {
            return ((Number) session.readSync(List.of(address), Duration.ofSeconds(10)).get(0).value()).doubleValue();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
