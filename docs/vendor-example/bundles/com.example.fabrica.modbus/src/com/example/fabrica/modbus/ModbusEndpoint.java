package com.example.fabrica.modbus;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

/**
 * A Modbus TCP endpoint: {@code modbus-tcp://host[:port][?unit=N]}, port 502 and unit 1 unless given.
 *
 * <p>Immutable and thread-safe.
 *
 * @param host the device's host name or IP address (IPv6 without brackets)
 * @param port the TCP port, 1..65535
 * @param unit the Modbus unit identifier (slave id) the requests address, 0..255
 */
public record ModbusEndpoint(String host, int port, int unit) {

    /** The URL scheme, which is also the driver's id. */
    public static final String SCHEME = "modbus-tcp";

    /** The standard Modbus TCP port. */
    public static final int DEFAULT_PORT = 502;

    /** The unit identifier used when the endpoint names none. */
    public static final int DEFAULT_UNIT = 1;

    /** The syntax, for error messages. */
    public static final String SYNTAX = SCHEME + "://host[:port][?unit=N]";

    /**
     * Checks the parts.
     *
     * @throws IllegalArgumentException if the host is blank or port or unit is out of range
     * @throws NullPointerException if the host is {@code null}
     */
    public ModbusEndpoint {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("the host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 1..65535");
        }
        if (unit < 0 || unit > 255) {
            throw new IllegalArgumentException("unit " + unit + " is outside 0..255");
        }
    }

    /**
     * Parses an endpoint URL.
     *
     * @param endpoint e.g. {@code modbus-tcp://192.168.0.10:502?unit=3}
     * @return the endpoint
     * @throws IllegalArgumentException whose message quotes the endpoint and names the bad part
     * @throws NullPointerException if the endpoint is {@code null}
     */
    public static ModbusEndpoint parse(String endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        try {
            URI uri = new URI(endpoint.strip());
            if (!SCHEME.equalsIgnoreCase(uri.getScheme())) {
                throw new IllegalArgumentException("the scheme is not " + SCHEME);
            }
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("there is no valid host name");
            }
            if (uri.getUserInfo() != null || (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))
                    || uri.getFragment() != null) {
                throw new IllegalArgumentException("only host, port and ?unit= are allowed");
            }
            String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
            return new ModbusEndpoint(host, uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(), unit(uri.getQuery()));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("bad Modbus endpoint \"" + endpoint + "\": " + e.getReason() + " (syntax " + SYNTAX + ")", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad Modbus endpoint \"" + endpoint + "\": " + e.getMessage() + " (syntax " + SYNTAX + ")", e);
        }
    }

    private static int unit(String query) {
        if (query == null || query.isEmpty()) {
            return DEFAULT_UNIT;
        }
        if (!query.startsWith("unit=")) {
            throw new IllegalArgumentException("query \"" + query + "\" is not unit=N");
        }
        String number = query.substring("unit=".length());
        if (!number.matches("\\d{1,3}")) {
            throw new IllegalArgumentException("unit \"" + number + "\" is not a number from 0 to 255");
        }
        return Integer.parseInt(number);
    }

    /** @return the canonical URL, e.g. {@code modbus-tcp://plc:502?unit=1} */
    public String url() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return SCHEME + "://" + h + ":" + port + "?unit=" + unit;
    }
}
