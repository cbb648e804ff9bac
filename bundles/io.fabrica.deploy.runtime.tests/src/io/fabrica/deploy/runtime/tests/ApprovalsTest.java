package io.fabrica.deploy.runtime.tests;

import static io.fabrica.deploy.runtime.tests.RuntimeTestSupport.ENGINEER;
import static io.fabrica.deploy.runtime.tests.RuntimeTestSupport.PASSWORD;
import static io.fabrica.deploy.runtime.tests.RuntimeTestSupport.assertRefused;
import static io.fabrica.deploy.runtime.tests.RuntimeTestSupport.freePort;
import static io.fabrica.deploy.runtime.tests.RuntimeTestSupport.setpointOnThePlant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabrica.deploy.core.Keys;
import io.fabrica.deploy.core.TrustStore;
import io.fabrica.deploy.opcua.ApprovalsClient;
import io.fabrica.deploy.opcua.internal.OpcUaDeploymentTarget;
import io.fabrica.deploy.runtime.ApprovalSettings;
import io.fabrica.deploy.runtime.RuntimeServer;
import io.fabrica.devices.api.ConnectionSpec;
import io.fabrica.devices.core.DeviceDrivers;
import io.fabrica.devices.sim.SimulatedPlant;
import io.fabrica.pipeline.djl.internal.OnnxRuntimeInferenceEngine;
import io.fabrica.pipeline.engine.PipelineEngine;

/**
 * Held parameter writes on the runtime, over OPC UA on loopback with the simulated demo plant as the PLC: a
 * pipeline proposes the measured spindle speed as the speed setpoint (the parameter requires approval); the
 * engineer approves one (it reaches the simulator's setpoint) and rejects another (it does not); unknown,
 * expired and decided ids and other users are refused with a clear reason, audited, and nothing is written;
 * shadow mode writes nothing; an auto-approve band writes without a person only inside the band, and a band
 * outside the safe bounds refuses the deployment's start.
 */
class ApprovalsTest {

    private static final double INITIAL_SETPOINT = 12_000;

    @TempDir
    Path dir;

    private SimulatedPlant sim;
    private final List<RuntimeServer> runtimes = new ArrayList<>();
    private final DeviceDrivers drivers = RuntimeTestSupport.drivers();
    private final OpcUaDeploymentTarget target = new OpcUaDeploymentTarget(drivers);
    private final ApprovalsClient approvals = new ApprovalsClient(drivers);
    private KeyPair key;
    private Path writer;

    @BeforeEach
    void plantAndPackage() throws Exception {
        sim = RuntimeTestSupport.simulatedDemoPlant(dir.resolve("project"));
        key = Keys.generate();
        writer = RuntimeTestSupport.writerPackage(dir.resolve("project"), key);
    }

    @AfterEach
    void stop() {
        runtimes.forEach(RuntimeServer::close);
        sim.close();
    }

    @Test
    void approvedWriteReachesThePlantRejectedOneDoesNotAndBadCallsAreRefusedAndAudited() throws Exception {
        RuntimeServer runtime = deployed(dir.resolve("rt"), ApprovalSettings.DEFAULTS);
        ApprovalsClient.Pending held = awaitPending(runtime, p -> true);
        assertTrue(held.parameter().endsWith("Spindle Speed Setpoint") && held.id().matches("[0-9a-f]{6}"), held.toString());
        assertTrue(held.proposed() > 11_900 && held.proposed() < 12_100 && held.proposed() != INITIAL_SETPOINT, "the measured speed: " + held);

        assertRefused(() -> approvals.approve(secureAnonymous(runtime), held.id()), "engineer role");
        assertRefused(() -> approvals.approve(ConnectionSpec.anonymous(runtime.endpointUrl()), held.id()), "SignAndEncrypt");
        assertRefused(() -> approvals.approve(secure(runtime), "abc123"), "no pending approval 'abc123'");
        assertEquals(INITIAL_SETPOINT, setpointOnThePlant(sim, dir.resolve("project")), "nothing written by a refused call");

        String done = approvals.approve(secure(runtime), held.id());
        assertTrue(done.startsWith("written") && done.contains("approved by " + ENGINEER), done);
        assertEquals(held.proposed(), setpointOnThePlant(sim, dir.resolve("project")), "the approved value is the PLC's setpoint");
        assertRefused(() -> approvals.approve(secure(runtime), held.id()), "no longer pending: it was written");

        ApprovalsClient.Pending next = awaitPending(runtime, p -> !p.id().equals(held.id()));
        assertRefused(() -> approvals.reject(secure(runtime), next.id(), " "), "needs a reason");
        String rejected = approvals.reject(secure(runtime), next.id(), "speed is fine as it is");
        assertTrue(rejected.startsWith("rejected"), rejected);
        assertEquals(held.proposed(), setpointOnThePlant(sim, dir.resolve("project")), "the rejected value was not written");
        ApprovalsClient.Event last = approvals.list(secure(runtime)).history().get(0);
        assertEquals(next.id(), last.id());
        assertEquals("REJECTED", last.status());
        assertTrue(last.detail().contains("speed is fine as it is"), last.detail());

        String audit = Files.readString(dir.resolve("rt/audit.log"));
        assertTrue(audit.contains("\"operation\":\"Hold\""), audit);
        assertTrue(line(audit, "\"operation\":\"Approve\"", held.id(), "\"user\":\"eng\"", "\"result\":\"ok: eng approved"), audit);
        assertTrue(line(audit, "\"operation\":\"Write\"", held.id(), "\"user\":\"eng\"", "ok: written, approved by eng"), audit);
        assertTrue(line(audit, "\"operation\":\"Approve\"", "\"user\":\"anonymous\"", "refused: Approve needs"), audit);
        assertTrue(line(audit, "\"operation\":\"Approve\"", "abc123", "refused: no pending approval"), audit);
        assertTrue(line(audit, "\"operation\":\"Reject\"", next.id(), "\"user\":\"eng\"", "speed is fine as it is"), audit);
        assertTrue(line(audit, "Spindle Speed Setpoint", String.valueOf(held.proposed())), "the audit names the parameter and the value: " + audit);
    }

    @Test
    void heldValueLapsesAfterTheExpiryAndCanNoLongerBeApproved() throws Exception {
        RuntimeServer runtime = deployed(dir.resolve("rt"), ApprovalSettings.DEFAULTS.withExpiry(Duration.ofSeconds(2)));
        ApprovalsClient.Pending held = awaitPending(runtime, p -> true);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (approvals.list(secure(runtime)).history().stream().noneMatch(e -> e.id().equals(held.id())) && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        assertRefused(() -> approvals.approve(secure(runtime), held.id()), "no longer pending: it was expired");
        assertEquals(INITIAL_SETPOINT, setpointOnThePlant(sim, dir.resolve("project")), "a lapsed value is never written");
        assertTrue(line(Files.readString(dir.resolve("rt/audit.log")), "\"operation\":\"Expire\"", held.id(), "lapsed"), "the lapse is audited");
    }

    @Test
    void shadowModeWritesNothingAndHoldsNothing() throws Exception {
        RuntimeServer runtime = deployed(dir.resolve("rt"), ApprovalSettings.DEFAULTS.withShadow(true));
        Path audit = dir.resolve("rt/audit.log");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.readString(audit).contains("\"operation\":\"Shadow\"") && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        assertTrue(line(Files.readString(audit), "\"operation\":\"Shadow\"", "would be held for approval"), Files.readString(audit));
        assertEquals(List.of(), approvals.list(secure(runtime)).pending(), "nothing held in shadow mode");
        assertEquals(INITIAL_SETPOINT, setpointOnThePlant(sim, dir.resolve("project")), "nothing written in shadow mode");
    }

    @Test
    void autoApproveBandWritesWithoutAPersonOnlyInsideTheBand() throws Exception {
        RuntimeServer outside = deployed(dir.resolve("rt-low"), bands("Spindle Speed Setpoint=1000..2000"));
        awaitPending(outside, p -> true);
        assertEquals(INITIAL_SETPOINT, setpointOnThePlant(sim, dir.resolve("project")), "outside the band: held, not written");
        outside.close();
        runtimes.remove(outside);

        RuntimeServer wide = runtime(dir.resolve("rt-wide"), bands("Spindle Speed Setpoint=500..13000"));
        String id = target.deploy(secure(wide), Files.readAllBytes(writer), false);
        assertRefused(() -> target.control(secure(wide), "Start", id), "outside the safe bounds [1000.0, 18000.0]");

        RuntimeServer inside = deployed(dir.resolve("rt-in"), bands("Spindle Speed Setpoint=11000..13000"));
        ApprovalsClient.Event auto = awaitHistory(inside, e -> "WRITTEN".equals(e.status()));
        assertEquals("runtime", auto.user());
        assertTrue(auto.detail().contains("auto-approved"), auto.detail());
        assertNotEquals(INITIAL_SETPOINT, setpointOnThePlant(sim, dir.resolve("project")), "written without a person");
        assertEquals(List.of(), approvals.list(secure(inside)).pending(), "nothing waits for a person inside the band");
        String audit = Files.readString(dir.resolve("rt-in/audit.log"));
        assertTrue(line(audit, "\"operation\":\"Auto-approve\"", "\"user\":\"runtime\"") && line(audit, "\"operation\":\"Write\"", "auto-approved"),
                audit);
    }

    private static ApprovalSettings bands(String band) {
        return ApprovalSettings.DEFAULTS.withAutoApprove(List.of(ApprovalSettings.Band.parse(band)));
    }

    private static boolean line(String log, String... parts) {
        return log.lines().anyMatch(l -> java.util.Arrays.stream(parts).allMatch(l::contains));
    }

    private ApprovalsClient.Pending awaitPending(RuntimeServer runtime, Predicate<ApprovalsClient.Pending> which) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            var found = approvals.list(secure(runtime)).pending().stream().filter(which).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no held value within 30 s");
    }

    private ApprovalsClient.Event awaitHistory(RuntimeServer runtime, Predicate<ApprovalsClient.Event> which) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            var found = approvals.list(secure(runtime)).history().stream().filter(which).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no such decision within 30 s: " + approvals.list(secure(runtime)).history());
    }

    private RuntimeServer deployed(Path data, ApprovalSettings settings) throws Exception {
        RuntimeServer runtime = runtime(data, settings);
        String id = target.deploy(secure(runtime), Files.readAllBytes(writer), false);
        target.control(secure(runtime), "Start", id);
        return runtime;
    }

    private RuntimeServer runtime(Path data, ApprovalSettings settings) throws Exception {
        new TrustStore(data.resolve("trusted-keys")).trust(key.getPublic(), "dev");
        RuntimeServer r = RuntimeServer.start(new RuntimeServer.Options("127.0.0.1", freePort(), data, Map.of(ENGINEER, new String(PASSWORD)), 0)
                .withApprovals(settings), new PipelineEngine(List.of(new OnnxRuntimeInferenceEngine())), drivers);
        runtimes.add(r);
        return r;
    }

    private ConnectionSpec secure(RuntimeServer runtime) {
        return RuntimeTestSupport.secure(runtime.endpointUrl(), dir.resolve("client-pki"));
    }

    private ConnectionSpec secureAnonymous(RuntimeServer runtime) {
        return RuntimeTestSupport.secureAnonymous(runtime.endpointUrl(), dir.resolve("client-pki"));
    }
}
