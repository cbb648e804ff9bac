package io.fabrica.deploy.core.tests;

import static io.fabrica.deploy.core.tests.KeysTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabrica.deploy.core.DeploymentPackage;
import io.fabrica.deploy.core.Keys;
import io.fabrica.deploy.core.PackageBuilder;
import io.fabrica.deploy.core.PackageException;
import io.fabrica.deploy.core.PackageManifest;
import io.fabrica.deploy.core.TrustStore;

/** Reading packages: signatures, and every kind of broken or hostile package refused with a message naming the problem. */
class DeploymentPackageTest {

    @TempDir
    Path dir;

    private KeyPair release;
    private TrustStore trust;
    private byte[] signed;

    @BeforeEach
    void signedPackage() throws Exception {
        release = Keys.generate();
        trust = new TrustStore(dir.resolve("trusted"));
        trust.trust(release.getPublic(), "release");
        Path output = dir.resolve("pdm.fpkg");
        PackageBuilder.build(Fixtures.trainedPdm(dir.resolve("project")), output, release.getPrivate(), "edge", 900);
        signed = Files.readAllBytes(output);
    }

    @Test
    void signedPackageVerifiesWithTrustedKey() throws Exception {
        DeploymentPackage pkg = DeploymentPackage.read(signed, trust);
        assertEquals(Optional.of("release"), pkg.signer());
        assertEquals(Fixtures.PDM_ID, pkg.manifest().pipelineId());
        assertTrue(Arrays.equals(signed, pkg.bytes()));
        assertTrue(DeploymentPackage.read(signed, null).signer().isEmpty(), "without trust store nothing is verified");
    }

    @Test
    void unsignedPackageIsRefusedWhenTrustIsRequired() throws Exception {
        Path unsigned = dir.resolve("unsigned.fpkg");
        PackageBuilder.build(dir.resolve("project/models/pdm/pdm.pipeline"), unsigned, null, "edge", 900);
        assertMessage(assertThrows(PackageException.class, () -> DeploymentPackage.read(unsigned, trust)), unsigned + ": is not signed");
        assertEquals(Fixtures.PDM_ID, DeploymentPackage.read(unsigned, null).manifest().pipelineId());
    }

    @Test
    void packageSignedWithAnotherKeyIsRefused() throws Exception {
        TrustStore others = new TrustStore(dir.resolve("others"));
        KeyPair other = Keys.generate();
        others.trust(other.getPublic(), "ci");
        PackageException e = assertThrows(PackageException.class, () -> DeploymentPackage.read(signed, others));
        assertMessage(e, "signature does not verify with any trusted key (fingerprints " + Keys.fingerprint(other.getPublic()));
        assertMessage(e, Keys.fingerprint(release.getPublic()));
    }

    @Test
    void tamperedModelIsRefusedNamingTheEntry() throws Exception {
        Map<String, byte[]> entries = Fixtures.unzip(signed);
        entries.get("pipeline/model.onnx")[3] ^= 1;
        byte[] tampered = Fixtures.zip(entries);
        assertMessage(assertThrows(PackageException.class, () -> DeploymentPackage.read(tampered, trust)),
                "entry 'pipeline/model.onnx' does not match its SHA-256 in the manifest");
        assertMessage(assertThrows(PackageException.class, () -> DeploymentPackage.read(tampered, null)), "pipeline/model.onnx");
    }

    @Test
    void tamperedManifestFailsTheSignature() throws Exception {
        Map<String, byte[]> entries = Fixtures.unzip(signed);
        entries.put(PackageManifest.FILE, new String(entries.get(PackageManifest.FILE), StandardCharsets.UTF_8).replace("\"edge\"", "\"cloud\"")
                .getBytes(StandardCharsets.UTF_8));
        assertMessage(assertThrows(PackageException.class, () -> DeploymentPackage.read(Fixtures.zip(entries), trust)),
                "signature does not verify with any trusted key");
    }

    @Test
    void truncatedPackageIsRefused() throws Exception {
        for (int length : new int[] {signed.length - 1, signed.length - 22, signed.length - 200, signed.length / 2, 100}) {
            byte[] truncated = Arrays.copyOf(signed, length);
            assertMessage(assertThrows(PackageException.class, () -> DeploymentPackage.read(truncated, null), "cut at " + length), "truncated");
        }
    }

    @Test
    void notAZipIsRefused() {
        assertMessage(assertThrows(PackageException.class, () -> DeploymentPackage.read("hello, world".getBytes(), null)), "not a zip file");
        assertMessage(assertThrows(PackageException.class, () -> DeploymentPackage.read(dir.resolve("missing.fpkg"), null)), "no such package file");
    }

    @Test
    void zipSlipEntryIsRefused() throws Exception {
        for (String evil : new String[] {"../evil.sh", "pipeline/../../evil.sh", "/etc/evil", "C:/evil", "pipeline\\..\\evil"}) {
            Map<String, byte[]> entries = Fixtures.unzip(signed);
            entries.put(evil, "boom".getBytes());
            assertMessage(assertThrows(PackageException.class, () -> DeploymentPackage.read(Fixtures.zip(entries), null), evil), "zip-slip");
        }
        assertTrue(Files.notExists(dir.getParent().resolve("evil.sh")));
    }

    @Test
    void missingManifestIsRefused() throws Exception {
        Map<String, byte[]> entries = Fixtures.unzip(signed);
        entries.remove(PackageManifest.FILE);
        assertMessage(assertThrows(PackageException.class, () -> DeploymentPackage.read(Fixtures.zip(entries), null)), "has no manifest.json");
    }

    @Test
    void unlistedEntryIsRefused() throws Exception {
        Map<String, byte[]> entries = Fixtures.unzip(signed);
        entries.put("pipeline/extra.onnx", new byte[] {1});
        assertMessage(assertThrows(PackageException.class, () -> DeploymentPackage.read(Fixtures.zip(entries), trust)),
                "entry 'pipeline/extra.onnx' is not listed in the manifest");
    }

    @Test
    void missingListedEntryIsRefused() throws Exception {
        Map<String, byte[]> entries = Fixtures.unzip(signed);
        entries.remove("plant/demo.plant");
        assertMessage(assertThrows(PackageException.class, () -> DeploymentPackage.read(Fixtures.zip(entries), trust)),
                "entry 'plant/demo.plant' is listed in the manifest but missing");
    }

    @Test
    void zipWhoseDirectoryDisagreesWithItsEntriesIsRefused() {
        byte[] changed = Arrays.copyOf(signed, signed.length);
        changed[changed.length - 12] ^= 1; // the total entry count in the end record (no zip comment)
        assertMessage(assertThrows(PackageException.class, () -> DeploymentPackage.read(changed, null)), "the zip is corrupt");
    }

    @Test
    void unknownFormatIsRefused() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>(Fixtures.unzip(signed));
        entries.remove(PackageManifest.SIGNATURE_FILE);
        entries.put(PackageManifest.FILE, new String(entries.get(PackageManifest.FILE), StandardCharsets.UTF_8).replace("\"format\": 1", "\"format\": 2")
                .getBytes(StandardCharsets.UTF_8));
        assertMessage(assertThrows(PackageException.class, () -> DeploymentPackage.read(Fixtures.zip(entries), null)), "unknown package format 2");
    }

    @Test
    void extractionWritesTheLayout() throws Exception {
        DeploymentPackage pkg = DeploymentPackage.read(signed, trust);
        Path target = dir.resolve("x");
        pkg.extractTo(target);
        for (Map.Entry<String, String> entry : pkg.manifest().entries().entrySet()) {
            assertEquals(entry.getValue(), PackageBuilderTest.sha256(Files.readAllBytes(target.resolve(entry.getKey()))), entry.getKey());
        }
        assertTrue(Files.exists(target.resolve("pipeline/pdm.pipeline")));
    }
}
