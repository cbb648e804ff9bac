package io.fabrica.opcua.server.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseDirection;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseResultMask;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseResult;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabrica.opcua.server.OpcUaServerException;
import io.fabrica.opcua.server.OpcUaServerHost;
import io.fabrica.opcua.server.VariableNamespace;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

/**
 * Proves the Milo joint inside OSGi: an in-process server on a free loopback port and a real
 * Milo client that connects, browses, reads, writes and receives a subscription notification.
 */
class OpcUaRoundTripTest {

    private OpcUaServerHost host;
    private OpcUaClient client;
    private NodeId plant;
    private NodeId temperature;
    private NodeId serial;

    @BeforeEach
    void startServerAndConnect() throws Exception {
        host = OpcUaServerHost.builder("Fabrica Test Server").port(freeLoopbackPort()).start();
        VariableNamespace ns = host.namespace();
        plant = ns.addFolder(null, "Plant");
        temperature = ns.addVariable(plant, "Temperature", NodeIds.Double, 21.5, true);
        serial = ns.addVariable(plant, "SerialNumber", NodeIds.String, "SN-0001", false);
        client = OpcUaClient.create(host.endpointUrl());
        client.connect();
    }

    @AfterEach
    void disconnectAndStop() throws Exception {
        if (client != null) {
            client.disconnect();
        }
        if (host != null) {
            host.close();
        }
    }

    @Test
    void clientBrowsesFromObjectsFolderToTheVariables() throws Exception {
        List<String> top = browseNames(NodeIds.ObjectsFolder);
        assertTrue(top.contains("Plant"), "Objects folder should organize Plant, got " + top);
        List<String> children = browseNames(plant);
        assertEquals(List.of("SerialNumber", "Temperature"), children.stream().sorted().toList());
    }

    @Test
    void clientReadsAndWritesAVariable() throws Exception {
        assertEquals(21.5, read(temperature));
        assertEquals("SN-0001", read(serial));

        List<StatusCode> result = client.writeValues(List.of(temperature),
                List.of(DataValue.valueOnly(new Variant(42.25))));
        assertTrue(result.get(0).isGood(), "write should succeed, got " + result);
        assertEquals(42.25, read(temperature));
        assertEquals(42.25, host.namespace().value(temperature), "the server holds the written value");
    }

    @Test
    void writingAReadOnlyVariableIsRefused() throws Exception {
        List<StatusCode> result = client.writeValues(List.of(serial), List.of(DataValue.valueOnly(new Variant("hacked"))));
        assertFalse(result.get(0).isGood(), "write to a read-only variable must fail");
        assertEquals("SN-0001", read(serial));
    }

    @Test
    void subscriberIsNotifiedOfAChangedValue() throws Exception {
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        OpcUaSubscription subscription = new OpcUaSubscription(client, 50.0);
        subscription.create();
        OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(temperature);
        item.setSamplingInterval(20.0);
        item.setDataValueListener((monitored, value) -> received.add(value.getValue().getValue()));
        subscription.addMonitoredItem(item);
        subscription.synchronizeMonitoredItems();

        assertEquals(21.5, received.poll(5, TimeUnit.SECONDS), "initial value is delivered first");
        host.namespace().setValue(temperature, 99.0);
        Object next = received.poll(5, TimeUnit.SECONDS);
        assertNotNull(next, "no notification within 5 s after the value changed");
        assertEquals(99.0, next);
        subscription.delete();
    }

    @Test
    void secondServerOnTheSamePortFailsWithAClearError() {
        int port = Integer.parseInt(host.endpointUrl().replaceAll(".*:(\\d+)/.*", "$1"));
        OpcUaServerException e = assertThrows(OpcUaServerException.class,
                () -> OpcUaServerHost.builder("Second").port(port).start().close());
        assertTrue(e.getMessage().contains(String.valueOf(port)), e.getMessage());
    }

    private Object read(NodeId id) throws Exception {
        DataValue value = client.readValue(0, TimestampsToReturn.Both, id);
        assertTrue(value.getStatusCode() == null || value.getStatusCode().isGood(), "read status " + value.getStatusCode());
        return value.getValue().getValue();
    }

    private List<String> browseNames(NodeId node) throws Exception {
        BrowseResult result = client.browse(new BrowseDescription(node, BrowseDirection.Forward,
                NodeIds.HierarchicalReferences, true, uint(NodeClass.Object.getValue() | NodeClass.Variable.getValue()),
                uint(BrowseResultMask.All.getValue())));
        assertTrue(result.getStatusCode().isGood(), "browse status " + result.getStatusCode());
        ReferenceDescription[] refs = result.getReferences();
        return Arrays.stream(refs).map(r -> r.getBrowseName().getName()).toList();
    }

    static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
