package io.fabrica.deploy.core;

import io.fabrica.core.files.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * Ed25519 signing keys for deployment packages: generation, PEM files (PKCS#8 {@code PRIVATE KEY},
 * X.509 {@code PUBLIC KEY}), fingerprints, signing and verifying.
 *
 * <p>Key files are never overwritten: {@link #write} refuses when either file exists, so a second
 * {@code fabrica keygen} cannot destroy the key that released packages were signed with. The private
 * key file is created with owner-only permissions where the file system has POSIX permissions.
 *
 * <p>Errors: every failure is a {@link PackageException} naming the file and the problem.
 */
public final class Keys {

    /** The signature algorithm of packages. */
    public static final String ALGORITHM = "Ed25519";

    private static final String PRIVATE_LABEL = "PRIVATE KEY";
    private static final String PUBLIC_LABEL = "PUBLIC KEY";

    private Keys() {
    }

    /** @return a new Ed25519 key pair */
    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no Ed25519", e);
        }
    }

    /**
     * Writes a key pair as two PEM files. Neither file may exist.
     *
     * @param keys the key pair
     * @param privateKeyFile receives the PKCS#8 private key, owner-only where POSIX is available
     * @param publicKeyFile receives the X.509 public key
     * @throws PackageException if a file exists (nothing is written then) or cannot be written (a
     *         private key file written by this call is removed again)
     */
    public static void write(KeyPair keys, Path privateKeyFile, Path publicKeyFile) throws PackageException {
        refuseExisting(privateKeyFile);
        refuseExisting(publicKeyFile);
        writeNew(privateKeyFile, pem(PRIVATE_LABEL, keys.getPrivate().getEncoded()), true);
        try {
            writeNew(publicKeyFile, pem(PUBLIC_LABEL, keys.getPublic().getEncoded()), false);
        } catch (PackageException e) {
            // a private key without its public half is useless and would block the next attempt
            try {
                Files.deleteIfExists(privateKeyFile);
            } catch (IOException ignored) {
                e.addSuppressed(ignored);
            }
            throw e;
        }
    }

    /**
     * @param file a PEM file with a PKCS#8 Ed25519 private key
     * @return the key
     * @throws PackageException if the file is missing, not PEM or not an Ed25519 private key
     */
    public static PrivateKey readPrivate(Path file) throws PackageException {
        byte[] der = readPem(file, PRIVATE_LABEL);
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new PackageException(file + ": not an Ed25519 private key (" + e.getMessage() + ")", e);
        }
    }

    /**
     * @param file a PEM file with an X.509 Ed25519 public key
     * @return the key
     * @throws PackageException if the file is missing, not PEM or not an Ed25519 public key
     */
    public static PublicKey readPublic(Path file) throws PackageException {
        byte[] der = readPem(file, PUBLIC_LABEL);
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new PackageException(file + ": not an Ed25519 public key (" + e.getMessage() + ")", e);
        }
    }

    /**
     * @param key a public key
     * @return the first 16 hex digits of the SHA-256 of its X.509 encoding
     */
    public static String fingerprint(PublicKey key) {
        return sha256Hex(key.getEncoded()).substring(0, 16);
    }

    /** The DER header of an Ed25519 SubjectPublicKeyInfo (RFC 8410), before the 32 key bytes. */
    private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    /**
     * The public half of an Ed25519 private key (derived by Bouncy Castle). The JDK cannot derive it, but a package names its
     * signer by the public key's fingerprint while the builder is given only the private key.
     *
     * @param key an Ed25519 private key
     * @return its public key
     * @throws PackageException if the key is not an Ed25519 key with its seed available
     */
    public static PublicKey publicKeyOf(PrivateKey key) throws PackageException {
        if (!(key instanceof EdECPrivateKey ed) || !NamedParameterSpec.ED25519.getName().equalsIgnoreCase(ed.getParams().getName())
                || ed.getBytes().isEmpty()) {
            throw new PackageException("the signing key is not an Ed25519 private key (" + key.getAlgorithm() + ")");
        }
        // Bouncy Castle derives the public point (RFC 8032); the JDK's provider cannot
        byte[] encoded = new Ed25519PrivateKeyParameters(ed.getBytes().get(), 0).generatePublicKey().getEncoded();
        byte[] spki = new byte[ED25519_SPKI_PREFIX.length + encoded.length];
        System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
        System.arraycopy(encoded, 0, spki, ED25519_SPKI_PREFIX.length, encoded.length);
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new PackageException("cannot derive the public key of the signing key: " + e.getMessage(), e);
        }
    }

    /**
     * @param key an Ed25519 private key
     * @param data the bytes to sign
     * @return the 64-byte Ed25519 signature
     * @throws PackageException if the key is not usable for Ed25519
     */
    public static byte[] sign(PrivateKey key, byte[] data) throws PackageException {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(key);
            signature.update(data);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new PackageException("cannot sign with the given key: " + e.getMessage(), e);
        }
    }

    /**
     * @param key an Ed25519 public key
     * @param data the signed bytes
     * @param signature the signature
     * @return whether the signature is valid for the data and key; {@code false} for malformed input
     */
    public static boolean verifies(PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(data);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** @return the lower-case hex SHA-256 of the bytes */
    static String sha256Hex(byte[] data) {
        return HexFormat.of().formatHex(sha256().digest(data));
    }

    /** @return a fresh SHA-256 digest */
    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no SHA-256", e);
        }
    }

    /** @return the X.509 PEM text of a public key, as in public key files */
    static String publicPem(PublicKey key) {
        return pem(PUBLIC_LABEL, key.getEncoded());
    }

    /** @return the PEM text of a DER encoding */
    static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    /** @return the DER bytes of the first PEM block with the label */
    static byte[] readPem(Path file, String label) throws PackageException {
        if (!Files.isRegularFile(file)) {
            throw new PackageException(file + ": no such key file");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new PackageException(file + ": cannot read the key file: " + e.getMessage(), e);
        }
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = text.indexOf(begin);
        int to = from < 0 ? -1 : text.indexOf(end, from);
        if (to < 0) {
            throw new PackageException(file + ": not a PEM " + label + " file (expected " + begin + " ... " + end + ")");
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to).strip());
        } catch (IllegalArgumentException e) {
            throw new PackageException(file + ": the " + label + " is not valid Base64: " + e.getMessage(), e);
        }
    }

    private static void refuseExisting(Path file) throws PackageException {
        if (Files.exists(file)) {
            throw new PackageException(file + ": already exists; key files are never overwritten (move it away to make a new key)");
        }
    }

    /** Writes a complete new file, which fails if the target appeared meanwhile. */
    private static void writeNew(Path file, String text, boolean secret) throws PackageException {
        try {
            AtomicFiles.createNew(file, text.getBytes(StandardCharsets.US_ASCII), secret);
        } catch (FileAlreadyExistsException e) {
            throw new PackageException(file + ": already exists; key files are never overwritten", e);
        } catch (IOException e) {
            throw new PackageException(file + ": cannot write the key file: " + e.getMessage(), e);
        }
    }
}
