package io.fabrica.cli.internal;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.fabrica.cli.CommandContext;
import io.fabrica.cli.FabricaCommand;
import io.fabrica.deploy.api.DeploymentException;
import io.fabrica.deploy.opcua.ApprovalsClient;
import io.fabrica.devices.api.ConnectionSpec;
import io.fabrica.devices.core.DeviceDrivers;
import io.fabrica.model.plant.SecurityMode;
import io.fabrica.model.plant.SecurityPolicy;

/**
 * {@code fabrica approvals --to <endpoint> [approve <id> | reject <id> --reason "…"]}: the parameter writes a
 * runtime holds for approval, as a table with the latest decisions, or approves / rejects one. Approving
 * and rejecting need the engineer user (roles come with issue 20); with {@code --user} and no
 * {@code --security} the channel is Basic256Sha256/SignAndEncrypt, which the runtime requires for them.
 */
@Component(service = FabricaCommand.class)
public final class ApprovalsCommand implements FabricaCommand {

    private static final int HISTORY_ROWS = 10;

    @Reference
    private DeviceDrivers drivers;

    @Override
    public String name() {
        return "approvals";
    }

    @Override
    public String summary() {
        return "List the parameter writes a runtime holds for approval, or approve / reject one";
    }

    @Override
    public String synopsis() {
        return "--to <endpoint> [approve <id> | reject <id> --reason \"...\"] [--user NAME] [--security Policy/Mode] [--pki DIR] [--trust]";
    }

    @Override
    public int run(List<String> args, CommandContext context) throws Exception {
        Arguments arguments;
        ConnectionSpec spec;
        List<String> words;
        try {
            arguments = new Arguments(args, DeviceCommands.with(Set.of("--to", "--reason"), DeviceCommands.OPTIONS),
                    DeviceCommands.with(Set.of(), DeviceCommands.FLAGS));
            words = arguments.positional();
            if (arguments.option("--to") == null) {
                throw new Arguments.UsageException("give --to <endpoint>");
            }
            checkWords(words, arguments.option("--reason"));
            spec = DeviceCommands.spec(arguments, arguments.option("--to"));
            if (arguments.option("--user") != null && arguments.option("--security") == null) {
                spec = spec.withSecurity(SecurityPolicy.BASIC256_SHA256, SecurityMode.SIGN_AND_ENCRYPT);
            }
        } catch (Arguments.UsageException e) {
            return Arguments.usage(context, name(), synopsis(), e.getMessage());
        }
        ApprovalsClient client = new ApprovalsClient(drivers);
        try {
            if (words.isEmpty()) {
                print(context, spec.endpoint(), client.list(spec));
            } else if (words.get(0).equals("approve")) {
                context.out().println(words.get(1) + ": " + client.approve(spec, words.get(1)));
            } else {
                context.out().println(words.get(1) + ": " + client.reject(spec, words.get(1), arguments.option("--reason")));
            }
            return CommandContext.OK;
        } catch (DeploymentException e) {
            context.err().println("fabrica approvals: " + e.getMessage());
            return CommandContext.FAILED;
        }
    }

    private static void checkWords(List<String> words, String reason) throws Arguments.UsageException {
        if (words.isEmpty()) {
            if (reason != null) {
                throw new Arguments.UsageException("--reason goes with reject <id>");
            }
            return;
        }
        String verb = words.get(0);
        if (!verb.equals("approve") && !verb.equals("reject") || words.size() != 2) {
            throw new Arguments.UsageException("give approve <id> or reject <id> --reason \"...\", or nothing to list; got " + String.join(" ", words));
        }
        if (verb.equals("reject") && (reason == null || reason.isBlank())) {
            throw new Arguments.UsageException("reject needs --reason \"...\" (it goes into the audit log)");
        }
        if (verb.equals("approve") && reason != null) {
            throw new Arguments.UsageException("--reason goes with reject, not approve");
        }
    }

    private static void print(CommandContext context, String endpoint, ApprovalsClient.Snapshot s) {
        context.out().println(endpoint + ": " + s.pending().size() + " pending approval(s)");
        if (!s.pending().isEmpty()) {
            context.out().printf(Locale.ROOT, "  %-6s  %-10s  %-24s  %-22s  %-30s  %s%n", "ID", "DEPLOYMENT", "PARAMETER", "CURRENT -> PROPOSED",
                    "PREDICTED NOW -> WITH [INTERVAL]", "EXPIRES");
        }
        for (ApprovalsClient.Pending p : s.pending()) {
            context.out().printf(Locale.ROOT, "  %-6s  %-10s  %-24s  %-22s  %-30s  %s%n", p.id(), p.deployment(), name(p.parameter()),
                    number(p.current()) + " -> " + number(p.proposed()), prediction(p), p.expires());
            for (String reason : p.reasons()) {
                context.out().println("          why: " + reason);
            }
            if (p.newer() > 0) {
                context.out().println("          (" + p.newer() + " newer proposal(s) for this parameter since)");
            }
        }
        context.out().println("recent decisions: " + s.history().size());
        s.history().stream().limit(HISTORY_ROWS).forEach(e -> context.out().printf(Locale.ROOT, "  %s  %-6s  %-9s  %-8s  %-24s  %s -> %s  %s%n",
                e.time(), e.id(), e.status(), e.user(), name(e.parameter()), number(e.current()), number(e.proposed()), e.detail()));
    }

    private static String prediction(ApprovalsClient.Pending p) {
        if (p.quality() == null) {
            return "-";
        }
        return number(p.predictedNow()) + " -> " + number(p.predictedWith()) + " [" + number(p.low()) + ", " + number(p.high()) + "]"
                + (p.gain() == null ? "" : " gain " + number(p.gain()));
    }

    private static String name(String path) {
        return path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
    }

    private static String number(Double v) {
        if (v == null || !Double.isFinite(v)) {
            return "?";
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
    }
}
