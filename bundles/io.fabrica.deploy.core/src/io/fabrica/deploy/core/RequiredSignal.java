package io.fabrica.deploy.core;

/**
 * A plant signal a packaged pipeline reads, as the target runtime must provide it. Missing values are
 * empty strings, never {@code null}.
 *
 * @param path the signal's path of names from the plant root (see
 *        {@link io.fabrica.model.resource.ElementPaths#pathOf})
 * @param dataType the plant data type literal, e.g. {@code Double} or {@code NumberArray}
 * @param unit the UCUM unit, e.g. {@code Cel}; empty if none
 * @param endpoint the endpoint of the signal's device connection, e.g. {@code opc.tcp://host:4840}; empty
 *        if the signal is not bound
 * @param address the device address: {@code nsu=<namespace URI>;<i|s|g|b>=<identifier>} for an OPC UA
 *        node, the address text for other devices; empty if the signal is not bound
 */
public record RequiredSignal(String path, String dataType, String unit, String endpoint, String address) {

    /** Replaces {@code null} by empty strings. */
    public RequiredSignal {
        path = orEmpty(path);
        dataType = orEmpty(dataType);
        unit = orEmpty(unit);
        endpoint = orEmpty(endpoint);
        address = orEmpty(address);
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
