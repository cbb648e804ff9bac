package io.fabrica.opcua.server;

import io.fabrica.core.files.KeyFiles;
import java.io.Closeable;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.CompositeValidator;
import org.eclipse.milo.opcua.sdk.server.identity.IdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.UsernameIdentityValidator;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.security.CertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.CertificateStore;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultApplicationGroup;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.DefaultServerCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.FileBasedTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateStore;
import org.eclipse.milo.opcua.stack.core.security.MemoryTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.RsaSha256CertificateFactory;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.security.TrustListManager;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.UserTokenType;
import org.eclipse.milo.opcua.stack.core.types.structured.BuildInfo;
import org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;

final class ServerPki {
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|.*:.*");
    private static final Object LOCK = new Object();

    private final X509Certificate certificate;
    private final DefaultCertificateManager certificateManager;
    private final Closeable trustList;

    private ServerPki(X509Certificate certificate, DefaultCertificateManager certificateManager, Closeable trustList) {
        this.certificate = certificate;
        this.certificateManager = certificateManager;
        this.trustList = trustList;
    }

    static ServerPki open(OpcUaServerHost.Security security, String fileName, String commonName, String appUri, Supplier<Set<String>> hostnames)
            throws Exception {
        ensureBouncyCastle();
        Path dir = security.pkiDirectory();
        Path own = dir.resolve("own");
        Files.createDirectories(own);
        KeyFiles.ownerOnly(own);
        Path rejected = dir.resolve("rejected");
        Files.createDirectories(rejected);
        KeyPair keyPair;
        X509Certificate[] chain;
        synchronized (LOCK) {
            Path store = own.resolve(fileName + ".p12");
            KeyStore.PrivateKeyEntry entry = Files.exists(store) ? KeyFiles.load(store) : null;
            if (entry == null || !usable((X509Certificate) entry.getCertificate(), appUri)) {
                keyPair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
                SelfSignedCertificateBuilder builder = new SelfSignedCertificateBuilder(keyPair)
                        .setCommonName(commonName)
                        .setOrganization("Fabrica")
                        .setApplicationUri(appUri)
                        .setValidityPeriod(Period.ofYears(5));
                for (String name : hostnames.get()) {
                    if (IP_LITERAL.matcher(name).matches()) {
                        builder.addIpAddress(name);
                    } else {
                        builder.addDnsName(name);
                    }
                }
                chain = new X509Certificate[] {builder.build()};
                KeyFiles.save(store, keyPair.getPrivate(), chain);
                Files.write(own.resolve(fileName + ".der"), chain[0].getEncoded());
            } else {
                Certificate[] stored = entry.getCertificateChain();
                chain = new X509Certificate[stored.length];
                for (int i = 0; i < stored.length; i++) {
                    chain[i] = (X509Certificate) stored[i];
                }
                keyPair = new KeyPair(chain[0].getPublicKey(), entry.getPrivateKey());
            }
        }
        TrustListManager trust;
        Closeable closer;
        CertificateValidator validator;
        CertificateQuarantine quarantine = new FolderQuarantine(rejected);
        if (security.trustAllClients()) {
            trust = new MemoryTrustListManager();
            closer = () -> {
            };
            validator = new CertificateValidator.InsecureCertificateValidator();
        } else {
            FileBasedTrustListManager files = FileBasedTrustListManager.createAndInitialize(dir);
            trust = files;
            closer = files;
            validator = new DefaultServerCertificateValidator(trust, quarantine);
        }
        KeyPair key = keyPair;
        X509Certificate[] certificates = chain;
        MemoryCertificateStore store = new MemoryCertificateStore();
        store.set(NodeIds.RsaSha256ApplicationCertificateType, new CertificateStore.Entry(key.getPrivate(), certificates));
        RsaSha256CertificateFactory factory = new RsaSha256CertificateFactory() {
            @Override
            protected KeyPair createRsaSha256KeyPair() {
                return key;
            }

            @Override
            protected X509Certificate[] createRsaSha256CertificateChain(KeyPair pair) {
                return certificates;
            }
        };
        try {
            DefaultApplicationGroup group = DefaultApplicationGroup.createAndInitialize(trust, store, factory, validator);
            return new ServerPki(chain[0], new DefaultCertificateManager(quarantine, group), closer);
        } catch (Exception e) {
            closer.close();
            throw e;
        }
    }

    X509Certificate certificate() {
        return certificate;
    }

    DefaultCertificateManager certificateManager() {
        return certificateManager;
    }

    void close() {
        try {
            trustList.close();
        } catch (IOException e) {
            // only the trust list's folder watcher stops here; nothing to report
        }
    }

    private static boolean usable(X509Certificate certificate, String appUri) {
        return certificate.getNotAfter().after(new Date()) && CertificateUtil.getSanUri(certificate).map(appUri::equals).orElse(false);
    }

    /** Milo signs with RSA-PSS (Aes256_Sha256_RsaPss) through the BouncyCastle provider. */
    private static void ensureBouncyCastle() {
        if (java.security.Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            java.security.Security.addProvider(new BouncyCastleProvider()); // a second, racing add is ignored by the JDK
        }
    }
}
