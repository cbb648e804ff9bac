package io.fabrica.deploy.core.tests;

import static io.fabrica.deploy.core.tests.KeysTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabrica.deploy.core.DeploymentPackage;
import io.fabrica.deploy.core.Keys;
import io.fabrica.deploy.core.PackageBuilder;
import io.fabrica.deploy.core.PackageException;
import io.fabrica.deploy.core.PackageManifest;
import io.fabrica.deploy.core.RequiredSignal;
import io.fabrica.deploy.core.TrustStore;
import io.fabrica.model.resource.PlantFiles;
import io.fabrica.pipeline.ModelStage;
import io.fabrica.pipeline.Pipeline;
import io.fabrica.pipeline.SignalSource;
import io.fabrica.pipeline.resource.PipelineFiles;

/** Building packages from trained pipelines: content, manifest, layout and refusals. */
class PackageBuilderTest {

    private static final String SPINDLE = "Fabrica Demo Works/Suzhou/Machining/Spindle Line 1/Machining Cell/CNC Mill 1/Spindle/";

    @TempDir
    Path dir;

    @Test
    void packageRoundTripKeepsPipelineModelAndPlant() throws Exception {
        Path trained = Fixtures.trainedPdm(dir);
        byte[] trainedBefore = Files.readAllBytes(trained);
        KeyPair keys = Keys.generate();
        Path output = dir.resolve("out/pdm.fpkg");

        PackageManifest manifest = PackageBuilder.build(trained, output, keys.getPrivate(), "edge", 850.5);

        assertArrayEquals(trainedBefore, Files.readAllBytes(trained), "the trained pipeline is not modified");
        assertEquals(1, manifest.format());
        assertEquals(Fixtures.PDM_ID, manifest.pipelineId());
        assertEquals("Spindle Bearing PdM", manifest.pipelineName());
        assertEquals("1", manifest.version());
        assertNotNull(Instant.parse(manifest.created()));
        assertEquals(Set.of("pipeline/pdm.pipeline", "pipeline/model.onnx", "pipeline/model.json", "pipeline/model-0000.params", "plant/demo.plant"),
                manifest.entries().keySet());
        assertEquals(sha256(Files.readAllBytes(dir.resolve("models/pdm/model.onnx"))), manifest.entries().get("pipeline/model.onnx"));
        assertEquals(Set.of("OnnxRuntime"), manifest.engines());
        assertEquals("edge", manifest.tier());
        assertEquals(850.5, manifest.latencyP99Micros());
        assertEquals(Keys.fingerprint(keys.getPublic()), manifest.signer());
        assertEquals(List.of(
                signal("Vibration", "NumberArray", "m/s2"),
                signal("Bearing Temperature", "Double", "Cel"),
                signal("Motor Current", "Double", "A")), manifest.signals());

        TrustStore trust = new TrustStore(dir.resolve("trusted"));
        trust.trust(keys.getPublic(), "release");
        DeploymentPackage pkg = DeploymentPackage.read(output, trust);
        assertEquals(manifest, pkg.manifest());
        assertEquals("pipeline/pdm.pipeline", pkg.pipelineEntry());
        assertEquals(sha256(Files.readAllBytes(output)), pkg.sha256());
        assertExtractedPipelineUsesPackagedPlant(pkg, dir.resolve("extracted"));
    }

    private static RequiredSignal signal(String name, String dataType, String unit) {
        return new RequiredSignal(SPINDLE + name, dataType, unit, "opc.tcp://localhost:4840/fabrica/demo",
                "nsu=urn:fabrica:demo:spindle-line;s=Spindle Line 1/Machining Cell/CNC Mill 1/Spindle/" + name);
    }

    private static void assertExtractedPipelineUsesPackagedPlant(DeploymentPackage pkg, Path folder) throws Exception {
        pkg.extractTo(folder);
        Path pipelineFile = folder.resolve(pkg.pipelineEntry());
        assertTrue(Files.readString(pipelineFile).contains("signal=\"../plant/demo.plant#"), "hrefs point into the packaged plant");
        Pipeline pipeline = PipelineFiles.load(pipelineFile);
        List<SignalSource> sources = pipeline.getStages().stream().filter(SignalSource.class::isInstance).map(SignalSource.class::cast).toList();
        assertEquals(3, sources.size());
        for (SignalSource source : sources) {
            assertFalse(source.getSignal().eIsProxy(), source.getName() + " resolves");
            assertEquals(PlantFiles.uriOf(folder.resolve("plant/demo.plant")), source.getSignal().eResource().getURI());
        }
        ModelStage model = Fixtures.modelStage(pipeline);
        assertEquals("model.onnx", model.getModelFile());
        assertArrayEquals("onnx placeholder v1".getBytes(), Files.readAllBytes(pipelineFile.resolveSibling(model.getModelFile())));
        assertTrue(Files.exists(folder.resolve("manifest.json")) && Files.exists(folder.resolve("manifest.sig")));
    }

    @Test
    void unsignedPackageWithUnknownLatencyLeavesBothOut() throws Exception {
        Path output = dir.resolve("pdm.fpkg");
        PackageManifest manifest = PackageBuilder.build(Fixtures.trainedPdm(dir), output, null, null, Double.NaN);

        DeploymentPackage pkg = DeploymentPackage.read(output, null);
        assertEquals("", pkg.manifest().signer());
        assertEquals("", pkg.manifest().tier());
        assertTrue(Double.isNaN(pkg.manifest().latencyP99Micros()));
        assertEquals(manifest, pkg.manifest());
        String json = new String(Fixtures.unzip(Files.readAllBytes(output)).get(PackageManifest.FILE), StandardCharsets.UTF_8);
        assertFalse(json.contains("latencyP99Micros"), json);
        assertFalse(Fixtures.unzip(Files.readAllBytes(output)).containsKey(PackageManifest.SIGNATURE_FILE));
        assertTrue(pkg.signer().isEmpty());
    }

    @Test
    void entriesAreInAFixedOrder() throws Exception {
        Path trained = Fixtures.trainedPdm(dir);
        PackageBuilder.build(trained, dir.resolve("a.fpkg"), Keys.generate().getPrivate(), "edge", 1);
        List<String> expected = List.of("manifest.json", "manifest.sig", "pipeline/model-0000.params", "pipeline/model.json", "pipeline/model.onnx",
                "pipeline/pdm.pipeline", "plant/demo.plant");
        assertEquals(expected, List.copyOf(Fixtures.unzip(Files.readAllBytes(dir.resolve("a.fpkg"))).keySet()));
        PackageBuilder.build(trained, dir.resolve("b.fpkg"), Keys.generate().getPrivate(), "edge", 1);
        assertEquals(expected, List.copyOf(Fixtures.unzip(Files.readAllBytes(dir.resolve("b.fpkg"))).keySet()));
    }

    @Test
    void untrainedPipelineIsRefused() throws Exception {
        Fixtures.trainedPdm(dir);
        Path output = dir.resolve("pdm.fpkg");
        PackageException e = assertThrows(PackageException.class, () -> PackageBuilder.build(dir.resolve("pdm.pipeline"), output, null, "edge", 1));
        assertMessage(e, "has no model file: the pipeline is not trained");
        assertMessage(e, "pdm.pipeline");
        assertFalse(Files.exists(output));
    }

    @Test
    void missingModelFileIsRefused() throws Exception {
        Path trained = Fixtures.trainedPdm(dir);
        Files.delete(trained.resolveSibling("model.onnx"));
        PackageException e = assertThrows(PackageException.class, () -> PackageBuilder.build(trained, dir.resolve("x.fpkg"), null, "edge", 1));
        assertMessage(e, "model.onnx, which does not exist");
    }

    @Test
    void missingPlantFileIsRefused() throws Exception {
        Path trained = Fixtures.trainedPdm(dir);
        Files.delete(dir.resolve("demo.plant"));
        PackageException e = assertThrows(PackageException.class, () -> PackageBuilder.build(trained, dir.resolve("x.fpkg"), null, "edge", 1));
        assertMessage(e, "cannot be resolved");
    }

    @Test
    void failedBuildKeepsThePreviousPackage() throws Exception {
        Path trained = Fixtures.trainedPdm(dir);
        Path output = dir.resolve("pdm.fpkg");
        PackageBuilder.build(trained, output, null, "edge", 1);
        byte[] before = Files.readAllBytes(output);
        Files.delete(trained.resolveSibling("model.onnx"));
        assertThrows(PackageException.class, () -> PackageBuilder.build(trained, output, null, "edge", 2));
        assertArrayEquals(before, Files.readAllBytes(output));
    }

    static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
