package io.fabrica.devices.opcua.internal;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.SessionActivityListener;
import org.eclipse.milo.opcua.sdk.client.UaSession;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NamespaceTable;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseDirection;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseResultMask;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseResult;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodResult;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;

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
import io.fabrica.model.plant.OpcUaNodeAddress;

/**
 * A {@link DeviceSession} over one Milo {@link OpcUaClient}. Browse, read and write use Milo's
 * asynchronous services; subscription set-up (blocking in Milo) runs on the driver's executor.
 */
final class OpcUaSession implements DeviceSession {

    private static final int ACCESS_WRITE = 0x02;

    private final OpcUaClient client;
    private final String endpoint;
    private final Executor executor;
    private final long timeoutMs;
    private final NamespaceTable namespaces;
    private final List<Consumer<SessionState>> stateListeners = new CopyOnWriteArrayList<>();
    private final SessionSubscriptions subscriptions;
    private volatile boolean lostSession;
    private volatile SessionState state = SessionState.CONNECTED;
    private volatile boolean closed;

    OpcUaSession(OpcUaClient client, String endpoint, NamespaceTable namespaces, Executor executor, long timeoutMs) {
        this.client = client;
        this.endpoint = endpoint;
        this.namespaces = namespaces;
        this.executor = executor;
        this.timeoutMs = timeoutMs;
        this.subscriptions = new SessionSubscriptions(client, endpoint, namespaces, this::changeState);
        client.addSessionActivityListener(new SessionActivityListener() {
            @Override
            public void onSessionActive(UaSession session) {
                if (lostSession && !closed) {
                    lostSession = false;
                    executor.execute(subscriptions::resubscribeAll);
                }
                changeState(SessionState.CONNECTED);
            }

            @Override
            public void onSessionInactive(UaSession session) {
                if (!closed) {
                    lostSession = true;
                    changeState(new SessionState(SessionState.Status.RECONNECTING, "the session to " + endpoint + " was lost"));
                }
            }
        });
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    @Override
    public CompletableFuture<List<BrowseNode>> browse(Address parent) {
        NodeId node;
        try {
            checkOpen();
            node = parent == null ? NodeIds.ObjectsFolder : UaConversions.toNodeId(parent, namespaces, endpoint);
        } catch (DeviceException e) {
            return CompletableFuture.failedFuture(e);
        }
        String what = "browse of " + (parent == null ? "Objects" : describe(parent)) + " on " + endpoint;
        BrowseDescription description = new BrowseDescription(node, BrowseDirection.Forward, NodeIds.HierarchicalReferences, true,
                uint(NodeClass.Object.getValue() | NodeClass.Variable.getValue() | NodeClass.Method.getValue()),
                uint(BrowseResultMask.All.getValue()));
        return bounded(client.browseAsync(description), what)
                .thenCompose(first -> allPages(first, new ArrayList<>(), what, parent))
                .thenCompose(this::describeChildren);
    }

    /** Follows continuation points until the server has sent every reference (paged browse). */
    private CompletableFuture<List<ReferenceDescription>> allPages(BrowseResult page, List<ReferenceDescription> collected, String what,
            Address parent) {
        if (page.getStatusCode().isBad()) {
            return CompletableFuture.failedFuture(UaConversions.nodeFailure(page.getStatusCode(), "browse of",
                    parent == null ? "Objects" : describe(parent)));
        }
        if (page.getReferences() != null) {
            collected.addAll(List.of(page.getReferences()));
        }
        ByteString continuation = page.getContinuationPoint();
        if (continuation == null || continuation.isNull() || continuation.length() == 0) {
            return CompletableFuture.completedFuture(collected);
        }
        return bounded(client.browseNextAsync(false, List.of(continuation)), what)
                .thenCompose(next -> allPages(next.getResults()[0], collected, what, parent));
    }

    /** Reads data type, value rank and user access of the variables among the references, in one request. */
    private CompletableFuture<List<BrowseNode>> describeChildren(List<ReferenceDescription> references) {
        List<ReferenceDescription> local = references.stream().filter(r -> r.getNodeId().toNodeId(namespaces).isPresent()).toList();
        List<ReadValueId> attributes = new ArrayList<>();
        for (ReferenceDescription r : local) {
            if (r.getNodeClass() == NodeClass.Variable) {
                NodeId id = r.getNodeId().toNodeId(namespaces).orElseThrow();
                for (AttributeId attribute : List.of(AttributeId.DataType, AttributeId.ValueRank, AttributeId.UserAccessLevel)) {
                    attributes.add(new ReadValueId(id, attribute.uid(), null, QualifiedName.NULL_VALUE));
                }
            }
        }
        CompletableFuture<DataValue[]> details = attributes.isEmpty() ? CompletableFuture.completedFuture(new DataValue[0])
                : bounded(client.readAsync(0, TimestampsToReturn.Neither, attributes), "browse on " + endpoint)
                        .thenApply(response -> response.getResults());
        return details.thenApply(values -> toBrowseNodes(local, values));
    }

    private List<BrowseNode> toBrowseNodes(List<ReferenceDescription> references, DataValue[] details) {
        List<BrowseNode> nodes = new ArrayList<>(references.size());
        int next = 0;
        for (ReferenceDescription r : references) {
            NodeId id = r.getNodeId().toNodeId(namespaces).orElseThrow();
            OpcUaNodeAddress address = UaConversions.toAddress(id, namespaces);
            String browseName = r.getBrowseName().name();
            String displayName = r.getDisplayName() != null && r.getDisplayName().text() != null ? r.getDisplayName().text() : browseName;
            if (r.getNodeClass() == NodeClass.Variable) {
                NodeId dataType = details[next].getValue().getValue() instanceof NodeId t ? t : null;
                int rank = details[next + 1].getValue().getValue() instanceof Number n ? n.intValue() : -1;
                int access = details[next + 2].getValue().getValue() instanceof Number n ? n.intValue() : 0;
                next += 3;
                String type = UaConversions.typeName(dataType, rank);
                address.setDeviceDataType(type);
                nodes.add(new BrowseNode(address, browseName, displayName, BrowseNode.Kind.VARIABLE, type, (access & ACCESS_WRITE) != 0));
            } else {
                BrowseNode.Kind kind = r.getNodeClass() == NodeClass.Method ? BrowseNode.Kind.METHOD : BrowseNode.Kind.OBJECT;
                nodes.add(new BrowseNode(address, browseName, displayName, kind, null, false));
            }
        }
        return nodes;
    }

    @Override
    public CompletableFuture<List<SampledValue>> read(List<Address> addresses) {
        List<NodeId> ids = new ArrayList<>(addresses.size());
        List<SampledValue> unresolved = new ArrayList<>();
        try {
            checkOpen();
        } catch (DeviceException e) {
            return CompletableFuture.failedFuture(e);
        }
        for (Address address : addresses) {
            try {
                ids.add(UaConversions.toNodeId(address, namespaces, endpoint));
                unresolved.add(null);
            } catch (DeviceException e) {
                ids.add(NodeId.NULL_VALUE);
                unresolved.add(new SampledValue(null, SampledValue.Quality.BAD, e.getMessage(), null, null));
            }
        }
        return bounded(client.readValuesAsync(0, TimestampsToReturn.Both, ids), "read on " + endpoint).thenApply(values -> {
            List<SampledValue> samples = new ArrayList<>(values.size());
            for (int i = 0; i < values.size(); i++) {
                samples.add(unresolved.get(i) != null ? unresolved.get(i) : sample(values.get(i)));
            }
            return samples;
        });
    }

    @Override
    public CompletableFuture<Void> write(Address address, Object value) {
        NodeId id;
        try {
            checkOpen();
            id = UaConversions.toNodeId(address, namespaces, endpoint);
        } catch (DeviceException e) {
            return CompletableFuture.failedFuture(e);
        }
        String node = describe(address);
        ReadValueId dataType = new ReadValueId(id, AttributeId.DataType.uid(), null, QualifiedName.NULL_VALUE);
        return bounded(client.readAsync(0, TimestampsToReturn.Neither, List.of(dataType)), "write to " + node).thenCompose(response -> {
            DataValue type = response.getResults()[0];
            if (type.getStatusCode() != null && type.getStatusCode().isBad()) {
                return CompletableFuture.failedFuture(UaConversions.nodeFailure(type.getStatusCode(), "write to", node + " on " + endpoint));
            }
            Object converted;
            try {
                converted = UaConversions.toUa(value, (NodeId) type.getValue().getValue(), node);
            } catch (DeviceException e) {
                return CompletableFuture.failedFuture(e);
            }
            return bounded(client.writeValuesAsync(List.of(id), List.of(DataValue.valueOnly(new Variant(converted)))), "write to " + node)
                    .thenCompose(status -> status.get(0).isGood() ? CompletableFuture.<Void>completedFuture(null)
                            : CompletableFuture.failedFuture(UaConversions.nodeFailure(status.get(0), "write to", node + " on " + endpoint)));
        });
    }

    @Override
    public CompletableFuture<SignalSubscription> subscribe(List<Address> addresses, SubscriptionSettings settings, SampleListener listener) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                checkOpen();
                return subscriptions.create(addresses, settings, listener);
            } catch (DeviceException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, executor).orTimeout(timeoutMs * 2, TimeUnit.MILLISECONDS);
    }

    @Override
    public CompletableFuture<List<Object>> call(Address owner, Address operation, List<Object> arguments) {
        NodeId object;
        NodeId method;
        try {
            checkOpen();
            object = UaConversions.toNodeId(owner, namespaces, endpoint);
            method = UaConversions.toNodeId(operation, namespaces, endpoint);
        } catch (DeviceException e) {
            return CompletableFuture.failedFuture(e);
        }
        String name = describe(operation);
        Variant[] inputs = arguments.stream().map(a -> new Variant(a instanceof byte[] b ? ByteString.of(b) : a)).toArray(Variant[]::new);
        return bounded(client.callAsync(List.of(new CallMethodRequest(object, method, inputs))), "call of " + name).thenCompose(response -> {
            CallMethodResult result = response.getResults()[0];
            if (result.getStatusCode().isBad()) {
                return CompletableFuture.failedFuture(UaConversions.nodeFailure(result.getStatusCode(), "call of", name + " on " + endpoint));
            }
            List<Object> outputs = new ArrayList<>();
            if (result.getOutputArguments() != null) {
                for (Variant v : result.getOutputArguments()) {
                    outputs.add(UaConversions.toJava(v.getValue()));
                }
            }
            return CompletableFuture.completedFuture(outputs);
        });
    }

    @Override
    public void onStateChange(Consumer<SessionState> listener) {
        stateListeners.add(listener);
    }

    @Override
    public SessionState state() {
        return state;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        subscriptions.closeAll();
        try {
            client.disconnectAsync().get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // the server may already be gone; the session is closed on our side either way
        }
        changeState(new SessionState(SessionState.Status.FAILED, "closed"));
    }

    private void changeState(SessionState newState) {
        state = newState;
        stateListeners.forEach(l -> l.accept(newState));
    }

    private void checkOpen() throws DeviceException {
        if (closed) {
            throw new DeviceException(Reason.CLOSED, "the session to " + endpoint + " is closed", null);
        }
    }

    /** Bounds a Milo future by the session timeout and turns its failures into DeviceExceptions. */
    private <T> CompletableFuture<T> bounded(CompletableFuture<T> future, String what) {
        return future.orTimeout(timeoutMs, TimeUnit.MILLISECONDS).handle((value, failure) -> {
            if (failure == null) {
                return value;
            }
            throw new java.util.concurrent.CompletionException(UaFailures.classify(failure, what, endpoint));
        });
    }

    static SampledValue sample(DataValue value) {
        StatusCode status = value.getStatusCode() == null ? StatusCode.GOOD : value.getStatusCode();
        SampledValue.Quality quality = status.isGood() ? SampledValue.Quality.GOOD
                : status.isUncertain() ? SampledValue.Quality.UNCERTAIN : SampledValue.Quality.BAD;
        Object java = value.getValue() == null ? null : UaConversions.toJava(value.getValue().getValue());
        return new SampledValue(quality == SampledValue.Quality.BAD ? null : java, quality,
                status.isGood() ? "" : UaConversions.statusName(status), instant(value.getSourceTime()), instant(value.getServerTime()));
    }

    private static Instant instant(DateTime time) {
        return time == null || time.isNull() ? null : time.getJavaInstant();
    }

    static String describe(Address address) {
        return address instanceof OpcUaNodeAddress node ? UaConversions.format(node) : String.valueOf(address);
    }


}
