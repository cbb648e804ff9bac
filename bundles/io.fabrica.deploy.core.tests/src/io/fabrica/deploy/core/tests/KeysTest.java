package io.fabrica.deploy.core.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyPair;
import java.util.EnumSet;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabrica.deploy.core.Keys;
import io.fabrica.deploy.core.PackageException;
import io.fabrica.deploy.core.TrustStore;

/** Key files, fingerprints and the trust store. */
class KeysTest {

    @TempDir
    Path dir;

    @Test
    void keyPairSurvivesPemFilesAndSigns() throws Exception {
        KeyPair keys = Keys.generate();
        Path privateFile = dir.resolve("keys/release.key");
        Path publicFile = dir.resolve("keys/release.pub");
        Keys.write(keys, privateFile, publicFile);

        assertTrue(Files.readString(privateFile).startsWith("-----BEGIN PRIVATE KEY-----\n"));
        assertTrue(Files.readString(publicFile).startsWith("-----BEGIN PUBLIC KEY-----\n"));
        assertArrayEquals(keys.getPrivate().getEncoded(), Keys.readPrivate(privateFile).getEncoded());
        assertArrayEquals(keys.getPublic().getEncoded(), Keys.readPublic(publicFile).getEncoded());
        byte[] data = "manifest".getBytes();
        byte[] signature = Keys.sign(Keys.readPrivate(privateFile), data);
        assertTrue(Keys.verifies(Keys.readPublic(publicFile), data, signature));
        assertFalse(Keys.verifies(Keys.readPublic(publicFile), "other".getBytes(), signature));
    }

    @Test
    void privateKeyFileIsOwnerOnly() throws Exception {
        Path privateFile = dir.resolve("a.key");
        Keys.write(Keys.generate(), privateFile, dir.resolve("a.pub"));
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), Files.getPosixFilePermissions(privateFile));
        }
    }

    @Test
    void keygenNeverOverwritesAKeyFile() throws Exception {
        Path privateFile = dir.resolve("a.key");
        Path publicFile = dir.resolve("a.pub");
        Keys.write(Keys.generate(), privateFile, publicFile);
        byte[] before = Files.readAllBytes(privateFile);

        PackageException e = assertThrows(PackageException.class, () -> Keys.write(Keys.generate(), privateFile, publicFile));
        assertTrue(e.getMessage().contains(privateFile.toString()) && e.getMessage().contains("already exists"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(privateFile));

        Path newPrivate = dir.resolve("b.key");
        e = assertThrows(PackageException.class, () -> Keys.write(Keys.generate(), newPrivate, publicFile));
        assertTrue(e.getMessage().contains(publicFile.toString()), e.getMessage());
        assertFalse(Files.exists(newPrivate), "nothing is written when one of the files exists");
    }

    @Test
    void unreadableKeyFilesAreNamed() throws Exception {
        Path missing = dir.resolve("missing.key");
        assertMessage(assertThrows(PackageException.class, () -> Keys.readPrivate(missing)), missing + ": no such key file");
        Path garbage = Files.writeString(dir.resolve("garbage.pub"), "hello");
        assertMessage(assertThrows(PackageException.class, () -> Keys.readPublic(garbage)), garbage + ": not a PEM PUBLIC KEY file");
        Path publicFile = dir.resolve("c.pub");
        Keys.write(Keys.generate(), dir.resolve("c.key"), publicFile);
        assertMessage(assertThrows(PackageException.class, () -> Keys.readPrivate(publicFile)), "not a PEM PRIVATE KEY file");
        Path broken = Files.writeString(dir.resolve("broken.key"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        assertMessage(assertThrows(PackageException.class, () -> Keys.readPrivate(broken)), broken + ": not an Ed25519 private key");
    }

    @Test
    void fingerprintIsSixteenHexDigitsOfTheKey() throws Exception {
        KeyPair a = Keys.generate();
        String fingerprint = Keys.fingerprint(a.getPublic());
        assertTrue(fingerprint.matches("[0-9a-f]{16}"), fingerprint);
        assertEquals(fingerprint, Keys.fingerprint(Keys.publicKeyOf(a.getPrivate())));
        assertNotEquals(fingerprint, Keys.fingerprint(Keys.generate().getPublic()));
    }

    @Test
    void publicKeyIsDerivedFromThePrivateKey() throws Exception {
        for (int i = 0; i < 10; i++) {
            KeyPair keys = Keys.generate();
            assertArrayEquals(keys.getPublic().getEncoded(), Keys.publicKeyOf(keys.getPrivate()).getEncoded());
        }
    }

    @Test
    void trustStoreNamesTheKeyThatVerifies() throws Exception {
        TrustStore trust = new TrustStore(dir.resolve("trusted"));
        assertTrue(Files.isDirectory(dir.resolve("trusted")));
        KeyPair release = Keys.generate();
        KeyPair other = Keys.generate();
        trust.trust(other.getPublic(), "ci");
        trust.trust(release.getPublic(), "release");
        trust.trust(release.getPublic(), "release"); // again: nothing changes

        assertEquals(2, trust.keys().size());
        byte[] data = "manifest".getBytes();
        assertEquals(Optional.of("release"), trust.verifier(data, Keys.sign(release.getPrivate(), data)));
        assertEquals(Optional.empty(), trust.verifier(data, Keys.sign(Keys.generate().getPrivate(), data)));
        assertEquals(Optional.empty(), trust.verifier(data, new byte[3]));
        assertEquals(2, new TrustStore(dir.resolve("trusted")).keys().size(), "keys are files");
    }

    @Test
    void trustStoreRefusesToReplaceAKeyOrUseABadName() throws Exception {
        TrustStore trust = new TrustStore(dir.resolve("trusted"));
        trust.trust(Keys.generate().getPublic(), "release");
        assertMessage(assertThrows(PackageException.class, () -> trust.trust(Keys.generate().getPublic(), "release")),
                "already trusts a different key");
        assertMessage(assertThrows(PackageException.class, () -> trust.trust(Keys.generate().getPublic(), "../evil")),
                "not a valid key name");
    }

    static void assertMessage(Exception e, String expected) {
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }
}
