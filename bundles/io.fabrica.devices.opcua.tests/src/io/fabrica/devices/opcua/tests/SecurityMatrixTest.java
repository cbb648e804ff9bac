package io.fabrica.devices.opcua.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabrica.devices.api.ConnectionSpec;
import io.fabrica.devices.api.DeviceException;
import io.fabrica.devices.api.DeviceException.Reason;
import io.fabrica.devices.api.DeviceSession;
import io.fabrica.devices.api.SampledValue;
import io.fabrica.devices.opcua.NodeAddresses;
import io.fabrica.devices.opcua.internal.OpcUaDriver;
import io.fabrica.devices.sim.SimulatedPlant;
import io.fabrica.examples.Examples;
import io.fabrica.model.plant.Address;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.plant.SecurityMode;
import io.fabrica.model.plant.SecurityPolicy;
import io.fabrica.model.resource.PlantFiles;

/**
 * Secured channels and identities against a secured simulator of the demo plant: every security
 * policy and mode with a user name, the untrusted server certificate (named, quarantined, trusted
 * on request and remembered), refused passwords, users and anonymous sessions, a policy the
 * server does not offer, and the client certificate that is created once and reused.
 */
class SecurityMatrixTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String SPEED = "nsu=urn:fabrica:demo:spindle-line;s=Spindle Line 1/Machining Cell/CNC Mill 1/Spindle/Speed";
    private static final String OPERATOR = "operator";
    private static final String PASSWORD = "Op-3rator!";
    private static final Map<String, String> USERS = Map.of(OPERATOR, PASSWORD, "engineer", "Eng-1neer?");

    @TempDir
    static Path tmp;

    private static Enterprise plant;
    private static SimulatedPlant sim;
    private static Path serverPki;
    private static Path clientPki;
    private static OpcUaDriver driver;

    @BeforeAll
    static void startSecuredSimulatorAndTrustIt() throws Exception {
        plant = PlantFiles.load(Examples.copyDemoProject(tmp.resolve("demo")));
        serverPki = tmp.resolve("server-pki");
        sim = SimulatedPlant.start(plant, SimulatedPlant.Options.secured(OpcUaDriverTest.freePort(), serverPki, USERS));
        driver = new OpcUaDriver();
        clientPki = tmp.resolve("client-pki");
        // the client of the matrix trusts the simulator once, as a user would after checking it
        try (DeviceSession session = connect(operator(clientPki).withSecurity(SecurityPolicy.BASIC256_SHA256, SecurityMode.SIGN)
                .withTrustServer(true))) {
            assertTrue(session.readSync(List.of(speed()), WAIT).get(0).isGood());
        }
    }

    @AfterAll
    static void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    static Stream<Arguments> channels() {
        return Stream.of(Arguments.of(SecurityPolicy.NONE, SecurityMode.NONE),
                Arguments.of(SecurityPolicy.BASIC256_SHA256, SecurityMode.SIGN),
                Arguments.of(SecurityPolicy.BASIC256_SHA256, SecurityMode.SIGN_AND_ENCRYPT),
                Arguments.of(SecurityPolicy.AES128_SHA256_RSA_OAEP, SecurityMode.SIGN),
                Arguments.of(SecurityPolicy.AES128_SHA256_RSA_OAEP, SecurityMode.SIGN_AND_ENCRYPT),
                Arguments.of(SecurityPolicy.AES256_SHA256_RSA_PSS, SecurityMode.SIGN),
                Arguments.of(SecurityPolicy.AES256_SHA256_RSA_PSS, SecurityMode.SIGN_AND_ENCRYPT));
    }

    @ParameterizedTest(name = "{0}/{1}")
    @MethodSource("channels")
    void userReadsASignalOverEveryChannel(SecurityPolicy policy, SecurityMode mode) throws Exception {
        long start = System.nanoTime();
        try (DeviceSession session = connect(operator(clientPki).withSecurity(policy, mode))) {
            long connectMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            SampledValue speed = session.readSync(List.of(speed()), WAIT).get(0);
            assertTrue(speed.isGood(), policy.getLiteral() + "/" + mode.getLiteral() + ": " + speed);
            assertInstanceOf(Double.class, speed.value());
            System.out.println(policy.getLiteral() + "/" + mode.getLiteral() + " as " + OPERATOR + ": connected in " + connectMs
                    + " ms, Speed = " + speed.value());
        }
    }

    @Test
    void untrustedServerCertificateIsNamedQuarantinedAndTrustedOnRequest() throws Exception {
        Path pki = tmp.resolve("fresh-client-pki");
        ConnectionSpec spec = operator(pki).withSecurity(SecurityPolicy.AES256_SHA256_RSA_PSS, SecurityMode.SIGN_AND_ENCRYPT);
        X509Certificate server = serverCertificate();
        String thumbprint = sha1(server.getEncoded());

        DeviceException e = failure(driver.connect(spec));
        assertEquals(Reason.UNTRUSTED_CERTIFICATE, e.reason(), e.getMessage());
        DeviceException.Certificate certificate = e.certificate();
        assertNotNull(certificate, "the certificate to show before trusting it");
        assertEquals(thumbprint, certificate.thumbprint());
        assertEquals(server.getSubjectX500Principal().getName(), certificate.subject());
        assertTrue(certificate.subject().contains("CN=Fabrica Simulated Plant"), certificate.subject());
        assertEquals(server.getNotAfter().toInstant().toString(), certificate.validTo());
        assertTrue(e.getMessage().startsWith("server certificate of " + sim.endpointUrl() + " is not trusted: " + certificate.subject()
                + ", SHA-1 " + thumbprint + ", valid " + certificate.validFrom() + " to " + certificate.validTo()), e.getMessage());
        assertTrue(e.getMessage().endsWith("; trust it with --trust or in the workbench"), e.getMessage());
        assertTrue(Files.exists(pki.resolve("rejected").resolve(thumbprint + ".der")), "the refused certificate is kept in rejected/");
        assertFalse(Files.exists(pki.resolve("trusted/certs").resolve(thumbprint + ".der")));

        try (DeviceSession session = connect(spec.withTrustServer(true))) {
            assertTrue(session.readSync(List.of(speed()), WAIT).get(0).isGood());
        }
        assertArrayEquals(server.getEncoded(), Files.readAllBytes(pki.resolve("trusted/certs").resolve(thumbprint + ".der")));
        assertFalse(Files.exists(pki.resolve("rejected").resolve(thumbprint + ".der")), "trusted certificates leave rejected/");

        try (DeviceSession session = connect(spec)) {
            assertTrue(session.readSync(List.of(speed()), WAIT).get(0).isGood(), "the trust is remembered");
        }
    }

    @Test
    void wrongPasswordIsRefusedWithoutShowingIt() throws Exception {
        String wrong = "not-the-password";
        DeviceException e = failure(driver.connect(operator(clientPki).withCredentials(OPERATOR, wrong.toCharArray())
                .withSecurity(SecurityPolicy.BASIC256_SHA256, SecurityMode.SIGN_AND_ENCRYPT)));
        assertEquals(Reason.AUTHENTICATION, e.reason(), e.getMessage());
        assertTrue(e.getMessage().startsWith(sim.endpointUrl() + " refused user '" + OPERATOR + "'"), e.getMessage());
        assertFalse(e.getMessage().contains(wrong), "never print secrets");
    }

    @Test
    void unknownUserIsRefused() throws Exception {
        DeviceException e = failure(driver.connect(operator(clientPki).withCredentials("intruder", PASSWORD.toCharArray())
                .withSecurity(SecurityPolicy.AES128_SHA256_RSA_OAEP, SecurityMode.SIGN)));
        assertEquals(Reason.AUTHENTICATION, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains("refused user 'intruder'"), e.getMessage());
        assertFalse(e.getMessage().contains(PASSWORD), "never print secrets");
    }

    @Test
    void anonymousSessionsAreRefusedWhenTheServerDisablesThem() throws Exception {
        for (SecurityPolicy policy : List.of(SecurityPolicy.NONE, SecurityPolicy.BASIC256_SHA256)) {
            SecurityMode mode = policy == SecurityPolicy.NONE ? SecurityMode.NONE : SecurityMode.SIGN;
            DeviceException e = failure(driver.connect(ConnectionSpec.anonymous(sim.endpointUrl()).withPki(clientPki).withTimeout(TIMEOUT)
                    .withSecurity(policy, mode)));
            assertEquals(Reason.AUTHENTICATION, e.reason(), e.getMessage());
            assertTrue(e.getMessage().contains("does not accept anonymous sessions") && e.getMessage().contains("user name"),
                    e.getMessage());
        }
    }

    @Test
    void securityTheServerDoesNotOfferIsRefusedNamingWhatItOffers() throws Exception {
        try (SimulatedPlant insecure = SimulatedPlant.start(plant, SimulatedPlant.Options.loopback(OpcUaDriverTest.freePort()))) {
            DeviceException e = failure(driver.connect(operator(insecure.endpointUrl(), clientPki)
                    .withSecurity(SecurityPolicy.AES256_SHA256_RSA_PSS, SecurityMode.SIGN_AND_ENCRYPT)));
            assertEquals(Reason.SECURITY, e.reason(), e.getMessage());
            assertEquals(insecure.endpointUrl() + " does not offer security Aes256_Sha256_RsaPss/SignAndEncrypt; it offers [None/None]",
                    e.getMessage());
        }
        DeviceException mismatch = failure(driver.connect(operator(clientPki).withSecurity(SecurityPolicy.BASIC256_SHA256, SecurityMode.NONE)));
        assertEquals(Reason.SECURITY, mismatch.reason(), mismatch.getMessage());
    }

    @Test
    void clientCertificateIsCreatedOnceKeptAndCheckedByTheServer() throws Exception {
        Path pki = tmp.resolve("kept-client-pki");
        Path strictPki = tmp.resolve("strict-server-pki");
        try (SimulatedPlant strict = SimulatedPlant.start(plant,
                SimulatedPlant.Options.secured(OpcUaDriverTest.freePort(), strictPki, USERS).withTrustAllClients(false))) {
            ConnectionSpec spec = operator(strict.endpointUrl(), pki).withSecurity(SecurityPolicy.BASIC256_SHA256,
                    SecurityMode.SIGN_AND_ENCRYPT).withTrustServer(true);

            DeviceException refused = failure(new OpcUaDriver().connect(spec));
            Path ownCertificate = pki.resolve("own/fabrica-client.der");
            assertTrue(Files.exists(ownCertificate) && Files.exists(pki.resolve("own/fabrica-client.p12")), "created on first use");
            String thumbprint = sha1(Files.readAllBytes(ownCertificate));
            assertEquals(Reason.SECURITY, refused.reason(), refused.getMessage());
            assertTrue(refused.getMessage().contains("SHA-1 " + thumbprint) && refused.getMessage().contains(ownCertificate.toString()),
                    "names the client certificate the server must trust: " + refused.getMessage());
            assertTrue(Files.exists(strictPki.resolve("rejected").resolve(thumbprint + ".der")), "the server quarantined the client");

            Files.copy(ownCertificate, strictPki.resolve("trusted/certs/fabrica-client.der"));
            byte[] key = Files.readAllBytes(pki.resolve("own/fabrica-client.p12"));
            DeviceSession first = connectOnceTrusted(spec);
            first.close();
            try (DeviceSession second = connect(spec.withTrustServer(false))) {
                assertTrue(second.readSync(List.of(speed()), WAIT).get(0).isGood());
            }
            assertEquals(thumbprint, sha1(Files.readAllBytes(ownCertificate)), "the same certificate on every connect");
            assertArrayEquals(key, Files.readAllBytes(pki.resolve("own/fabrica-client.p12")), "the key is kept, not recreated");
            assertEquals(List.of(thumbprint + ".der"), List.of(strictPki.resolve("rejected").toFile().list()),
                    "no other client certificate ever reached the server");
        }
    }

    /** The server notices new trust list files through a folder watcher; wait for it, bounded. */
    private static DeviceSession connectOnceTrusted(ConnectionSpec spec) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                return driver.connect(spec).get(20, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline || DeviceException.of(e.getCause(), "connect").reason() != Reason.SECURITY) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    private static ConnectionSpec operator(Path pki) {
        return operator(sim.endpointUrl(), pki);
    }

    private static ConnectionSpec operator(String endpoint, Path pki) {
        return ConnectionSpec.anonymous(endpoint).withPki(pki).withTimeout(TIMEOUT).withCredentials(OPERATOR, PASSWORD.toCharArray());
    }

    private static Address speed() {
        return NodeAddresses.parse(SPEED, List.of());
    }

    private static DeviceSession connect(ConnectionSpec spec) throws Exception {
        return driver.connect(spec).get(20, TimeUnit.SECONDS);
    }

    private static DeviceException failure(CompletableFuture<?> future) throws Exception {
        try {
            Object unexpected = future.get(20, TimeUnit.SECONDS);
            if (unexpected instanceof DeviceSession session) {
                session.close();
            }
        } catch (ExecutionException e) {
            return DeviceException.of(e.getCause(), "test");
        }
        throw new AssertionError("expected a failure");
    }

    private static X509Certificate serverCertificate() throws Exception {
        try (Stream<Path> files = Files.list(serverPki.resolve("own"))) {
            Path der = files.filter(f -> f.toString().endsWith(".der")).findFirst().orElseThrow();
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(Files.readAllBytes(der)));
        }
    }

    private static String sha1(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
    }
}
