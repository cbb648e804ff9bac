package io.fabrica.deploy.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.fabrica.core.files.AtomicFiles;

/**
 * The public keys a runtime accepts deployment packages from: a folder of PEM files
 * {@code <name>.pub}, the name being how the signer is reported. The folder is created if missing;
 * keys are read from it on every call, so a key dropped in or removed by an operator takes effect at
 * once.
 *
 * <p>Errors: {@link PackageException} naming the folder or key file, e.g. for an unreadable
 * {@code .pub} file (it is reported rather than skipped, so a broken trust store is noticed).
 */
public final class TrustStore {

    /** The file extension of trusted keys. */
    public static final String EXTENSION = ".pub";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final Path folder;

    /**
     * @param folder the folder of {@code *.pub} files; created if missing
     * @throws PackageException if the folder cannot be created
     */
    public TrustStore(Path folder) throws PackageException {
        this.folder = folder;
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new PackageException(folder + ": cannot create the trust store folder: " + e.getMessage(), e);
        }
    }

    /** @return the folder of the trusted keys */
    public Path folder() {
        return folder;
    }

    /**
     * Trusts a key under a name: writes {@code <name>.pub} atomically. Trusting the same key under the
     * same name again does nothing.
     *
     * @param key an Ed25519 public key
     * @param name letters, digits, {@code . _ -}, at most 64 characters, starting with a letter or digit
     * @throws PackageException if the name is not a valid file name, the key is not Ed25519, a different
     *         key is already trusted under the name, or the file cannot be written
     */
    public void trust(PublicKey key, String name) throws PackageException {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new PackageException("'" + name + "' is not a valid key name: use letters, digits, '.', '_' and '-' (at most 64)");
        }
        requireEd25519(key);
        Path file = folder.resolve(name + EXTENSION);
        if (Files.exists(file)) {
            PublicKey existing = Keys.readPublic(file);
            if (Arrays.equals(existing.getEncoded(), key.getEncoded())) {
                return;
            }
            throw new PackageException(file + ": already trusts a different key (fingerprint " + Keys.fingerprint(existing) + ") as '" + name
                    + "'; remove the file first to replace it");
        }
        try {
            AtomicFiles.write(file, Keys.publicPem(key));
        } catch (IOException e) {
            throw new PackageException(file + ": cannot write the trusted key: " + e.getMessage(), e);
        }
    }

    /**
     * @return the trusted keys, ordered by name
     * @throws PackageException if the folder or a key file cannot be read
     */
    public List<PublicKey> keys() throws PackageException {
        return new ArrayList<>(keysByName().values());
    }

    /**
     * @return the trusted keys by name, ordered by name
     * @throws PackageException if the folder or a key file cannot be read
     */
    public Map<String, PublicKey> keysByName() throws PackageException {
        List<Path> files;
        try (Stream<Path> all = Files.list(folder)) {
            files = all.filter(p -> isKeyFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new PackageException(folder + ": cannot list the trusted keys: " + e.getMessage(), e);
        }
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        for (Path file : files) {
            String fileName = file.getFileName().toString();
            keys.put(fileName.substring(0, fileName.length() - EXTENSION.length()), Keys.readPublic(file));
        }
        return keys;
    }

    /**
     * Finds the trusted key that made a signature.
     *
     * @param data the signed bytes
     * @param signature the Ed25519 signature
     * @return the name of the first trusted key (by name) the signature verifies with; empty if none
     * @throws PackageException if a key file cannot be read
     */
    public Optional<String> verifier(byte[] data, byte[] signature) throws PackageException {
        for (Entry<String, PublicKey> key : keysByName().entrySet()) {
            if (Keys.verifies(key.getValue(), data, signature)) {
                return Optional.of(key.getKey());
            }
        }
        return Optional.empty();
    }

    private static boolean isKeyFile(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(EXTENSION) && !name.startsWith(".") && Files.isRegularFile(file);
    }

    private static void requireEd25519(PublicKey key) throws PackageException {
        try {
            KeyFactory.getInstance(Keys.ALGORITHM).generatePublic(new X509EncodedKeySpec(key.getEncoded()));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new PackageException("only Ed25519 keys can be trusted, not " + key.getAlgorithm() + " (" + e.getMessage() + ")", e);
        }
    }
}
