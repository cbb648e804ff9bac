package io.fabrica.core.files;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * The PKCS#12 file that holds an OPC UA application's private key and certificate chain, shared by the
 * client (driver) and the server host so that both keep their keys the same way: one entry named
 * {@value #ALIAS}, a fixed store password (the owner-only folder protects the key, not the password),
 * written atomically and readable by its owner only.
 */
public final class KeyFiles {

    /** The name of the one key entry in the store. */
    public static final String ALIAS = "application";
    private static final char[] STORE_PASSWORD = "fabrica".toCharArray();

    private KeyFiles() {
    }

    /**
     * Reads the key entry.
     *
     * @param store the PKCS#12 file
     * @return the entry, whose certificate is an X.509 certificate
     * @throws IOException if the file cannot be read or holds no such entry (the message says to move it away)
     * @throws GeneralSecurityException if the store cannot be decoded
     */
    public static KeyStore.PrivateKeyEntry load(Path store) throws IOException, GeneralSecurityException {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(new ByteArrayInputStream(Files.readAllBytes(store)), STORE_PASSWORD);
        if (keyStore.getEntry(ALIAS, new KeyStore.PasswordProtection(STORE_PASSWORD)) instanceof KeyStore.PrivateKeyEntry entry
                && entry.getCertificate() instanceof X509Certificate) {
            return entry;
        }
        throw new IOException(store + " holds no key named '" + ALIAS + "'; move it away to have a new one created");
    }

    /**
     * Replaces the store with one holding the given key, atomically and owner-only.
     *
     * @param store the PKCS#12 file
     * @param key the private key
     * @param chain its certificate chain, the application's own certificate first
     * @throws IOException if it cannot be written; the previous store is then unchanged
     * @throws GeneralSecurityException if the store cannot be encoded
     */
    public static void save(Path store, PrivateKey key, X509Certificate[] chain) throws IOException, GeneralSecurityException {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, STORE_PASSWORD);
        keyStore.setKeyEntry(ALIAS, key, STORE_PASSWORD, chain);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        keyStore.store(bytes, STORE_PASSWORD);
        AtomicFiles.writeSecret(store, bytes.toByteArray());
    }

    /**
     * Makes a folder accessible to its owner only, where the file system knows POSIX permissions.
     *
     * @param folder an existing folder
     */
    public static void ownerOnly(Path folder) {
        try {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: the folder's own access rules apply
        }
    }
}
