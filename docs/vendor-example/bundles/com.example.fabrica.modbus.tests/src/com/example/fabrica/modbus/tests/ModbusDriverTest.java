package com.example.fabrica.modbus.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.example.fabrica.modbus.internal.ModbusTcpDriver;

import io.fabrica.devices.api.ConnectionSpec;
import io.fabrica.devices.api.DeviceDriver;
import io.fabrica.devices.api.DeviceException;
import io.fabrica.devices.api.DeviceException.Reason;
import io.fabrica.devices.api.DeviceSession;
import io.fabrica.devices.api.SampledValue;
import io.fabrica.devices.api.SessionState;
import io.fabrica.devices.api.SignalSubscription;
import io.fabrica.devices.api.SubscriptionSettings;
import io.fabrica.model.plant.Address;
import io.fabrica.model.plant.DeviceAddress;
import io.fabrica.model.plant.IdentityType;
import io.fabrica.model.plant.OpcUaNodeAddress;
import io.fabrica.model.plant.PlantFactory;
import io.fabrica.model.plant.SecurityMode;
import io.fabrica.model.plant.SecurityPolicy;

/**
 * The driver against a real Modbus TCP server (j2mod's slave, in process, on loopback): every
 * table, type, byte order and scaling; writes; refused writes and addresses; polling
 * subscriptions; the server going away and coming back; connect failures. In OSGi the driver is
 * the one Fabrica's {@code DeviceDrivers} registry picks for the endpoint.
 */
class ModbusDriverTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String[] ORDERS = {"ABCD", "DCBA", "BADC", "CDAB"};

    private ModbusTestServer server;
    private DeviceDriver driver;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void startServer() throws Exception {
        server = ModbusTestServer.start(1);
        driver = Services.driverFor(server.endpoint());
    }

    @AfterEach
    void stopServer() throws Exception {
        for (AutoCloseable closeable : toClose.reversed()) {
            closeable.close();
        }
        server.close();
    }

    @Test
    void isPickedForModbusEndpoints() {
        assertEquals(ModbusTcpDriver.ID, driver.id());
        assertTrue(driver.label().contains("Modbus"));
    }

    @Test
    void readsBitsOfCoilsAndDiscreteInputs() throws Exception {
        server.setCoil(3, true);
        server.setDiscrete(4, true);
        DeviceSession session = connect();
        List<SampledValue> samples = session.readSync(addresses("co:3", "co:2", "di:4", "di:5:bool"), WAIT);
        assertEquals(List.of(true, false, true, false), samples.stream().map(SampledValue::value).toList());
        assertTrue(samples.stream().allMatch(SampledValue::isGood));
    }

    @Test
    void readsEveryTypeInEveryOrderFromBothRegisterTables() throws Exception {
        DeviceSession session = connect();
        Map<String, Object> values = Map.of("int16", -12345, "uint16", 54321, "int32", -123456789, "uint32", 3_000_000_000L,
                "float32", -3.25f, "float64", Math.PI * 1e5);
        int offset = 0;
        for (var entry : values.entrySet()) {
            for (String order : ORDERS) {
                int[] registers = registers(entry.getKey(), (Number) entry.getValue(), order);
                server.setHolding(offset, registers);
                server.setInput(offset, registers);
                String suffix = offset + ":" + entry.getKey() + ":" + order;
                List<SampledValue> samples = session.readSync(addresses("hr:" + suffix, "ir:" + suffix), WAIT);
                assertEquals(entry.getValue(), samples.get(0).value(), "hr:" + suffix);
                assertEquals(entry.getValue(), samples.get(1).value(), "ir:" + suffix);
                offset += registers.length;
            }
        }
    }

    @Test
    void scalesValuesOnReadAndWrite() throws Exception {
        server.setInput(10, 655);
        server.setHolding(20, registers("uint32", 123456, "CDAB"));
        DeviceSession session = connect();
        List<SampledValue> samples = session.readSync(addresses("ir:10:int16:scale=0.1:offset=-40", "hr:20:uint32:CDAB:scale=0.01"), WAIT);
        assertEquals(25.5, (Double) samples.get(0).value(), 1e-9);
        assertEquals(1234.56, (Double) samples.get(1).value(), 1e-9);

        session.writeSync(address("hr:30:int16:scale=0.1:offset=-40"), -12.5, WAIT);
        assertEquals(275, server.holding(30));
        assertEquals(-12.5, (Double) session.readSync(addresses("hr:30:int16:scale=0.1:offset=-40"), WAIT).get(0).value(), 1e-9);
    }

    @Test
    void writesHoldingRegistersAndCoilsAndReadsThemBack() throws Exception {
        DeviceSession session = connect();
        session.writeSync(address("hr:40:float32:CDAB"), 21.75, WAIT);
        assertEquals(List.of(0x0000, 0x41AE), List.of(server.holding(40), server.holding(41)));
        session.writeSync(address("hr:50"), 4711, WAIT);
        assertEquals(4711, server.holding(50));
        session.writeSync(address("co:7"), true, WAIT);
        assertTrue(server.coil(7));

        List<SampledValue> back = session.readSync(addresses("hr:40:float32:CDAB", "hr:50", "co:7"), WAIT);
        assertEquals(List.of(21.75f, 4711, true), back.stream().map(SampledValue::value).toList());

        session.writeSync(address("co:7"), false, WAIT);
        assertFalse(server.coil(7));
    }

    @Test
    void refusesWritesToReadOnlyTablesAndValuesThatDoNotFit() throws Exception {
        DeviceSession session = connect();
        DeviceException input = assertThrows(DeviceException.class, () -> session.writeSync(address("ir:3:int16"), 5, WAIT));
        assertEquals(Reason.NOT_WRITABLE, input.reason());
        assertTrue(input.getMessage().contains("ir:3:int16") && input.getMessage().contains("input register"), input.getMessage());
        assertEquals(Reason.NOT_WRITABLE, assertThrows(DeviceException.class, () -> session.writeSync(address("di:3"), true, WAIT)).reason());

        DeviceException range = assertThrows(DeviceException.class, () -> session.writeSync(address("hr:3:uint16"), 70000, WAIT));
        assertEquals(Reason.BAD_VALUE, range.reason());
        assertTrue(range.getMessage().contains("uint16 (0..65535)"), range.getMessage());
        assertEquals(Reason.BAD_VALUE, assertThrows(DeviceException.class, () -> session.writeSync(address("co:3"), "maybe", WAIT)).reason());
        assertEquals(0, server.holding(3));
    }

    @Test
    void refusesWrongAddressesNamingTheProblem() throws Exception {
        DeviceSession session = connect();
        DeviceException write = assertThrows(DeviceException.class, () -> session.writeSync(address("hr:1x:uint16"), 1, WAIT));
        assertEquals(Reason.NO_SUCH_NODE, write.reason());
        assertTrue(write.getMessage().contains("offset \"1x\""), write.getMessage());

        DeviceException subscribe = failure(session.subscribe(addresses("hr:0", "hr:0:float33"), SubscriptionSettings.every(Duration.ofMillis(50)),
                (i, s) -> { }));
        assertEquals(Reason.NO_SUCH_NODE, subscribe.reason());
        assertTrue(subscribe.getMessage().contains("float33"), subscribe.getMessage());

        List<SampledValue> read = session.readSync(addresses("hr:0", "nonsense", "hr:" + (ModbusTestServer.SIZE + 5)), WAIT);
        assertTrue(read.get(0).isGood());
        assertEquals(SampledValue.Quality.BAD, read.get(1).quality());
        assertTrue(read.get(1).status().contains("\"nonsense\""), read.get(1).status());
        assertEquals(SampledValue.Quality.BAD, read.get(2).quality());
        assertTrue(read.get(2).status().contains("illegal data address"), read.get(2).status());

        OpcUaNodeAddress opcUa = PlantFactory.eINSTANCE.createOpcUaNodeAddress();
        DeviceException wrongKind = assertThrows(DeviceException.class, () -> session.writeSync(opcUa, 1, WAIT));
        assertTrue(wrongKind.getMessage().contains("DeviceAddress"), wrongKind.getMessage());
    }

    @Test
    void pollingSubscriptionDeliversChangesOfTheProcessImage() throws Exception {
        DeviceSession session = connect();
        BlockingQueue<String> samples = new LinkedBlockingQueue<>();
        SignalSubscription subscription = session.subscribe(addresses("hr:60:int16", "co:8"), SubscriptionSettings.every(Duration.ofMillis(50)),
                (index, sample) -> samples.add(index + "=" + sample.value() + "/" + sample.quality())).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        toClose.add(subscription);
        assertEquals(2, subscription.size());
        awaitSample(samples, "0=0/GOOD"::equals);
        awaitSample(samples, "1=false/GOOD"::equals);

        server.setHolding(60, 42);
        awaitSample(samples, "0=42/GOOD"::equals);
        server.setCoil(8, true);
        awaitSample(samples, "1=true/GOOD"::equals);

        Thread.sleep(300); // unchanged values are not reported again
        assertTrue(samples.isEmpty(), () -> "unexpected samples " + samples);
        subscription.close();
        server.setHolding(60, 43);
        Thread.sleep(300);
        assertTrue(samples.isEmpty(), () -> "samples after close " + samples);
    }

    @Test
    void serverGoneGivesBadQualityAndFailuresNamingTheEndpointThenRecovers() throws Exception {
        DeviceSession session = connect();
        BlockingQueue<SampledValue> samples = new LinkedBlockingQueue<>();
        BlockingQueue<SessionState> states = new LinkedBlockingQueue<>();
        session.onStateChange(states::add);
        toClose.add(session.subscribe(addresses("hr:0"), SubscriptionSettings.every(Duration.ofMillis(50)), (i, s) -> samples.add(s))
                .get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertTrue(samples.poll(WAIT.toSeconds(), TimeUnit.SECONDS).isGood());

        server.stop();
        SampledValue bad = awaitSample(samples, s -> s.quality() == SampledValue.Quality.BAD);
        assertNull(bad.value());
        DeviceException failure = readUntilFailure(session);
        assertTrue(failure.reason() == Reason.UNREACHABLE || failure.reason() == Reason.TIMEOUT, failure.reason() + ": " + failure.getMessage());
        assertTrue(failure.getMessage().contains(server.endpoint()), failure.getMessage());
        assertEquals(SessionState.Status.RECONNECTING, session.state().status());
        assertTrue(session.state().reason().contains(server.endpoint()), session.state().reason());

        server.setHolding(0, 99);
        server.open();
        awaitSample(samples, s -> s.isGood() && Integer.valueOf(99).equals(s.value()));
        assertEquals(SessionState.Status.CONNECTED, session.state().status());
        assertTrue(states.stream().anyMatch(s -> s.status() == SessionState.Status.RECONNECTING));
    }

    @Test
    void connectFailuresNameTheEndpoint() throws Exception {
        String nobody = "modbus-tcp://127.0.0.1:" + ModbusTestServer.freePort();
        DeviceException refused = failure(driver.connect(ConnectionSpec.anonymous(nobody)));
        assertEquals(Reason.UNREACHABLE, refused.reason());
        assertTrue(refused.getMessage().contains(nobody) && refused.getMessage().contains("refused"), refused.getMessage());

        DeviceException malformed = failure(driver.connect(ConnectionSpec.anonymous("modbus-tcp://plc?unit=999")));
        assertTrue(malformed.getMessage().contains("unit 999"), malformed.getMessage());

        ConnectionSpec secured = ConnectionSpec.anonymous(server.endpoint()).withSecurity(SecurityPolicy.BASIC256_SHA256, SecurityMode.SIGN_AND_ENCRYPT);
        DeviceException security = failure(driver.connect(secured));
        assertEquals(Reason.SECURITY, security.reason());
        assertTrue(security.getMessage().contains("no channel security"), security.getMessage());

        ConnectionSpec user = ConnectionSpec.anonymous(server.endpoint()).withCredentials("operator", "secret".toCharArray());
        DeviceException identity = failure(driver.connect(user));
        assertEquals(Reason.AUTHENTICATION, identity.reason());
        assertTrue(identity.getMessage().contains(IdentityType.USERNAME.getLiteral()), identity.getMessage());
    }

    @Test
    void aDeviceThatDoesNotAnswerTimesOutWithinTheSpecTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        Socket socket = silent.accept();
                        accepted.add(socket);
                        InputStream in = socket.getInputStream();
                        in.transferTo(java.io.OutputStream.nullOutputStream()); // swallow requests, never answer
                    }
                } catch (java.io.IOException e) {
                    // closed
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            String endpoint = "modbus-tcp://127.0.0.1:" + silent.getLocalPort();
            DeviceSession session = driver.connect(ConnectionSpec.anonymous(endpoint).withTimeout(Duration.ofMillis(500)))
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            toClose.add(session);
            long start = System.nanoTime();
            DeviceException timeout = assertThrows(DeviceException.class, () -> session.readSync(addresses("hr:0"), WAIT));
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(Reason.TIMEOUT, timeout.reason(), timeout.getMessage());
            assertTrue(timeout.getMessage().contains(endpoint), timeout.getMessage());
            assertTrue(elapsedMs < 3000, "took " + elapsedMs + " ms");
        }
    }

    @Test
    void browseListsNothingAndAClosedSessionRefusesWork() throws Exception {
        DeviceSession session = driver.connect(ConnectionSpec.anonymous(server.endpoint())).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(List.of(), session.browseSync(null, WAIT));
        assertEquals(server.endpoint(), session.endpoint());
        assertEquals(SessionState.Status.CONNECTED, session.state().status());
        session.close();
        session.close();
        assertEquals(SessionState.Status.FAILED, session.state().status());
        DeviceException closed = assertThrows(DeviceException.class, () -> session.readSync(addresses("hr:0"), WAIT));
        assertEquals(Reason.CLOSED, closed.reason());
    }

    // ---- helpers

    private DeviceSession connect() throws Exception {
        DeviceSession session = driver.connect(ConnectionSpec.anonymous(server.endpoint()).withTimeout(Duration.ofSeconds(2)))
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        toClose.add(session);
        return session;
    }

    /** Reads until the read fails (j2mod's stopped server may still answer once on the open connection). */
    private static DeviceException readUntilFailure(DeviceSession session) throws Exception {
        for (int i = 0; i < 20; i++) {
            try {
                session.readSync(addresses("hr:0"), WAIT);
            } catch (DeviceException e) {
                return e;
            }
            Thread.sleep(100);
        }
        return fail("reads kept succeeding after the server stopped");
    }

    private static <T> T awaitSample(BlockingQueue<T> samples, Predicate<T> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<T> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            T sample = samples.poll(50, TimeUnit.MILLISECONDS);
            if (sample != null) {
                if (wanted.test(sample)) {
                    return sample;
                }
                seen.add(sample);
            }
        }
        return fail("no matching sample within " + WAIT + "; saw " + seen);
    }

    private static DeviceException failure(CompletableFuture<?> future) throws Exception {
        try {
            future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return DeviceException.of(e.getCause(), "test");
        }
        return fail("expected a failure");
    }

    static Address address(String text) {
        DeviceAddress address = PlantFactory.eINSTANCE.createDeviceAddress();
        address.setAddress(text);
        return address;
    }

    static List<Address> addresses(String... texts) {
        return java.util.Arrays.stream(texts).map(ModbusDriverTest::address).toList();
    }

    /**
     * The registers of a value as the order's letters say: the big-endian bytes A B C D (E F G H) are
     * laid out in the order's pattern, extended to eight bytes for float64 and cut to the byte swap
     * for 16-bit types. Written independently of the driver's codec.
     */
    static int[] registers(String type, Number value, String order) {
        ByteBuffer big = switch (type) {
            case "int16", "uint16" -> ByteBuffer.allocate(2).putShort((short) value.intValue());
            case "int32", "uint32" -> ByteBuffer.allocate(4).putInt((int) value.longValue());
            case "float32" -> ByteBuffer.allocate(4).putFloat(value.floatValue());
            case "float64" -> ByteBuffer.allocate(8).putDouble(value.doubleValue());
            default -> throw new IllegalArgumentException(type);
        };
        byte[] bytes = big.array();
        String pattern = switch (bytes.length) {
            case 2 -> order.equals("ABCD") || order.equals("CDAB") ? "AB" : "BA";
            case 4 -> order;
            default -> Map.of("ABCD", "ABCDEFGH", "DCBA", "HGFEDCBA", "BADC", "BADCFEHG", "CDAB", "GHEFCDAB").get(order);
        };
        int[] registers = new int[bytes.length / 2];
        for (int i = 0; i < registers.length; i++) {
            int high = bytes[pattern.charAt(2 * i) - 'A'] & 0xFF;
            int low = bytes[pattern.charAt(2 * i + 1) - 'A'] & 0xFF;
            registers[i] = high << 8 | low;
        }
        return registers;
    }
}
