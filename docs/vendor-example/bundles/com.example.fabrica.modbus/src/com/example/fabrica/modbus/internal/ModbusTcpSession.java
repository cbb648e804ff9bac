package com.example.fabrica.modbus.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import com.example.fabrica.modbus.ModbusAddress;
import com.example.fabrica.modbus.ModbusAddress.Table;
import com.example.fabrica.modbus.ModbusEndpoint;
import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;

import io.fabrica.devices.api.BrowseNode;
import io.fabrica.devices.api.DeviceException;
import io.fabrica.devices.api.DeviceException.Reason;
import io.fabrica.devices.api.DeviceSession;
import io.fabrica.devices.api.SampleListener;
import io.fabrica.devices.api.SampledValue;
import io.fabrica.devices.api.SessionState;
import io.fabrica.devices.api.SignalSubscription;
import io.fabrica.devices.api.SubscriptionSettings;
import io.fabrica.model.plant.Address;
import io.fabrica.model.plant.DeviceAddress;

/**
 * A session to one Modbus TCP device (one unit identifier behind one TCP endpoint).
 *
 * <p>Threading: every exchange with the device runs on the session's single thread, which owns
 * the j2mod master (j2mod's master is not made for concurrent requests, and Modbus TCP devices
 * often serve one request at a time anyway). Futures, sample listeners and state listeners complete
 * on that thread. Public methods return at once; only {@link #close()} waits, at most the timeout.
 *
 * <p>Connection loss: a request that fails on the network drops the TCP connection and reports
 * {@link SessionState.Status#RECONNECTING}; the session then reconnects once a second, and on every
 * request and poll, until the device answers again ({@link SessionState#CONNECTED}). Subscriptions
 * keep polling throughout and report quality BAD while the device is gone.
 */
final class ModbusTcpSession implements DeviceSession {

    /** How often a disconnected session tries to reconnect by itself. */
    private static final Duration RECONNECT_INTERVAL = Duration.ofSeconds(1);

    private final String endpointText;
    private final ModbusEndpoint endpoint;
    private final Duration timeout;
    private final Consumer<ModbusTcpSession> onClose;
    private final ScheduledExecutorService thread;
    private volatile Thread sessionThread;
    private final List<Consumer<SessionState>> stateListeners = new CopyOnWriteArrayList<>();
    private final Set<PollingSubscription> subscriptions = ConcurrentHashMap.newKeySet();
    private volatile SessionState state = SessionState.CONNECTED;
    private volatile boolean closed;

    /** Confined to the session thread. */
    private ModbusTCPMaster master;
    /** Confined to the session thread. */
    private ScheduledFuture<?> reconnecting;

    /**
     * @param endpointText the endpoint as the user wrote it, for messages
     * @param endpoint the parsed endpoint
     * @param timeout the longest wait for the device per request
     * @param onClose called once when the session closes (the driver forgets it)
     */
    ModbusTcpSession(String endpointText, ModbusEndpoint endpoint, Duration timeout, Consumer<ModbusTcpSession> onClose) {
        this.endpointText = endpointText;
        this.endpoint = endpoint;
        this.timeout = timeout;
        this.onClose = onClose;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread t = new Thread(task, "fabrica-modbus " + endpointText);
            t.setDaemon(true);
            sessionThread = t;
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.thread = executor;
    }

    /**
     * Opens the TCP connection on the session thread.
     *
     * @return completes with this session once connected, or exceptionally with a DeviceException
     *         (UNREACHABLE, TIMEOUT) naming the endpoint; the session is then closed
     */
    CompletableFuture<DeviceSession> open() {
        return submit("connect", () -> {
            connectMaster();
            return (DeviceSession) this;
        }).whenComplete((session, failure) -> {
            if (failure != null) {
                close();
            }
        });
    }

    @Override
    public String endpoint() {
        return endpointText;
    }

    /** Modbus has no browse service: there are never any nodes to list. */
    @Override
    public CompletableFuture<List<BrowseNode>> browse(Address parent) {
        return submit("browse", List::of);
    }

    /**
     * Reads each address with one request. An address that cannot be parsed, or that the device
     * refuses (a Modbus exception response), gives a BAD sample whose status says why; a network
     * failure fails the whole read.
     */
    @Override
    public CompletableFuture<List<SampledValue>> read(List<Address> addresses) {
        List<Address> copy = List.copyOf(addresses);
        return submit("read", () -> {
            List<SampledValue> samples = new ArrayList<>(copy.size());
            for (Address address : copy) {
                ModbusAddress parsed;
                try {
                    parsed = parse(address);
                } catch (DeviceException e) {
                    samples.add(bad(e.getMessage()));
                    continue;
                }
                samples.add(sample(parsed));
            }
            return samples;
        });
    }

    @Override
    public CompletableFuture<Void> write(Address address, Object value) {
        Objects.requireNonNull(address, "address");
        return submit("write", () -> {
            ModbusAddress target = parse(address);
            if (!target.table().isWritable()) {
                throw new DeviceException(Reason.NOT_WRITABLE, "cannot write " + target + " on " + endpointText + ": "
                        + target.table().label() + "s are read-only in Modbus", null);
            }
            Object raw;
            try {
                raw = target.table().isBit() ? (Object) RegisterCodec.encodeBit(target, value) : RegisterCodec.encode(target, value);
            } catch (IllegalArgumentException e) {
                throw new DeviceException(Reason.BAD_VALUE, "cannot write on " + endpointText + ": " + e.getMessage(), e);
            }
            try {
                writeRaw(target, raw);
            } catch (ModbusSlaveException e) {
                throw ModbusFailures.ofResponse(e, "write " + target, endpointText);
            }
            return null;
        });
    }

    /**
     * Polls the addresses at the sampling interval (Modbus has no subscriptions). Every address must
     * parse and the device must answer each of them on the first poll (unless it is unreachable at
     * that moment, which gives BAD samples and later GOOD ones once it answers again).
     */
    @Override
    public CompletableFuture<SignalSubscription> subscribe(List<Address> addresses, SubscriptionSettings settings,
            SampleListener listener) {
        List<Address> copy = List.copyOf(addresses);
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(listener, "listener");
        return submit("subscribe", () -> {
            List<ModbusAddress> parsed = new ArrayList<>();
            for (Address address : copy) {
                parsed.add(parse(address));
            }
            List<SampledValue> first = pollAll(parsed);
            for (int i = 0; i < first.size(); i++) {
                if (!first.get(i).isGood() && state.status() == SessionState.Status.CONNECTED) {
                    throw new DeviceException(Reason.NO_SUCH_NODE, "cannot monitor " + parsed.get(i) + " on " + endpointText + ": "
                            + first.get(i).status(), null);
                }
            }
            PollingSubscription subscription = new PollingSubscription(this, parsed, settings, listener);
            subscriptions.add(subscription);
            subscription.start(first);
            return subscription;
        });
    }

    /** Modbus devices offer no operations. */
    @Override
    public CompletableFuture<List<Object>> call(Address owner, Address operation, List<Object> arguments) {
        return submit("call", () -> {
            throw new DeviceException(Reason.NO_SUCH_NODE, "cannot call an operation on " + endpointText
                    + ": Modbus devices offer none", null);
        });
    }

    @Override
    public void onStateChange(Consumer<SessionState> listener) {
        stateListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public SessionState state() {
        return state;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        subscriptions.forEach(PollingSubscription::close);
        try {
            thread.execute(this::disconnectMaster);
        } catch (RejectedExecutionException e) {
            // already shut down
        }
        thread.shutdown();
        if (Thread.currentThread() != sessionThread) {
            try {
                if (!thread.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    thread.shutdownNow();
                }
            } catch (InterruptedException e) {
                thread.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        changeState(new SessionState(SessionState.Status.FAILED, "the session to " + endpointText + " is closed"));
        onClose.accept(this);
    }

    // ---- used by PollingSubscription, on the session thread

    /** @return the session thread's scheduler */
    ScheduledExecutorService scheduler() {
        return thread;
    }

    /** Forgets a closed subscription. */
    void removed(PollingSubscription subscription) {
        subscriptions.remove(subscription);
    }

    /**
     * Reads every address; a network failure makes every sample BAD with the failure as status
     * (subscriptions report rather than fail). Session thread only.
     *
     * @param addresses the addresses
     * @return one sample per address
     */
    List<SampledValue> pollAll(List<ModbusAddress> addresses) {
        List<SampledValue> samples = new ArrayList<>(addresses.size());
        try {
            for (ModbusAddress address : addresses) {
                samples.add(sample(address));
            }
        } catch (DeviceException e) {
            SampledValue bad = bad(e.getMessage());
            samples.clear();
            addresses.forEach(a -> samples.add(bad));
        }
        return samples;
    }

    // ---- device exchange, session thread only

    /** @return a GOOD sample, or a BAD one for a Modbus exception response; network failures are thrown */
    private SampledValue sample(ModbusAddress address) throws DeviceException {
        try {
            Object value = readRaw(address);
            return new SampledValue(value, SampledValue.Quality.GOOD, "", Instant.now(), null);
        } catch (ModbusSlaveException e) {
            return bad(ModbusFailures.responseText(e) + " for " + address);
        }
    }

    private Object readRaw(ModbusAddress address) throws DeviceException, ModbusSlaveException {
        int unit = endpoint.unit();
        return exchange("read " + address, m -> switch (address.table()) {
            case COIL -> m.readCoils(unit, address.offset(), 1).getBit(0);
            case DISCRETE_INPUT -> m.readInputDiscretes(unit, address.offset(), 1).getBit(0);
            case INPUT_REGISTER -> RegisterCodec.decode(address, values(m.readInputRegisters(unit, address.offset(), address.count())));
            case HOLDING_REGISTER -> RegisterCodec.decode(address, values(m.readMultipleRegisters(unit, address.offset(), address.count())));
        });
    }

    private void writeRaw(ModbusAddress address, Object raw) throws DeviceException, ModbusSlaveException {
        int unit = endpoint.unit();
        exchange("write " + address, m -> {
            if (address.table() == Table.COIL) {
                m.writeCoil(unit, address.offset(), (Boolean) raw);
            } else {
                int[] values = (int[]) raw;
                if (values.length == 1) {
                    m.writeSingleRegister(unit, address.offset(), new SimpleRegister(values[0]));
                } else {
                    Register[] registers = new Register[values.length];
                    for (int i = 0; i < values.length; i++) {
                        registers[i] = new SimpleRegister(values[i]);
                    }
                    m.writeMultipleRegisters(unit, address.offset(), registers);
                }
            }
            return null;
        });
    }

    /** A request of the j2mod master. */
    @FunctionalInterface
    private interface Request<T> {
        T send(ModbusTCPMaster master) throws ModbusException;
    }

    /**
     * Sends one request, connecting first if needed. A Modbus exception response is passed on; any
     * other failure is a network failure: the connection is dropped, the state becomes RECONNECTING
     * and a DeviceException naming the endpoint is thrown.
     */
    private <T> T exchange(String what, Request<T> request) throws DeviceException, ModbusSlaveException {
        ModbusTCPMaster connected = connectedMaster();
        try {
            T result = request.send(connected);
            changeState(SessionState.CONNECTED);
            return result;
        } catch (ModbusSlaveException e) {
            changeState(SessionState.CONNECTED);
            throw e;
        } catch (ModbusException | RuntimeException e) {
            DeviceException failure = ModbusFailures.ofTransport(e, what, endpointText);
            lost(failure);
            throw failure;
        }
    }

    private ModbusTCPMaster connectedMaster() throws DeviceException {
        if (master == null || !master.isConnected()) {
            try {
                connectMaster();
            } catch (DeviceException e) {
                lost(e);
                throw e;
            }
        }
        return master;
    }

    private void connectMaster() throws DeviceException {
        disconnectMaster();
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
        try {
            ModbusTCPMaster candidate = new ModbusTCPMaster(endpoint.host(), endpoint.port(), timeoutMs, false);
            // Retrying inside j2mod would multiply the timeout; the session retries by itself.
            candidate.setRetries(0);
            candidate.connect();
            master = candidate;
        } catch (Exception e) {
            throw ModbusFailures.ofTransport(e, "connect", endpointText);
        }
    }

    private void disconnectMaster() {
        if (master != null) {
            try {
                master.disconnect();
            } catch (RuntimeException e) {
                // the connection is being dropped anyway
            }
            master = null;
        }
    }

    /** The connection failed: drop it, say so, and try again in the background. */
    private void lost(DeviceException failure) {
        disconnectMaster();
        changeState(new SessionState(SessionState.Status.RECONNECTING, failure.getMessage()));
        if ((reconnecting == null || reconnecting.isDone()) && !closed) {
            try {
                reconnecting = thread.scheduleWithFixedDelay(this::tryReconnect, RECONNECT_INTERVAL.toMillis(),
                        RECONNECT_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // closing
            }
        }
    }

    private void tryReconnect() {
        if (closed || state.status() == SessionState.Status.CONNECTED) {
            reconnecting.cancel(false);
            return;
        }
        try {
            connectMaster();
            changeState(SessionState.CONNECTED);
            reconnecting.cancel(false);
        } catch (DeviceException e) {
            changeState(new SessionState(SessionState.Status.RECONNECTING, e.getMessage()));
        }
    }

    private void changeState(SessionState next) {
        if (next.equals(state)) {
            return;
        }
        state = next;
        for (Consumer<SessionState> listener : stateListeners) {
            try {
                listener.accept(next);
            } catch (RuntimeException e) {
                // a listener's bug must not stop the session
            }
        }
    }

    private ModbusAddress parse(Address address) throws DeviceException {
        if (!(address instanceof DeviceAddress deviceAddress)) {
            throw new DeviceException(Reason.NO_SUCH_NODE, "the Modbus driver on " + endpointText + " understands DeviceAddress "
                    + "bindings only, not " + (address == null ? "null" : address.eClass().getName()), null);
        }
        String text = deviceAddress.getAddress();
        if (text == null || text.isBlank()) {
            throw new DeviceException(Reason.NO_SUCH_NODE, "the address is empty; give a Modbus address such as hr:100:float32 ("
                    + endpointText + ")", null);
        }
        try {
            return ModbusAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw new DeviceException(Reason.NO_SUCH_NODE, e.getMessage() + " on " + endpointText, e);
        }
    }

    private static int[] values(InputRegister[] registers) {
        int[] values = new int[registers.length];
        for (int i = 0; i < registers.length; i++) {
            values[i] = registers[i].toUnsignedShort();
        }
        return values;
    }

    private static SampledValue bad(String status) {
        return new SampledValue(null, SampledValue.Quality.BAD, status, Instant.now(), null);
    }

    /** Work on the session thread that may fail with a DeviceException. */
    @FunctionalInterface
    private interface Work<T> {
        T run() throws DeviceException;
    }

    /**
     * Runs work on the session thread. The future fails with CLOSED once the session is closed, and
     * with TIMEOUT when the work has not finished within three timeouts (it may queue behind others).
     */
    private <T> CompletableFuture<T> submit(String what, Work<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                if (closed) {
                    result.completeExceptionally(closedFailure(what));
                    return;
                }
                try {
                    result.complete(work.run());
                } catch (DeviceException e) {
                    result.completeExceptionally(e);
                } catch (RuntimeException e) {
                    result.completeExceptionally(new DeviceException(Reason.DEVICE_ERROR, what + " on " + endpointText + " failed: " + e, e));
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(closedFailure(what));
        }
        return result.orTimeout(timeout.toMillis() * 3, TimeUnit.MILLISECONDS).handle((value, failure) -> {
            if (failure == null) {
                return value;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof TimeoutException) {
                throw new CompletionException(new DeviceException(Reason.TIMEOUT, what + " on " + endpointText
                        + " got no answer within " + timeout.toMillis() * 3 + " ms", cause));
            }
            throw cause instanceof CompletionException completion ? completion : new CompletionException(cause);
        });
    }

    private DeviceException closedFailure(String what) {
        return new DeviceException(Reason.CLOSED, "cannot " + what + " on " + endpointText + ": the session is closed", null);
    }
}
