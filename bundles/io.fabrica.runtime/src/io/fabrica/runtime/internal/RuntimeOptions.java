package io.fabrica.runtime.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.fabrica.deploy.core.DeploymentPackage;
import io.fabrica.deploy.runtime.ApprovalSettings;
import io.fabrica.deploy.runtime.RuntimeServer;
import io.fabrica.opcua.server.OpcUaServerHost;
import io.fabrica.opcua.server.TemporaryFileTransfer;

/**
 * Command-line options of the runtime.
 *
 * @param port the OPC UA port
 * @param bindAddress the local address to listen on
 * @param dataDir the runtime's data folder (deployments, state, audit log, trusted keys, PKI)
 * @param engineer the user name with the engineer role (password from {@code FABRICA_PASSWORD}), or {@code null}
 * @param trustKeys public key files to add to the trust store at start
 * @param cycleBudgetMicros per-decision budget of this controller in microseconds, 0 for none
 * @param uploads the limits of package uploads
 * @param approvals how held parameter writes are approved, lapse, auto-approved, reverted; shadow mode
 */
public record RuntimeOptions(int port, String bindAddress, Path dataDir, String engineer, List<Path> trustKeys, double cycleBudgetMicros,
        TemporaryFileTransfer.Limits uploads, ApprovalSettings approvals) {

    /** The usage line printed on bad arguments. */
    public static final String USAGE = "Usage: fabrica-runtime [--port N (default 4840)] [--bind ADDRESS (default 0.0.0.0)]"
            + " [--data-dir DIR (default ~/.fabrica/runtime)] [--user ENGINEER (password in FABRICA_PASSWORD)]"
            + " [--trust-key FILE.pub]... [--cycle-budget MICROSECONDS] [--max-package-mb N (default 512)] [--max-uploads N (default 2)]"
            + " [--upload-chunk-kb N (default 1024)] [--upload-timeout SECONDS (default 120)]"
            + " [--approval-expiry DURATION (default 10m)] [--shadow] [--auto-approve \"<parameter name>=<low>..<high>\"]..."
            + " [--min-write-interval DURATION (default 5s)] [--revert-margin PERCENT (default 10)] [--revert-after N (default 5 predictions)]";

    /**
     * @param args the application arguments
     * @return the parsed options, defaults where not given
     * @throws IllegalArgumentException naming the bad argument
     */
    public static RuntimeOptions parse(List<String> args) {
        int port = OpcUaServerHost.DEFAULT_PORT;
        String bind = "0.0.0.0";
        Path data = Path.of(System.getProperty("user.home"), ".fabrica", "runtime");
        String engineer = null;
        List<Path> keys = new ArrayList<>();
        double budget = 0;
        TemporaryFileTransfer.Limits defaults = RuntimeServer.DEFAULT_UPLOADS;
        long maxPackage = defaults.maxFileBytes();
        int maxUploads = defaults.maxConcurrent();
        int chunk = defaults.maxChunkBytes();
        long timeout = defaults.timeout().toSeconds();
        ApprovalSettings approvals = ApprovalSettings.DEFAULTS;
        List<ApprovalSettings.Band> bands = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--port" -> port = parsePort(valueAfter(args, i++));
                case "--bind" -> bind = valueAfter(args, i++);
                case "--data-dir" -> data = Path.of(valueAfter(args, i++)).toAbsolutePath();
                case "--user" -> engineer = valueAfter(args, i++);
                case "--trust-key" -> keys.add(Path.of(valueAfter(args, i++)).toAbsolutePath());
                case "--cycle-budget" -> budget = parseBudget(valueAfter(args, i++));
                case "--max-package-mb" -> maxPackage = positive(arg, valueAfter(args, i++), DeploymentPackage.MAX_TOTAL_BYTES >> 20) << 20;
                case "--max-uploads" -> maxUploads = (int) positive(arg, valueAfter(args, i++), 64);
                case "--upload-chunk-kb" -> chunk = (int) positive(arg, valueAfter(args, i++), RuntimeServer.MAX_CHUNK_BYTES / 1024) * 1024;
                case "--upload-timeout" -> timeout = positive(arg, valueAfter(args, i++), 86_400);
                case "--approval-expiry" -> approvals = approvals.withExpiry(duration(arg, valueAfter(args, i++)));
                case "--shadow" -> approvals = approvals.withShadow(true);
                case "--auto-approve" -> bands.add(ApprovalSettings.Band.parse(valueAfter(args, i++)));
                case "--min-write-interval" -> approvals = approvals.withMinWriteInterval(duration(arg, valueAfter(args, i++)));
                case "--revert-margin" -> approvals = approvals.withRevert(percent(valueAfter(args, i++)), approvals.revertObservations());
                case "--revert-after" -> approvals = approvals.withRevert(approvals.revertMargin(), (int) positive(arg, valueAfter(args, i++), 10_000));
                default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
            }
        }
        return new RuntimeOptions(port, bind, data, engineer, List.copyOf(keys), budget,
                new TemporaryFileTransfer.Limits(maxPackage, maxUploads, chunk, Duration.ofSeconds(timeout)), approvals.withAutoApprove(bands));
    }

    /**
     * @param option the option, for the message
     * @param text {@code 90s}, {@code 10m}, {@code 2h}, {@code 500ms} or an ISO-8601 duration ({@code PT10M})
     * @return the duration
     */
    static Duration duration(String option, String text) {
        try {
            String t = text.trim().toLowerCase(java.util.Locale.ROOT);
            if (t.startsWith("pt") || t.startsWith("p")) {
                return Duration.parse(t.toUpperCase(java.util.Locale.ROOT));
            }
            int unit = 0;
            while (unit < t.length() && (Character.isDigit(t.charAt(unit)) || t.charAt(unit) == '.')) {
                unit++;
            }
            double amount = Double.parseDouble(t.substring(0, unit));
            long millis = switch (t.substring(unit)) {
                case "ms" -> 1;
                case "s", "" -> 1_000;
                case "m", "min" -> 60_000;
                case "h" -> 3_600_000;
                default -> throw new IllegalArgumentException();
            };
            return Duration.ofMillis(Math.round(amount * millis));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(option + " must be a duration such as 30s, 10m or 2h, got '" + text + "'", e);
        }
    }

    private static double percent(String text) {
        try {
            double value = Double.parseDouble(text.trim().replaceFirst("%$", ""));
            if (value >= 0 && value <= 1000) {
                return value / 100;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--revert-margin must be a percentage from 0 to 1000, got '" + text + "'");
    }

    private static long positive(String option, String text, long max) {
        try {
            long value = Long.parseLong(text);
            if (value >= 1 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " must be a whole number from 1 to " + max + ", got '" + text + "'");
    }

    private static double parseBudget(String text) {
        try {
            double value = Double.parseDouble(text);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--cycle-budget must be microseconds (0 or more), got '" + text + "'");
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
