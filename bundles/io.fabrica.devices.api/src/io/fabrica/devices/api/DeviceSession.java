package io.fabrica.devices.api;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.osgi.annotation.versioning.ConsumerType;

import io.fabrica.model.plant.Address;

/**
 * An open session to one device, made by a {@link DeviceDriver}. Every operation is asynchronous
 * and completes exceptionally with a {@link DeviceException} naming the endpoint or node and the
 * cause; the {@code ...Sync} defaults wait at most a given time and never hang. Once the session is
 * closed, every operation completes exceptionally with {@link DeviceException.Reason#CLOSED}.
 *
 * <p>Implemented by vendors (their driver creates it); Fabrica calls it and closes it.
 *
 * <p>Threading: thread-safe; any thread may call it. The asynchronous operations return at once
 * without blocking the caller; their futures and the listeners complete on the driver's threads, so
 * code running there must not block. Only {@link #close()} and the {@code ...Sync} defaults block.
 *
 * <p>Connection loss: the driver reports it through {@link #onStateChange}. While it is
 * {@link SessionState.Status#RECONNECTING} the driver retries by itself and, once connected again,
 * resumes every open subscription. {@link SessionState.Status#FAILED} is final: Fabrica then closes
 * the session and opens a new one.
 *
 * @since 1.0
 */
@ConsumerType
public interface DeviceSession extends AutoCloseable {

    /**
     * The endpoint, for messages. Any thread; never blocks.
     *
     * @return the endpoint this session is connected to
     */
    String endpoint();

    /**
     * Lists the children of a node.
     *
     * @param parent the node to expand, or {@code null} for the device's root (for OPC UA the Objects folder)
     * @return the children in the device's order (all pages of a paged browse); exceptionally with
     *         {@link DeviceException.Reason#NO_SUCH_NODE} if the parent does not exist
     */
    CompletableFuture<List<BrowseNode>> browse(Address parent);

    /**
     * Reads current values.
     *
     * @param addresses the nodes to read
     * @return one sample per address, in the same order; a node that does not exist gives a
     *         sample with {@link SampledValue.Quality#BAD} and the device's reason, not a failed future
     */
    CompletableFuture<List<SampledValue>> read(List<Address> addresses);

    /**
     * Writes a value, converted to the node's data type where that loses nothing (e.g. an
     * integer to a Double node).
     *
     * @param address the node
     * @param value the value (Boolean, Number, String, byte[] or an array of numbers)
     * @return completes when the device accepted the write; exceptionally with
     *         {@link DeviceException.Reason#BAD_VALUE} for a wrong type or a value the device
     *         refuses, {@link DeviceException.Reason#NO_SUCH_NODE} or
     *         {@link DeviceException.Reason#NOT_WRITABLE}
     */
    CompletableFuture<Void> write(Address address, Object value);

    /**
     * Monitors nodes: the listener gets each node's initial value and then every change, on the
     * driver's threads, until the subscription or the session is closed. The subscription survives
     * reconnects (see {@link SessionState.Status#RECONNECTING}).
     *
     * @param addresses the nodes to monitor
     * @param settings sampling, publishing, deadband and queue settings
     * @param listener called with the index of the address in {@code addresses} and the sample
     * @return the subscription, completed once the device created it; exceptionally with a
     *         {@link DeviceException} naming the node if the device refuses to monitor any of the
     *         addresses (no partial subscription is left behind)
     */
    CompletableFuture<SignalSubscription> subscribe(List<Address> addresses, SubscriptionSettings settings, SampleListener listener);

    /**
     * Calls an operation the device offers (an OPC UA method).
     *
     * @param owner the object the operation belongs to
     * @param operation the operation
     * @param arguments its input arguments, converted like written values
     * @return completes with the output arguments; exceptionally with
     *         {@link DeviceException.Reason#NO_SUCH_NODE} or {@link DeviceException.Reason#BAD_VALUE}
     *         (refused arguments), naming the operation
     */
    CompletableFuture<List<Object>> call(Address owner, Address operation, List<Object> arguments);

    /**
     * Registers a listener for the session's health: it is called on the driver's thread on every
     * state change, and must return quickly. Listeners stay registered for the session's life.
     *
     * @param listener receives the new state
     */
    void onStateChange(Consumer<SessionState> listener);

    /**
     * The current health. Any thread; never blocks.
     *
     * @return the session's current health
     */
    SessionState state();

    /**
     * Closes the session and its subscriptions; idempotent; never throws. Blocks at most the spec's
     * timeout, so call it from a worker thread.
     */
    @Override
    void close();

    /**
     * {@link #read} and wait. Blocks the calling thread; never call it on a driver thread.
     *
     * @param addresses the nodes to read
     * @param timeout the longest wait
     * @return as {@link #read}
     * @throws DeviceException on failure, or with {@link DeviceException.Reason#TIMEOUT} after
     *         {@code timeout} or when the thread is interrupted
     */
    default List<SampledValue> readSync(List<Address> addresses, Duration timeout) throws DeviceException {
        return await(read(addresses), timeout, "read");
    }

    /**
     * {@link #browse} and wait. Blocks the calling thread; never call it on a driver thread.
     *
     * @param parent the node to expand, or {@code null} for the root
     * @param timeout the longest wait
     * @return as {@link #browse}
     * @throws DeviceException on failure, or with {@link DeviceException.Reason#TIMEOUT} after
     *         {@code timeout} or when the thread is interrupted
     */
    default List<BrowseNode> browseSync(Address parent, Duration timeout) throws DeviceException {
        return await(browse(parent), timeout, "browse");
    }

    /**
     * {@link #write} and wait. Blocks the calling thread; never call it on a driver thread.
     *
     * @param address the node
     * @param value the value, as for {@link #write}
     * @param timeout the longest wait
     * @throws DeviceException on failure, or with {@link DeviceException.Reason#TIMEOUT} after
     *         {@code timeout} or when the thread is interrupted
     */
    default void writeSync(Address address, Object value, Duration timeout) throws DeviceException {
        await(write(address, value), timeout, "write");
    }

    /**
     * Waits for a device future at most {@code timeout}.
     *
     * @throws DeviceException the future's own DeviceException, or one for a timeout or interrupt
     */
    private <T> T await(CompletableFuture<T> future, Duration timeout, String what) throws DeviceException {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeviceException(DeviceException.Reason.TIMEOUT, what + " on " + endpoint() + " was interrupted", e);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new DeviceException(DeviceException.Reason.TIMEOUT,
                    what + " on " + endpoint() + " got no answer within " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw DeviceException.of(e.getCause(), what + " on " + endpoint());
        }
    }
}
