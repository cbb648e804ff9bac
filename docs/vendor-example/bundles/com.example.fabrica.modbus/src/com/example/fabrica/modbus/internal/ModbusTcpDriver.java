package com.example.fabrica.modbus.internal;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import com.example.fabrica.modbus.ModbusEndpoint;

import io.fabrica.devices.api.ConnectionSpec;
import io.fabrica.devices.api.DeviceDriver;
import io.fabrica.devices.api.DeviceException;
import io.fabrica.devices.api.DeviceException.Reason;
import io.fabrica.devices.api.DeviceSession;
import io.fabrica.model.plant.IdentityType;
import io.fabrica.model.plant.SecurityMode;
import io.fabrica.model.plant.SecurityPolicy;

/**
 * The Modbus TCP driver on j2mod's TCP master. Its id {@value #ID} is also the endpoint scheme, so
 * Fabrica's driver registry picks it for every {@code modbus-tcp://host[:port][?unit=N]} endpoint.
 *
 * <p>Modbus TCP has neither channel security nor user identities: a spec asking for either is
 * refused with {@link Reason#SECURITY} or {@link Reason#AUTHENTICATION}, which Fabrica does not
 * retry. Addresses and values are described in the {@linkplain com.example.fabrica.modbus package
 * documentation}.
 *
 * <p>Threading: thread-safe; {@link #connect} returns at once and each session does its work on
 * its own thread. When the component is deactivated (the bundle stops), every open session is
 * closed.
 */
@Component(service = DeviceDriver.class)
public final class ModbusTcpDriver implements DeviceDriver {

    /** The driver id plant models use, equal to the endpoint scheme. */
    public static final String ID = ModbusEndpoint.SCHEME;

    private final Set<ModbusTcpSession> sessions = ConcurrentHashMap.newKeySet();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String label() {
        return "Modbus TCP (j2mod, Example Corp)";
    }

    /**
     * Checks the spec, then opens the TCP connection on the new session's thread; completes
     * exceptionally with SECURITY or AUTHENTICATION for settings Modbus cannot honour,
     * UNREACHABLE for a malformed endpoint, a refused connection or an unknown host, TIMEOUT when
     * the device does not accept the connection within the spec's timeout.
     */
    @Override
    public CompletableFuture<DeviceSession> connect(ConnectionSpec spec) {
        ModbusEndpoint endpoint;
        try {
            refuseSecurity(spec);
            endpoint = parse(spec.endpoint());
        } catch (DeviceException e) {
            return CompletableFuture.failedFuture(e);
        }
        ModbusTcpSession session = new ModbusTcpSession(spec.endpoint(), endpoint, spec.timeout(), sessions::remove);
        sessions.add(session);
        return session.open();
    }

    /** Closes every open session: the driver is going away with its bundle. */
    @Deactivate
    void deactivate() {
        List.copyOf(sessions).forEach(ModbusTcpSession::close);
    }

    private static void refuseSecurity(ConnectionSpec spec) throws DeviceException {
        if (spec.securityPolicy() != SecurityPolicy.NONE || spec.securityMode() != SecurityMode.NONE) {
            throw new DeviceException(Reason.SECURITY, "cannot connect to " + spec.endpoint() + " with security "
                    + spec.securityPolicy().getLiteral() + "/" + spec.securityMode().getLiteral()
                    + ": Modbus TCP has no channel security; use None/None (and protect the network, e.g. with a VPN)", null);
        }
        if (spec.identityType() != IdentityType.ANONYMOUS) {
            throw new DeviceException(Reason.AUTHENTICATION, "cannot connect to " + spec.endpoint() + " as "
                    + spec.identityType().getLiteral() + ": Modbus TCP has no user identities; connect anonymously", null);
        }
    }

    private static ModbusEndpoint parse(String endpoint) throws DeviceException {
        try {
            return ModbusEndpoint.parse(endpoint);
        } catch (IllegalArgumentException e) {
            throw new DeviceException(Reason.UNREACHABLE, "cannot reach " + endpoint + ": " + e.getMessage(), e);
        }
    }
}
