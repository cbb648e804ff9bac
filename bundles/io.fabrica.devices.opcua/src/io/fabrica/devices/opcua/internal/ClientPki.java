package io.fabrica.devices.opcua.internal;

import io.fabrica.core.files.AtomicFiles;
import io.fabrica.core.files.KeyFiles;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.nio.CharBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.eclipse.milo.opcua.sdk.client.DiscoveryClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClientConfig;
import org.eclipse.milo.opcua.sdk.client.OpcUaClientConfigBuilder;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.IdentityProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.stack.core.NamespaceTable;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.CertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultClientCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.MemoryTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.UserTokenType;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.eclipse.milo.opcua.stack.core.util.validation.ValidationCheck;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import io.fabrica.devices.api.ConnectionSpec;
import io.fabrica.devices.api.DeviceDriver;
import io.fabrica.devices.api.DeviceException;
import io.fabrica.devices.api.DeviceException.Reason;
import io.fabrica.devices.api.DeviceSession;
import io.fabrica.model.plant.IdentityType;

final class ClientPki {
    private static final String NAME = "fabrica-client";
    private static final Object LOCK = new Object();

    private final Path folder;
    private final KeyPair keyPair;
    private final X509Certificate[] chain;

    private ClientPki(Path folder, KeyPair keyPair, X509Certificate[] chain) {
        this.folder = folder;
        this.keyPair = keyPair;
        this.chain = chain;
    }

    /**
     * Prepares the folder; with {@code withCertificate}, loads the client certificate or
     * creates it on first use.
     */
    static ClientPki open(Path folder, boolean withCertificate) throws DeviceException {
        try {
            for (String sub : List.of("own", "trusted/certs", "trusted/crl", "issuer/certs", "issuer/crl", "rejected")) {
                Files.createDirectories(folder.resolve(sub));
            }
            KeyFiles.ownerOnly(folder.resolve("own"));
            ensureBouncyCastle();
            if (!withCertificate) {
                return new ClientPki(folder, null, null);
            }
            synchronized (LOCK) {
                Path store = folder.resolve("own").resolve(NAME + ".p12");
                if (Files.exists(store)) {
                    KeyStore.PrivateKeyEntry entry = KeyFiles.load(store);
                    X509Certificate certificate = (X509Certificate) entry.getCertificate();
                    if (certificate.getNotAfter().after(new Date()) && CertificateUtil.getSanUri(certificate).isPresent()) {
                        X509Certificate[] chain = Arrays.stream(entry.getCertificateChain()).map(X509Certificate.class::cast)
                                .toArray(X509Certificate[]::new);
                        return new ClientPki(folder, new KeyPair(certificate.getPublicKey(), entry.getPrivateKey()), chain);
                    }
                }
                return create(folder, store);
            }
        } catch (Exception e) {
            throw new DeviceException(Reason.SECURITY, "cannot use the PKI folder " + folder + " for the client certificate: "
                    + UaFailures.rootMessage(e), e);
        }
    }

    private static ClientPki create(Path folder, Path store) throws Exception {
        String host = localHostName();
        KeyPair keyPair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
        X509Certificate certificate = new SelfSignedCertificateBuilder(keyPair)
                .setCommonName("Fabrica Client")
                .setOrganization("Fabrica")
                .setApplicationUri("urn:fabrica:client:" + host)
                .addDnsName(host)
                .setValidityPeriod(Period.ofYears(5))
                .build();
        X509Certificate[] chain = {certificate};
        KeyFiles.save(store, keyPair.getPrivate(), chain);
        AtomicFiles.write(folder.resolve("own").resolve(NAME + ".der"), certificate.getEncoded());
        return new ClientPki(folder, keyPair, chain);
    }

    private static String localHostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            return name == null || name.isBlank() ? "localhost" : name;
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** Milo signs with RSA-PSS (Aes256_Sha256_RsaPss) through the BouncyCastle provider. */
    private static void ensureBouncyCastle() {
        if (java.security.Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            java.security.Security.addProvider(new BouncyCastleProvider()); // a second, racing add is ignored by the JDK
        }
    }

    String applicationUri() {
        return CertificateUtil.getSanUri(chain[0]).orElse("urn:fabrica:client");
    }

    KeyPair keyPair() {
        return keyPair;
    }

    X509Certificate certificate() {
        return chain[0];
    }

    X509Certificate[] chain() {
        return chain.clone();
    }

    Path certificateFile() {
        return folder.resolve("own").resolve(NAME + ".der");
    }

    List<X509Certificate> certificates(String sub) {
        List<X509Certificate> certificates = new ArrayList<>();
        forEachFile(folder.resolve(sub), in -> certificates.add((X509Certificate) factory().generateCertificate(in)));
        return certificates;
    }

    List<X509CRL> crls(String sub) {
        List<X509CRL> crls = new ArrayList<>();
        forEachFile(folder.resolve(sub), in -> crls.add((X509CRL) factory().generateCRL(in)));
        return crls;
    }

    /** Adds a server certificate to {@code trusted/certs} and removes it from {@code rejected}. */
    void trust(X509Certificate certificate) throws IOException, CertificateEncodingException {
        String file = UaFailures.thumbprint(certificate) + ".der";
        AtomicFiles.write(folder.resolve("trusted/certs").resolve(file), certificate.getEncoded());
        Files.deleteIfExists(folder.resolve("rejected").resolve(file));
    }

    /** Keeps a refused server certificate in {@code rejected} for the user to inspect and trust. */
    void reject(X509Certificate certificate) {
        try {
            AtomicFiles.write(folder.resolve("rejected").resolve(UaFailures.thumbprint(certificate) + ".der"), certificate.getEncoded());
        } catch (IOException | CertificateEncodingException e) {
            // the connect fails all the same and its message carries the certificate's details
        }
    }

    private interface Reader {
        void read(InputStream in) throws Exception;
    }

    private static void forEachFile(Path dir, Reader reader) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, Files::isRegularFile)) {
            for (Path file : files) {
                try (InputStream in = new ByteArrayInputStream(Files.readAllBytes(file))) {
                    reader.read(in);
                } catch (Exception e) {
                    // not a certificate or CRL (e.g. a note next to them); ignored
                }
            }
        } catch (IOException e) {
            // an unreadable folder trusts nothing
        }
    }

    private static CertificateFactory factory() throws java.security.cert.CertificateException {
        return CertificateFactory.getInstance("X.509");
    }
}
