package io.fabrica.deploy.runtime.tests;

import static io.fabrica.deploy.runtime.tests.RuntimeTestSupport.assertRefused;
import static io.fabrica.deploy.runtime.tests.RuntimeTestSupport.drivers;
import static io.fabrica.deploy.runtime.tests.RuntimeTestSupport.freePort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabrica.deploy.api.DeploymentException;
import io.fabrica.deploy.api.DeploymentStatus;
import io.fabrica.deploy.core.Keys;
import io.fabrica.deploy.core.PackageBuilder;
import io.fabrica.deploy.core.TrustStore;
import io.fabrica.deploy.opcua.internal.OpcUaDeploymentTarget;
import io.fabrica.deploy.runtime.RuntimeServer;
import io.fabrica.devices.api.ConnectionSpec;
import io.fabrica.devices.core.DeviceDrivers;
import io.fabrica.devices.sim.SimulatedPlant;
import io.fabrica.pipeline.DecisionStage;
import io.fabrica.pipeline.ModelStage;
import io.fabrica.pipeline.NormalizeStage;
import io.fabrica.pipeline.Pipeline;
import io.fabrica.pipeline.djl.internal.OnnxRuntimeInferenceEngine;
import io.fabrica.pipeline.djl.onnx.OnnxGraphBuilder;
import io.fabrica.pipeline.djl.parity.GoldenSet;
import io.fabrica.pipeline.engine.PipelineEngine;
import io.fabrica.pipeline.resource.PipelineFiles;

/**
 * The runtime as a plant would use it, over OPC UA on loopback with the simulated demo plant as the
 * device: who may deploy, what is refused and why, running deployments and their variables, a failed
 * upgrade that keeps the old version running, rollback, restart recovery, the cycle budget, and a fleet.
 * The deployed pipeline is the PdM demo pipeline with a hand-built ONNX model (speed matters here, not
 * accuracy: training is tested elsewhere).
 */
class RuntimeServerTest {

    private static final String ENGINEER = RuntimeTestSupport.ENGINEER;
    private static final char[] PASSWORD = RuntimeTestSupport.PASSWORD;

    @TempDir
    Path dir;

    private SimulatedPlant sim;
    private final List<RuntimeServer> runtimes = new ArrayList<>();
    private final DeviceDrivers drivers = drivers();
    private final OpcUaDeploymentTarget target = new OpcUaDeploymentTarget(drivers);
    private KeyPair key;
    private Path signed;

    @BeforeEach
    void plantAndPackage() throws Exception {
        sim = RuntimeTestSupport.simulatedDemoPlant(dir.resolve("project"));
        key = Keys.generate();
        Keys.write(key, dir.resolve("dev.key"), dir.resolve("dev.pub"));
        signed = packaged("1", true, key);
    }

    @AfterEach
    void stop() {
        runtimes.forEach(RuntimeServer::close);
        sim.close();
    }

    @Test
    void onlyAnEngineerOnAnEncryptedChannelWithATrustedSignatureMayDeploy() throws Exception {
        RuntimeServer runtime = runtime(dir.resolve("rt"), 0);
        byte[] bytes = Files.readAllBytes(signed);
        assertRefused(() -> target.deploy(ConnectionSpec.anonymous(runtime.endpointUrl()), bytes, false), "needs a SignAndEncrypt channel");
        assertRefused(() -> target.deploy(secureAnonymous(runtime), bytes, false), "engineer role");
        assertRefused(() -> target.deploy(secure(runtime), Files.readAllBytes(packaged("1", false, key)), false), "not signed");
        KeyPair stranger = Keys.generate();
        assertRefused(() -> target.deploy(secure(runtime), Files.readAllBytes(packaged("1", true, stranger)), false), "trusted");
        byte[] tampered = bytes.clone();
        tampered[tampered.length / 2] ^= 0x5a;
        assertRefused(() -> target.deploy(secure(runtime), tampered, false), "");

        String id = target.deploy(secure(runtime), bytes, false);
        assertEquals(1, target.status(secure(runtime)).size());
        String audit = Files.readString(dir.resolve("rt/audit.log"));
        assertEquals(6, audit.lines().count(), "every attempt is audited: " + audit);
        assertTrue(audit.contains("\"user\":\"anonymous\"") && audit.contains("refused") && audit.contains("ok: " + id), audit);
    }

    @Test
    void runningDeploymentDecidesAndPublishesItsVariables() throws Exception {
        RuntimeServer runtime = runtime(dir.resolve("rt"), 0);
        String id = target.deploy(secure(runtime), Files.readAllBytes(signed), false);
        target.control(secure(runtime), "Start", id);
        DeploymentStatus status = awaitDecisions(runtime, id, 10);
        assertEquals("RUNNING", status.state());
        assertEquals("1", status.version());
        assertTrue(status.lastDecision().startsWith("normal") || status.lastDecision().startsWith("anomaly"), status.lastDecision());
        assertTrue(status.latencyP99Micros() > 0, "latency measured: " + status);
        target.control(secure(runtime), "Stop", id);
        assertEquals("STOPPED", status(runtime, id).state());
    }

    @Test
    void failedUpgradeKeepsThePreviousVersionRunningAndRollbackReturnsToIt() throws Exception {
        RuntimeServer runtime = runtime(dir.resolve("rt"), 0);
        String id = target.deploy(secure(runtime), Files.readAllBytes(signed), false);
        target.control(secure(runtime), "Start", id);
        awaitDecisions(runtime, id, 3);

        byte[] broken = Files.readAllBytes(packaged("2-broken", true, key, true));
        assertRefused(() -> target.deploy(secure(runtime), broken, false), "keeps running");
        DeploymentStatus afterFailure = status(runtime, id);
        assertEquals("1", afterFailure.version());
        assertEquals("RUNNING", afterFailure.state());
        long before = afterFailure.decisionCount();
        assertTrue(awaitDecisions(runtime, id, before + 5).decisionCount() > before, "version 1 still decides");

        target.deploy(secure(runtime), Files.readAllBytes(packaged("3", true, key)), false);
        assertEquals("3", status(runtime, id).version());
        target.control(secure(runtime), "Rollback", id);
        assertEquals("1", status(runtime, id).version());
        assertEquals("RUNNING", status(runtime, id).state());
    }

    @Test
    void restartRestoresTheAcknowledgedDeploymentsAndTheirStates() throws Exception {
        Path data = dir.resolve("rt");
        RuntimeServer first = runtime(data, 0);
        String id = target.deploy(secure(first), Files.readAllBytes(signed), false);
        target.control(secure(first), "Start", id);
        awaitDecisions(first, id, 2);
        first.close();
        runtimes.remove(first);

        RuntimeServer second = runtime(data, 0);
        assertEquals(List.of(id), second.running(), "the running deployment is running again");
        assertTrue(awaitDecisions(second, id, 2).decisionCount() >= 2);
    }

    @Test
    void packageSlowerThanTheCycleBudgetIsRefusedWithTheNumbersUnlessForced() throws Exception {
        RuntimeServer runtime = runtime(dir.resolve("rt"), 100);
        byte[] slow = Files.readAllBytes(packaged("1", true, key, false, 2500));
        assertRefused(() -> target.deploy(secure(runtime), slow, false), "needs 2500 µs per decision (p99, measured at evaluation) but this controller's cycle budget is 100 µs");
        assertTrue(!target.deploy(secure(runtime), slow, true).isEmpty(), "forced");
    }

    @Test
    void modelThatDiffersFromItsGoldenOutputsOnThisRuntimeIsNotStarted() throws Exception {
        RuntimeServer runtime = runtime(dir.resolve("rt"), 0);
        String id = target.deploy(secure(runtime), Files.readAllBytes(packaged("1-drifted", true, key, false, Double.NaN, true)), false);
        assertRefused(() -> target.control(secure(runtime), "Start", id), "parity gate failed on this runtime");
        DeploymentStatus status = status(runtime, id);
        assertEquals("FAILED", status.state());
        assertTrue(status.lastError().contains("parity gate failed on this runtime") && status.lastError().contains("model.onnx"), status.lastError());
        assertEquals(0, status.decisionCount());

        // the same model with its true golden outputs starts and decides
        target.deploy(secure(runtime), Files.readAllBytes(packaged("2", true, key, false, Double.NaN, false)), false);
        target.control(secure(runtime), "Start", id);
        assertEquals("RUNNING", awaitDecisions(runtime, id, 3).state());
    }

    @Test
    void fleetDeploysToSeveralRuntimesInParallel() throws Exception {
        List<RuntimeServer> fleet = List.of(runtime(dir.resolve("a"), 0), runtime(dir.resolve("b"), 0), runtime(dir.resolve("c"), 0));
        byte[] bytes = Files.readAllBytes(signed);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<String>> ids = new ArrayList<>();
            for (RuntimeServer r : fleet) {
                ids.add(pool.submit(() -> target.deploy(secure(r), bytes, false)));
            }
            for (Future<String> f : ids) {
                assertEquals(ids.get(0).get(), f.get(), "the same deployment everywhere");
            }
        } finally {
            pool.shutdownNow();
        }
        for (RuntimeServer r : fleet) {
            assertEquals(1, target.status(secure(r)).size());
        }
    }

    // --- helpers ---

    private RuntimeServer runtime(Path data, double budget) throws Exception {
        new TrustStore(data.resolve("trusted-keys")).trust(key.getPublic(), "dev");
        RuntimeServer r = RuntimeServer.start(new RuntimeServer.Options("127.0.0.1", freePort(), data, Map.of(ENGINEER, new String(PASSWORD)),
                budget), new PipelineEngine(List.of(new OnnxRuntimeInferenceEngine())), drivers);
        runtimes.add(r);
        return r;
    }

    private ConnectionSpec secure(RuntimeServer runtime) {
        return RuntimeTestSupport.secure(runtime.endpointUrl(), dir.resolve("client-pki"));
    }

    private ConnectionSpec secureAnonymous(RuntimeServer runtime) {
        return RuntimeTestSupport.secureAnonymous(runtime.endpointUrl(), dir.resolve("client-pki"));
    }

    private DeploymentStatus status(RuntimeServer runtime, String id) throws DeploymentException {
        return RuntimeTestSupport.status(target, secure(runtime), id);
    }

    private DeploymentStatus awaitDecisions(RuntimeServer runtime, String id, long count) throws Exception {
        return RuntimeTestSupport.awaitDecisions(target, secure(runtime), id, count);
    }

    private Path packaged(String version, boolean sign, KeyPair signer) throws Exception {
        return packaged(version, sign, signer, false, Double.NaN);
    }

    private Path packaged(String version, boolean sign, KeyPair signer, boolean brokenModel) throws Exception {
        return packaged(version, sign, signer, brokenModel, Double.NaN);
    }

    /** The PdM demo pipeline, "trained" with a hand-built model: an autoencoder whose error is 0.01 * x^2 per feature. */
    private Path packaged(String version, boolean sign, KeyPair signer, boolean brokenModel, double latency) throws Exception {
        return packaged(version, sign, signer, brokenModel, latency, false);
    }

    /**
     * @param drifted whether the model's {@code golden.json} expects other outputs than the model computes (as if
     *        the runtime's engine computed differently from the machine it was trained on)
     */
    private Path packaged(String version, boolean sign, KeyPair signer, boolean brokenModel, double latency, boolean drifted) throws Exception {
        Path models = dir.resolve("project/models/v" + version + (sign ? "" : "-unsigned") + "-" + Math.abs(signer.hashCode()));
        Files.createDirectories(models);
        Pipeline pipeline = PipelineFiles.load(dir.resolve("project/pdm.pipeline"));
        pipeline.setVersion(version);
        ModelStage model = (ModelStage) pipeline.getStages().stream().filter(ModelStage.class::isInstance).findFirst().orElseThrow();
        model.setModelFile("model.onnx");
        NormalizeStage normalize = (NormalizeStage) pipeline.getStages().stream().filter(NormalizeStage.class::isInstance).findFirst().orElseThrow();
        for (int i = 0; i < 15; i++) {
            normalize.getMeans().add(0.0);
            normalize.getDeviations().add(i < 13 ? 10.0 : 50.0);
        }
        ((DecisionStage) pipeline.getStages().stream().filter(DecisionStage.class::isInstance).findFirst().orElseThrow()).setThreshold(1e6);
        Path onnx = models.resolve("model.onnx");
        if (brokenModel) {
            Files.write(onnx, new byte[] {8, 7, 1, 2, 3});
        } else {
            float[] w = new float[15 * 15];
            for (int i = 0; i < 15; i++) {
                w[i * 15 + i] = 0.1f;
            }
            new OnnxGraphBuilder("ae").input("input", -1, 15).initializer("W", w, 15, 15)
                    .node("MatMul", List.of("input", "W"), List.of("scaled")).node("Mul", List.of("scaled", "scaled"), List.of("error"))
                    .output("error", -1, 15).write(onnx);
        }
        if (!brokenModel) {
            float[] ones = new float[15];
            java.util.Arrays.fill(ones, 1f);
            GoldenSet golden = GoldenSet.record(onnx, new int[] {15}, new int[] {15}, List.of(ones), "test");
            if (drifted) {
                float[] other = golden.samples().get(0).expected().clone();
                other[3] += 0.5f;
                golden = new GoldenSet(golden.model(), golden.inputName(), golden.outputName(), golden.inputShape(), golden.outputShape(),
                        golden.absoluteTolerance(), golden.relativeTolerance(), golden.origin(),
                        List.of(new GoldenSet.Sample(golden.samples().get(0).input(), other)));
                Files.writeString(models.resolve(GoldenSet.FILE), new com.google.gson.Gson().toJson(golden));
            }
        }
        pipeline.eResource().setURI(org.eclipse.emf.common.util.URI.createFileURI(models.resolve("pdm.pipeline").toString()));
        PipelineFiles.save(pipeline, models.resolve("pdm.pipeline"));
        Path out = models.resolve("pdm-" + version + ".fpkg");
        PackageBuilder.build(models.resolve("pdm.pipeline"), out, sign ? signer.getPrivate() : null, "edge", latency);
        return out;
    }

}
