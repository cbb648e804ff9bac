package io.fabrica.devices.opcua.internal;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.NamespaceTable;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DataChangeTrigger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DeadbandType;
import org.eclipse.milo.opcua.stack.core.types.structured.DataChangeFilter;
import io.fabrica.devices.api.DeviceException;
import io.fabrica.devices.api.DeviceException.Reason;
import io.fabrica.devices.api.SampleListener;
import io.fabrica.devices.api.SessionState;
import io.fabrica.devices.api.SignalSubscription;
import io.fabrica.devices.api.SubscriptionSettings;
import io.fabrica.model.plant.Address;

/**
 * The subscriptions of one {@link OpcUaSession}: each as the caller asked for it, with the server-side
 * subscription that currently serves it, so that all of them can be created again when Milo has
 * re-activated a lost session.
 */
final class SessionSubscriptions {
    private final OpcUaClient client;
    private final String endpoint;
    private final NamespaceTable namespaces;
    private final Consumer<SessionState> failures;
    private final List<Managed> subscriptions = new CopyOnWriteArrayList<>();

    /** @param failures told when a subscription cannot be resumed */
    SessionSubscriptions(OpcUaClient client, String endpoint, NamespaceTable namespaces, Consumer<SessionState> failures) {
        this.client = client;
        this.endpoint = endpoint;
        this.namespaces = namespaces;
        this.failures = failures;
    }

    SignalSubscription create(List<Address> addresses, SubscriptionSettings settings, SampleListener listener)
            throws DeviceException {
        List<NodeId> nodes = new ArrayList<>(addresses.size());
        for (Address address : addresses) {
            nodes.add(UaConversions.toNodeId(address, namespaces, endpoint));
        }
        Managed managed = new Managed(addresses, nodes, settings, listener);
        managed.current = createOnServer(managed);
        subscriptions.add(managed);
        return new SignalSubscription() {
            @Override
            public int size() {
                return nodes.size();
            }

            @Override
            public void close() {
                if (subscriptions.remove(managed)) {
                    deleteQuietly(managed.current);
                }
            }
        };
    }

    /** Creates the subscription and its monitored items on the server; fails if any item is refused. */
    private OpcUaSubscription createOnServer(Managed managed) throws DeviceException {
        List<OpcUaMonitoredItem> items = new ArrayList<>(managed.nodes.size());
        SubscriptionSettings settings = managed.settings;
        for (int i = 0; i < managed.nodes.size(); i++) {
            OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(managed.nodes.get(i));
            item.setSamplingInterval(settings.samplingInterval().toNanos() / 1e6);
            item.setQueueSize(uint(settings.queueSize()));
            item.setDiscardOldest(true);
            if (settings.absoluteDeadband() > 0) {
                item.setFilter(new DataChangeFilter(DataChangeTrigger.StatusValue, uint(DeadbandType.Absolute.getValue()),
                        settings.absoluteDeadband()));
            }
            int index = i;
            item.setDataValueListener((monitored, value) -> managed.listener.onSample(index, OpcUaSession.sample(value)));
            items.add(item);
        }
        OpcUaSubscription subscription = new OpcUaSubscription(client, settings.publishingInterval().toNanos() / 1e6);
        try {
            subscription.create();
            subscription.addMonitoredItems(items);
            subscription.synchronizeMonitoredItems();
        } catch (UaException e) {
            deleteQuietly(subscription);
            throw new DeviceException(Reason.DEVICE_ERROR, "subscription on " + endpoint + " failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteQuietly(subscription);
            throw new DeviceException(Reason.DEVICE_ERROR, "subscription on " + endpoint + " failed: " + e, e);
        }
        for (int i = 0; i < items.size(); i++) {
            StatusCode result = items.get(i).getCreateResult().orElse(StatusCode.GOOD);
            if (result.isBad()) {
                deleteQuietly(subscription);
                throw UaConversions.nodeFailure(result, "monitoring of", OpcUaSession.describe(managed.addresses.get(i)) + " on " + endpoint);
            }
        }
        return subscription;
    }

    /**
     * After the session came back (server restart, network drop), the server may have lost the
     * subscriptions: drop the old ones and create each again, so that every listener resumes by
     * itself. A subscription that cannot be re-created reports through the session state.
     */
    void resubscribeAll() {
        for (Managed managed : subscriptions) {
            deleteQuietly(managed.current);
            try {
                managed.current = createOnServer(managed);
            } catch (DeviceException e) {
                failures.accept(new SessionState(SessionState.Status.FAILED, "could not resume a subscription: " + e.getMessage()));
            }
        }
    }

    /** Deletes every subscription on the server (as far as it still has them) and forgets them. */
    void closeAll() {
        subscriptions.forEach(m -> deleteQuietly(m.current));
        subscriptions.clear();
    }

    /** A subscription as the caller asked for it, with the server-side instance that currently serves it. */
    private static final class Managed {
        final List<Address> addresses;
        final List<NodeId> nodes;
        final SubscriptionSettings settings;
        final SampleListener listener;
        volatile OpcUaSubscription current;

        Managed(List<Address> addresses, List<NodeId> nodes, SubscriptionSettings settings, SampleListener listener) {
            this.addresses = addresses;
            this.nodes = nodes;
            this.settings = settings;
            this.listener = listener;
        }
    }

    private static void deleteQuietly(OpcUaSubscription subscription) {
        try {
            subscription.delete();
        } catch (UaException | RuntimeException e) {
            // the server may already have dropped it with the session
        }
    }
}
