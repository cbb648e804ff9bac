package com.example.fabrica.modbus.internal;

import java.io.EOFException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;

import com.ghgande.j2mod.modbus.Modbus;
import com.ghgande.j2mod.modbus.ModbusSlaveException;

import io.fabrica.devices.api.DeviceException;
import io.fabrica.devices.api.DeviceException.Reason;

/**
 * Turns j2mod's and the JDK's exceptions into {@link DeviceException}s whose reason fits and whose
 * message names the endpoint (and the address, where there is one). Stateless; thread-safe.
 */
final class ModbusFailures {

    private ModbusFailures() {
    }

    /**
     * Classifies a failure to open the TCP connection or to exchange a request with the device.
     *
     * @param failure what j2mod or the socket threw
     * @param what the operation, e.g. "connect" or "read hr:100:uint16"
     * @param endpoint the endpoint as the user wrote it
     * @return a DeviceException of reason TIMEOUT or UNREACHABLE (or DEVICE_ERROR when nothing hints at the network)
     */
    static DeviceException ofTransport(Throwable failure, String what, String endpoint) {
        Throwable root = rootCause(failure);
        if (root instanceof SocketTimeoutException || root instanceof InterruptedIOException || mentions(failure, "timed out")) {
            return new DeviceException(Reason.TIMEOUT, what + " on " + endpoint + ": the device did not answer in time", failure);
        }
        if (root instanceof ConnectException || mentions(failure, "connection refused")) {
            return new DeviceException(Reason.UNREACHABLE, "cannot reach " + endpoint + ": connection refused (is a Modbus TCP "
                    + "server listening on that port?)", failure);
        }
        if (root instanceof UnknownHostException) {
            return new DeviceException(Reason.UNREACHABLE, "cannot reach " + endpoint + ": unknown host " + root.getMessage(), failure);
        }
        if (root instanceof NoRouteToHostException || root instanceof SocketException || root instanceof EOFException
                || root instanceof java.io.IOException || failure instanceof com.ghgande.j2mod.modbus.ModbusIOException) {
            return new DeviceException(Reason.UNREACHABLE, "lost the connection to " + endpoint + " during " + what + ": "
                    + message(root), failure);
        }
        return new DeviceException(Reason.DEVICE_ERROR, what + " on " + endpoint + " failed: " + message(root), failure);
    }

    /**
     * Classifies a Modbus exception response of the device.
     *
     * @param failure the device's exception response
     * @param what the operation and the address, e.g. "write hr:100:uint16"
     * @param endpoint the endpoint as the user wrote it
     * @return NO_SUCH_NODE for an illegal data address or function, BAD_VALUE for an illegal value,
     *         else DEVICE_ERROR
     */
    static DeviceException ofResponse(ModbusSlaveException failure, String what, String endpoint) {
        String text = what + " on " + endpoint + ": the device answered " + responseText(failure);
        return switch (failure.getType()) {
            case Modbus.ILLEGAL_ADDRESS_EXCEPTION, Modbus.ILLEGAL_FUNCTION_EXCEPTION -> new DeviceException(Reason.NO_SUCH_NODE, text, failure);
            case Modbus.ILLEGAL_VALUE_EXCEPTION -> new DeviceException(Reason.BAD_VALUE, text, failure);
            default -> new DeviceException(Reason.DEVICE_ERROR, text, failure);
        };
    }

    /**
     * @param failure a Modbus exception response
     * @return e.g. "Modbus exception 2 (illegal data address)", for sample status texts
     */
    static String responseText(ModbusSlaveException failure) {
        String name = switch (failure.getType()) {
            case Modbus.ILLEGAL_FUNCTION_EXCEPTION -> "illegal function";
            case Modbus.ILLEGAL_ADDRESS_EXCEPTION -> "illegal data address";
            case Modbus.ILLEGAL_VALUE_EXCEPTION -> "illegal data value";
            case Modbus.SLAVE_DEVICE_FAILURE -> "server device failure";
            case Modbus.SLAVE_BUSY_EXCEPTION -> "server device busy";
            case Modbus.GATEWAY_TARGET_NO_RESPONSE -> "gateway target device failed to respond";
            default -> String.valueOf(failure.getMessage()).toLowerCase(Locale.ROOT);
        };
        return "Modbus exception " + failure.getType() + " (" + name + ")";
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    /** j2mod reports some socket failures only in the message of a ModbusIOException without a cause. */
    private static boolean mentions(Throwable failure, String words) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            if (message != null && message.toLowerCase(Locale.ROOT).contains(words)) {
                return true;
            }
        }
        return false;
    }

    private static String message(Throwable t) {
        return t.getMessage() != null && !t.getMessage().isBlank() ? t.getMessage() : t.getClass().getSimpleName();
    }
}
