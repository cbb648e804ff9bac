package io.fabrica.runtime.internal;

import java.util.List;

import io.fabrica.opcua.server.OpcUaServerHost;

/**
 * Command-line options of the runtime: {@code [--port N] [--bind ADDRESS]}.
 *
 * @param port the OPC UA port
 * @param bindAddress the local address to listen on
 */
public record RuntimeOptions(int port, String bindAddress) {

    /** The usage line printed on bad arguments. */
    public static final String USAGE = "Usage: fabrica-runtime [--port N (default 4840)] [--bind ADDRESS (default 0.0.0.0)]";

    /**
     * @param args the application arguments
     * @return the parsed options, defaults where not given
     * @throws IllegalArgumentException naming the bad argument
     */
    public static RuntimeOptions parse(List<String> args) {
        int port = OpcUaServerHost.DEFAULT_PORT;
        String bind = "0.0.0.0";
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--port" -> port = parsePort(valueAfter(args, i++));
                case "--bind" -> bind = valueAfter(args, i++);
                default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
            }
        }
        return new RuntimeOptions(port, bind);
    }

    private static String valueAfter(List<String> args, int i) {
        if (i + 1 >= args.size()) {
            throw new IllegalArgumentException("option " + args.get(i) + " needs a value");
        }
        return args.get(i + 1);
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--port must be a number from 1 to 65535, got '" + text + "'");
    }
}
