package io.fabrica.ui.devices.internal.explorer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.ISchedulingRule;
import org.eclipse.core.runtime.jobs.Job;

import io.fabrica.devices.api.SampledValue;
import io.fabrica.devices.api.SubscriptionSettings;
import io.fabrica.devices.core.ManagedConnection;
import io.fabrica.model.plant.Address;

/**
 * The live values of one connection: a single subscription over the variables the explorer shows
 * right now. When that set changes the subscription is replaced in a background job (jobs of one
 * connection run one after the other). Samples arrive on the driver's threads and are parked in a
 * map; the view {@link #drain() drains} it on the UI thread a few times per second, so a fast device
 * never floods the UI. The {@link ManagedConnection} re-creates the subscription after a reconnect.
 */
final class LiveValues implements AutoCloseable {

    /** How often the device samples and reports: matches the view's refresh rate. */
    static final Duration INTERVAL = Duration.ofMillis(200);

    private final ManagedConnection connection;
    private final String endpoint;
    private final ISchedulingRule serial = new SerialRule();
    private final Map<DeviceNode, SampledValue> pending = new ConcurrentHashMap<>();
    private List<DeviceNode> watched = List.of();
    private AutoCloseable subscription;
    private volatile boolean closed;

    LiveValues(ManagedConnection connection, String endpoint) {
        this.connection = connection;
        this.endpoint = endpoint;
    }

    /**
     * Watches exactly these variables from now on. UI thread.
     *
     * @param nodes the variables shown; an equal list changes nothing
     */
    void watch(List<DeviceNode> nodes) {
        if (closed || nodes.equals(watched)) {
            return;
        }
        List<DeviceNode> snapshot = List.copyOf(nodes);
        watched = snapshot;
        Job job = Job.create("Subscribing to " + snapshot.size() + " values of " + endpoint, monitor -> {
            replace(snapshot);
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        job.setRule(serial);
        job.schedule();
    }

    /** @return the variables watched now (UI thread) */
    List<DeviceNode> watched() {
        return watched;
    }

    private synchronized void replace(List<DeviceNode> nodes) {
        closeSubscription();
        if (closed || nodes.isEmpty()) {
            return;
        }
        List<Address> addresses = new ArrayList<>(nodes.size());
        nodes.forEach(n -> addresses.add(n.node().address()));
        SubscriptionSettings settings = new SubscriptionSettings(INTERVAL, INTERVAL, 0, 1);
        subscription = connection.subscribe(addresses, settings, (index, sample) -> {
            if (index >= 0 && index < nodes.size()) {
                pending.put(nodes.get(index), sample);
            }
        });
    }

    private void closeSubscription() {
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception e) {
                // the session is gone already: nothing left to stop
            }
            subscription = null;
        }
    }

    /** @return the samples received since the last call, latest per node; UI thread */
    Map<DeviceNode, SampledValue> drain() {
        if (pending.isEmpty()) {
            return Map.of();
        }
        Map<DeviceNode, SampledValue> batch = new java.util.HashMap<>();
        for (DeviceNode node : List.copyOf(pending.keySet())) {
            SampledValue v = pending.remove(node);
            if (v != null) {
                batch.put(node, v);
            }
        }
        return batch;
    }

    /** Stops the subscription; may block briefly, so call it off the UI thread. */
    @Override
    public synchronized void close() {
        closed = true;
        closeSubscription();
        pending.clear();
    }

    /** Makes the jobs of one connection run one at a time, in order. */
    private static final class SerialRule implements ISchedulingRule {
        @Override
        public boolean contains(ISchedulingRule rule) {
            return rule == this;
        }

        @Override
        public boolean isConflicting(ISchedulingRule rule) {
            return rule == this;
        }
    }
}
