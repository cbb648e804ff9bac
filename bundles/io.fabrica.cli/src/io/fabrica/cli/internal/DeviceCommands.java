package io.fabrica.cli.internal;

import java.time.Duration;
import java.util.List;

import io.fabrica.cli.CommandContext;
import io.fabrica.devices.api.ConnectionSpec;
import io.fabrica.devices.api.DeviceException;
import io.fabrica.devices.api.DeviceSession;
import io.fabrica.devices.api.SampledValue;
import io.fabrica.devices.core.DeviceDrivers;
import io.fabrica.devices.opcua.NodeAddresses;
import io.fabrica.model.plant.OpcUaNodeAddress;

/** What the device commands share: connecting with a bounded wait, resolving node texts, printing values. */
final class DeviceCommands {

    /** The OPC UA NamespaceArray variable (i=2255), read to resolve {@code ns=<index>} node texts. */
    private static final String NAMESPACE_ARRAY = "i=2255";

    private DeviceCommands() {
    }

    /** Options every device command takes: channel security, user, PKI folder, timeout. */
    static final java.util.Set<String> OPTIONS = java.util.Set.of("--security", "--user", "--pki", "--timeout");

    /** Flags every device command takes: {@code --trust} trusts the server's certificate. */
    static final java.util.Set<String> FLAGS = java.util.Set.of("--trust");

    /** Environment variable with the password for {@code --user} (never on the command line). */
    static final String PASSWORD_VARIABLE = "FABRICA_PASSWORD";

    /** @return {@code base} plus the shared device options */
    static java.util.Set<String> with(java.util.Set<String> base, java.util.Set<String> shared) {
        java.util.Set<String> all = new java.util.HashSet<>(base);
        all.addAll(shared);
        return all;
    }

    /**
     * The connection a device command asked for: {@code --security Policy/Mode} (e.g.
     * Basic256Sha256/SignAndEncrypt), {@code --user NAME} with the password from
     * {@value #PASSWORD_VARIABLE} or the console, {@code --pki DIR}, {@code --trust}, {@code --timeout}.
     */
    static ConnectionSpec spec(Arguments arguments, String endpoint) throws Arguments.UsageException {
        ConnectionSpec spec = ConnectionSpec.anonymous(endpoint).withTimeout(timeout(arguments)).withTrustServer(arguments.flag("--trust"));
        if (arguments.option("--pki") != null) {
            spec = spec.withPki(java.nio.file.Path.of(arguments.option("--pki")).toAbsolutePath());
        }
        if (arguments.option("--security") != null) {
            String[] parts = arguments.option("--security").split("/");
            io.fabrica.model.plant.SecurityPolicy policy = parts.length == 2 ? io.fabrica.model.plant.SecurityPolicy.get(parts[0]) : null;
            io.fabrica.model.plant.SecurityMode mode = parts.length == 2 ? io.fabrica.model.plant.SecurityMode.get(parts[1]) : null;
            if (policy == null || mode == null) {
                throw new Arguments.UsageException("--security takes Policy/Mode, e.g. Basic256Sha256/SignAndEncrypt (policies: None, "
                        + "Basic256Sha256, Aes128_Sha256_RsaOaep, Aes256_Sha256_RsaPss; modes: None, Sign, SignAndEncrypt)");
            }
            spec = spec.withSecurity(policy, mode);
        }
        if (arguments.option("--user") != null) {
            spec = spec.withCredentials(arguments.option("--user"), password(arguments.option("--user")));
        }
        return spec;
    }

    private static char[] password(String user) throws Arguments.UsageException {
        String fromEnvironment = System.getenv(PASSWORD_VARIABLE);
        if (fromEnvironment != null) {
            return fromEnvironment.toCharArray();
        }
        java.io.Console console = System.console();
        if (console != null) {
            char[] typed = console.readPassword("Password for %s: ", user);
            if (typed != null) {
                return typed;
            }
        }
        throw new Arguments.UsageException("--user needs a password: set " + PASSWORD_VARIABLE + " or run in a terminal");
    }

    /** Connects as the command line asks ({@link #spec}); bad security or user options are usage errors. */
    static DeviceSession open(DeviceDrivers drivers, Arguments arguments, String endpoint) throws DeviceException, Arguments.UsageException {
        return connect(drivers, spec(arguments, endpoint));
    }

    /** Connects anonymously without channel security, waiting at most {@code timeout}. */
    static DeviceSession connect(DeviceDrivers drivers, String endpoint, Duration timeout) throws DeviceException {
        return connect(drivers, ConnectionSpec.anonymous(endpoint).withTimeout(timeout));
    }

    /** Connects as the spec says, waiting at most three times its timeout (discovery, channel, session). */
    static DeviceSession connect(DeviceDrivers drivers, ConnectionSpec spec) throws DeviceException {
        String endpoint = spec.endpoint();
        Duration timeout = spec.timeout();
        try {
            return drivers.forEndpoint(endpoint).connect(spec).get(timeout.toMillis() * 3, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeviceException(DeviceException.Reason.TIMEOUT, "interrupted while connecting to " + endpoint, e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new DeviceException(DeviceException.Reason.TIMEOUT, "connect to " + endpoint + ": no answer in time", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw DeviceException.of(e.getCause(), "connect to " + endpoint);
        }
    }

    /** The server's namespace table, for node texts with {@code ns=<index>}. */
    static List<String> namespaces(DeviceSession session, Duration timeout) throws DeviceException {
        SampledValue table = session.readSync(List.of(NodeAddresses.parse(NAMESPACE_ARRAY, List.of())), timeout).get(0);
        if (table.value() instanceof String[] uris) {
            return List.of(uris);
        }
        return List.of("http://opcfoundation.org/UA/");
    }

    /** Parses a node text, resolving {@code ns=<index>} against the server's table only when needed. */
    static OpcUaNodeAddress node(DeviceSession session, String text, Duration timeout) throws DeviceException {
        List<String> table = text.trim().startsWith("ns=") ? namespaces(session, timeout) : List.of();
        return NodeAddresses.parse(text, table);
    }

    /** Formats a value for a terminal: arrays and images summarised, numbers as they are. */
    static String format(SampledValue sample) {
        Object v = sample.value();
        String text;
        if (v == null) {
            text = "(no value)";
        } else if (v instanceof double[] array) {
            text = summary(array);
        } else if (v instanceof byte[] bytes) {
            text = bytes.length + " bytes" + (isPng(bytes) ? " (PNG image)" : "");
        } else if (v instanceof Object[] array) {
            text = java.util.Arrays.toString(array);
        } else {
            text = String.valueOf(v);
        }
        String quality = sample.isGood() ? "" : "  [" + sample.quality().name().toLowerCase() + (sample.status().isEmpty() ? "" : ": " + sample.status()) + "]";
        return text + quality;
    }

    private static String summary(double[] array) {
        if (array.length == 0) {
            return "[]";
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sumSquares = 0;
        for (double d : array) {
            min = Math.min(min, d);
            max = Math.max(max, d);
            sumSquares += d * d;
        }
        return String.format("[%d values, min %.4g, max %.4g, rms %.4g]", array.length, min, max, Math.sqrt(sumSquares / array.length));
    }

    private static boolean isPng(byte[] bytes) {
        return bytes.length > 8 && bytes[0] == (byte) 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G';
    }

    /** Reports a device failure as the one sentence it carries; exit code 1. */
    static int failed(CommandContext context, String command, DeviceException e) {
        context.err().println("fabrica " + command + ": " + e.getMessage());
        return CommandContext.FAILED;
    }

    /** Parses {@code --timeout <seconds>}, default 10 s. */
    static Duration timeout(Arguments arguments) throws Arguments.UsageException {
        String value = arguments.option("--timeout");
        if (value == null) {
            return ConnectionSpec.DEFAULT_TIMEOUT;
        }
        try {
            double seconds = Double.parseDouble(value);
            if (seconds <= 0) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis((long) (seconds * 1000));
        } catch (NumberFormatException e) {
            throw new Arguments.UsageException("--timeout takes a positive number of seconds");
        }
    }
}
