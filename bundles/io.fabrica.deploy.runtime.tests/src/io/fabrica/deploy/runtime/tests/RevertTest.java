package io.fabrica.deploy.runtime.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabrica.deploy.runtime.ApprovalSettings;
import io.fabrica.deploy.runtime.internal.Approvals;
import io.fabrica.deploy.runtime.internal.AuditLog;
import io.fabrica.examples.Examples;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.plant.ProcessParameter;
import io.fabrica.model.resource.ElementPaths;
import io.fabrica.model.resource.PlantFiles;
import io.fabrica.opcua.server.MethodCall.Caller;
import io.fabrica.pipeline.api.Recommendation;
import io.fabrica.pipeline.engine.CompileOptions;
import io.fabrica.pipeline.engine.CompiledPipeline;
import io.fabrica.pipeline.engine.PipelineEngine;
import io.fabrica.pipeline.engine.WriteSettings;
import io.fabrica.pipeline.engine.stages.WriteSinkKernel;
import io.fabrica.pipeline.resource.PipelineBuilder;

/**
 * The quality watch after an approved write: when the predictions that follow the change are worse than the
 * prediction before it by more than the margin, the runtime writes the previous value back through the guard
 * and audits it; when they are not, the change stays. The recommendation stage is played by offering values
 * with their reasons to the write sink, as that stage does.
 */
class RevertTest {

    private static final Caller ENGINEER = new Caller("SignAndEncrypt", "http://opcfoundation.org/UA/SecurityPolicy#Basic256Sha256", "eng");

    @TempDir
    Path dir;

    private final List<Double> written = new CopyOnWriteArrayList<>();

    @Test
    void worsePredictedQualityAfterAnApprovedWriteSetsThePreviousValueBack() throws Exception {
        try (Fixture f = new Fixture()) {
            f.sink.offer(1100, 1_000, rec(1000, 2.0));
            String id = f.pendingId();
            f.approvals.approve(ENGINEER, id);
            assertEquals(List.of(1100.0), written);
            for (int part = 0; part < 3; part++) {
                f.sink.offer(1150, 10_000 + part * 1_000, rec(1100, 2.5)); // predicted now 2.5 > 2.0 + 10 %
            }
            awaitWrites(2);
            assertEquals(List.of(1100.0, 1000.0), written, "the previous value is written back");
            String audit = Files.readString(dir.resolve("audit.log"));
            assertTrue(audit.lines().anyMatch(l -> l.contains("\"operation\":\"Revert\"") && l.contains("set back to 1000.0") && l.contains("ok:")),
                    audit);
        }
    }

    @Test
    void predictionsWithinTheMarginKeepTheChange() throws Exception {
        try (Fixture f = new Fixture()) {
            f.sink.offer(1100, 1_000, rec(1000, 2.0));
            f.approvals.approve(ENGINEER, f.pendingId());
            for (int part = 0; part < 6; part++) {
                f.sink.offer(1150, 10_000 + part * 1_000, rec(1100, 2.1)); // 5 % worse: inside the margin
            }
            Thread.sleep(300); // a revert would run on the approvals' worker
            assertEquals(List.of(1100.0), written, "the change stays");
        }
    }

    private void awaitWrites(int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (written.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private static Recommendation rec(double current, double predictedNow) {
        return new Recommendation(current, "Surface Roughness [um]", predictedNow, predictedNow - 0.3, predictedNow - 0.5, predictedNow - 0.1, 0.05,
                List.of("feed rate drives roughness"));
    }

    /** The feed rate's write sink followed by an approvals store: 3 predictions, 10 % margin, no rate limit. */
    private final class Fixture implements AutoCloseable {
        final Approvals approvals;
        final CompiledPipeline graph;
        final WriteSinkKernel sink;

        Fixture() throws Exception {
            Enterprise plant = PlantFiles.load(Examples.copyDemoProject(dir.resolve("project")));
            ProcessParameter feed = (ProcessParameter) RuntimeTestSupport.named(plant, "Feed Rate");
            PipelineBuilder b = new PipelineBuilder("recommend");
            b.connect(b.source("Current", RuntimeTestSupport.named(plant, "Motor Current")), b.write("Set feed", feed));
            graph = new PipelineEngine(List.of()).compile(b.pipeline(), dir, CompileOptions.full().withWrites(WriteSettings.DEFAULTS.withMinInterval(
                    Duration.ZERO)));
            graph.setParameterWriter((path, value) -> written.add(value));
            ApprovalSettings settings = ApprovalSettings.DEFAULTS.withMinWriteInterval(Duration.ZERO).withRevert(0.10, 3);
            approvals = new Approvals(settings, Map.of("eng", "pw"), new AuditLog(dir.resolve("audit.log")), Clock.systemUTC());
            approvals.attach("d1", graph);
            sink = graph.writeSink(ElementPaths.pathOf(feed));
        }

        String pendingId() {
            String json = approvals.pendingJson();
            return json.replaceFirst("(?s).*?\"id\":\"([0-9a-f]{6})\".*", "$1");
        }

        @Override
        public void close() {
            approvals.close();
            graph.close();
        }
    }
}
