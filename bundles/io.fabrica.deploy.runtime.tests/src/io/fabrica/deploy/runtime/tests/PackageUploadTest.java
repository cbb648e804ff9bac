package io.fabrica.deploy.runtime.tests;

import static io.fabrica.deploy.runtime.tests.RuntimeTestSupport.assertRefused;
import static io.fabrica.deploy.runtime.tests.RuntimeTestSupport.drivers;
import static io.fabrica.deploy.runtime.tests.RuntimeTestSupport.freePort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabrica.deploy.api.DeploymentException;
import io.fabrica.deploy.api.DeploymentStatus;
import io.fabrica.deploy.core.Keys;
import io.fabrica.deploy.core.PackageBuilder;
import io.fabrica.deploy.core.TrustStore;
import io.fabrica.deploy.opcua.RuntimeNodes;
import io.fabrica.deploy.opcua.UploadProgress;
import io.fabrica.deploy.opcua.internal.OpcUaDeploymentTarget;
import io.fabrica.deploy.runtime.RuntimeServer;
import io.fabrica.devices.api.ConnectionSpec;
import io.fabrica.devices.core.DeviceDrivers;
import io.fabrica.devices.sim.SimulatedPlant;
import io.fabrica.opcua.server.TemporaryFileTransfer;
import io.fabrica.pipeline.DecisionStage;
import io.fabrica.pipeline.ModelStage;
import io.fabrica.pipeline.NormalizeStage;
import io.fabrica.pipeline.Pipeline;
import io.fabrica.pipeline.djl.internal.OnnxRuntimeInferenceEngine;
import io.fabrica.pipeline.djl.onnx.OnnxGraphBuilder;
import io.fabrica.pipeline.engine.PipelineEngine;
import io.fabrica.pipeline.resource.PipelineFiles;

/**
 * Packages uploaded in chunks through the runtime's TemporaryFileTransferType object, over SignAndEncrypt on
 * loopback: a package over 100 MB (a real ONNX model that runs, made large by 100 MB of incompressible data in
 * the model's doc string) is deployed and makes decisions; an upload cut off in the middle leaves the previous
 * version running and, after the upload timeout, no file behind; an upload whose connection dropped continues
 * from where the runtime got to; bytes that do not match the announced SHA-256 are refused naming the hash
 * mismatch; the size and concurrency limits refuse with their numbers.
 */
class PackageUploadTest {

    private static final String ENGINEER = RuntimeTestSupport.ENGINEER;
    private static final char[] PASSWORD = RuntimeTestSupport.PASSWORD;
    private static final long LARGE = 100L << 20;
    private static final Duration UPLOAD_TIMEOUT = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    private SimulatedPlant sim;
    private final List<RuntimeServer> runtimes = new ArrayList<>();
    private final DeviceDrivers drivers = drivers();
    private final OpcUaDeploymentTarget target = new OpcUaDeploymentTarget(drivers);
    private KeyPair key;

    @BeforeEach
    void plant() throws Exception {
        sim = RuntimeTestSupport.simulatedDemoPlant(dir.resolve("project"));
        key = Keys.generate();
    }

    @AfterEach
    void stop() {
        runtimes.forEach(RuntimeServer::close);
        sim.close();
    }

    @Test
    void largePackageSurvivesACutAndADroppedConnectionAndRunsWhileTheOldVersionKeptRunning() throws Exception {
        Path data = dir.resolve("rt");
        RuntimeServer runtime = runtime(data, new TemporaryFileTransfer.Limits(512L << 20, 2, 1 << 20, UPLOAD_TIMEOUT));
        String id = target.deploy(secure(runtime), packaged("1", 0), false, UploadProgress.NONE);
        target.control(secure(runtime), "Start", id);
        awaitDecisions(runtime, id, 3);

        Path large = packaged("2", LARGE);
        long size = Files.size(large);
        assertTrue(size > LARGE, "the package is over 100 MB: " + size);

        // cut off at 40 %, as a killed client would be: no Close, no commit
        assertThrows(Cut.class, () -> target.deploy(secure(runtime), large, false, cutAt(size * 4 / 10)));
        assertEquals(1, uploadFiles(data).size(), "the partial upload is on disk while it may still resume");
        DeploymentStatus during = status(runtime, id);
        assertEquals("1", during.version());
        assertTrue(awaitDecisions(runtime, id, during.decisionCount() + 3).state().equals("RUNNING"), "version 1 keeps deciding");
        awaitNoUploadFiles(data);

        // dropped at 50 %, then deployed again: the upload continues where the runtime got to
        assertThrows(Cut.class, () -> target.deploy(secure(runtime), large, false, cutAt(size / 2)));
        Recorder again = new Recorder();
        long start = System.nanoTime();
        String deployed = target.deploy(secure(runtime), large, false, again);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(id, deployed);
        assertTrue(again.resumedAt.get() >= size / 2 - (1 << 20), "resumed from the runtime's offset, not from 0: " + again.resumedAt);
        assertEquals(size, again.last.get());
        System.out.printf(Locale.ROOT, "upload: %.1f MB resumed at %.1f MB, rest sent in %.2f s (%.1f MB/s, SignAndEncrypt, loopback)%n", size / 1e6,
                again.resumedAt.get() / 1e6, seconds, (size - again.resumedAt.get()) / 1e6 / seconds);
        DeploymentStatus upgraded = status(runtime, id);
        assertEquals("2", upgraded.version(), "the large version is current: " + upgraded);
        DeploymentStatus running = awaitDecisions(runtime, id, upgraded.decisionCount() + 3);
        assertEquals("RUNNING", running.state(), "the large model runs and decides: " + running);
        assertEquals(List.of(), uploadFiles(data), "the committed upload left no file");
    }

    @Test
    void bytesThatDoNotMatchTheAnnouncedHashAreRefusedAndNothingIsInstalled() throws Exception {
        Path data = dir.resolve("rt");
        RuntimeServer runtime = runtime(data, new TemporaryFileTransfer.Limits(64L << 20, 2, 64 << 10, UPLOAD_TIMEOUT));
        byte[] original = Files.readAllBytes(packaged("1", 300_000));
        byte[] tampered = original.clone();
        tampered[tampered.length / 2] ^= 0x5a; // one chunk changed on the way
        DeploymentException e = assertThrows(DeploymentException.class, () -> target.deployAnnouncing(secure(runtime), tampered,
                java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(original))));
        assertTrue(e.getMessage().contains("hash mismatch") && e.getMessage().contains("SHA-256"), e.getMessage());
        assertEquals(List.of(), target.status(secure(runtime)), "nothing installed");
        assertEquals(List.of(), uploadFiles(data), "no file left");
        assertTrue(Files.readString(data.resolve("audit.log")).contains("hash mismatch"), "audited");
    }

    @Test
    void sizeAndConcurrencyLimitsRefuseWithTheirNumbersAndOnlyEngineersUpload() throws Exception {
        RuntimeServer runtime = runtime(dir.resolve("rt"), new TemporaryFileTransfer.Limits(1L << 20, 1, 64 << 10, UPLOAD_TIMEOUT));
        Path big = packaged("1", 2L << 20);
        assertRefused(() -> target.deploy(secure(runtime), big, false, UploadProgress.NONE), "this server takes 1 to 1048576 bytes");
        Path small = packaged("1", 200_000);
        assertThrows(Cut.class, () -> target.deploy(secure(runtime), small, false, cutAt(1)));
        Path other = packaged("2", 200_000);
        assertRefused(() -> target.deploy(secure(runtime), other, false, UploadProgress.NONE), "1 uploads are in progress");
        assertRefused(() -> target.deploy(secureAnonymous(runtime), other, false, UploadProgress.NONE), "engineer role");
        assertRefused(() -> target.deploy(ConnectionSpec.anonymous(runtime.endpointUrl()), other, false, UploadProgress.NONE),
                "needs a SignAndEncrypt channel");
        assertTrue(!target.deploy(secure(runtime), small, false, UploadProgress.NONE).isEmpty(), "the cut upload still completes");
    }

    // --- helpers ---

    /** Thrown by a progress listener to cut an upload off, as a killed client or a dropped connection would. */
    private static final class Cut extends RuntimeException {
        Cut(long at) {
            super("cut at " + at);
        }
    }

    private static UploadProgress cutAt(long bytes) {
        return (sent, total) -> {
            if (sent >= bytes) {
                throw new Cut(sent);
            }
        };
    }

    private static final class Recorder implements UploadProgress {
        final AtomicLong resumedAt = new AtomicLong(-1);
        final AtomicLong last = new AtomicLong();

        @Override
        public void progress(long sent, long total) {
            last.set(sent);
        }

        @Override
        public void resumed(long offset, long total) {
            resumedAt.set(offset);
        }
    }

    private static List<Path> uploadFiles(Path data) throws IOException {
        Path folder = data.resolve(RuntimeNodes.UPLOAD_FOLDER);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }

    private static void awaitNoUploadFiles(Path data) throws Exception {
        long deadline = System.nanoTime() + UPLOAD_TIMEOUT.multipliedBy(5).toNanos();
        while (!uploadFiles(data).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(List.of(), uploadFiles(data), "the abandoned upload is deleted after the upload timeout");
    }

    private RuntimeServer runtime(Path data, TemporaryFileTransfer.Limits limits) throws Exception {
        new TrustStore(data.resolve("trusted-keys")).trust(key.getPublic(), "dev");
        RuntimeServer r = RuntimeServer.start(new RuntimeServer.Options("127.0.0.1", freePort(), data, Map.of(ENGINEER, new String(PASSWORD)), 0)
                .withUploads(limits), new PipelineEngine(List.of(new OnnxRuntimeInferenceEngine())), drivers);
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

    /**
     * The PdM demo pipeline with a hand-built autoencoder (error 0.01 * x^2 per feature), its ONNX file grown by
     * {@code padding} random bytes in the model's doc string (ONNX Runtime loads and runs it unchanged; random so
     * the zip cannot shrink it).
     */
    private Path packaged(String version, long padding) throws Exception {
        Path models = dir.resolve("project/models/v" + version + "-" + padding);
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
        float[] w = new float[15 * 15];
        for (int i = 0; i < 15; i++) {
            w[i * 15 + i] = 0.1f;
        }
        new OnnxGraphBuilder("ae").input("input", -1, 15).initializer("W", w, 15, 15)
                .node("MatMul", List.of("input", "W"), List.of("scaled")).node("Mul", List.of("scaled", "scaled"), List.of("error"))
                .output("error", -1, 15).write(onnx);
        if (padding > 0) {
            padDocString(onnx, padding);
        }
        pipeline.eResource().setURI(org.eclipse.emf.common.util.URI.createFileURI(models.resolve("pdm.pipeline").toString()));
        PipelineFiles.save(pipeline, models.resolve("pdm.pipeline"));
        Path out = models.resolve("pdm-" + version + ".fpkg");
        PackageBuilder.build(models.resolve("pdm.pipeline"), out, key.getPrivate(), "edge", Double.NaN);
        return out;
    }

    /** Appends ModelProto field 6 (doc_string, length-delimited) holding random bytes: protobuf keeps the last value of a field. */
    static void padDocString(Path onnx, long bytes) throws IOException {
        try (OutputStream out = Files.newOutputStream(onnx, StandardOpenOption.APPEND)) {
            out.write(6 << 3 | 2);
            for (long v = bytes; ; v >>>= 7) {
                if (v < 0x80) {
                    out.write((int) v);
                    break;
                }
                out.write((int) (v & 0x7F) | 0x80);
            }
            Random random = new Random(42);
            byte[] block = new byte[1 << 20];
            for (long left = bytes; left > 0; left -= block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, left));
            }
        }
    }

}
