package io.fabrica.cli.internal;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;

import io.fabrica.cli.CommandContext;
import io.fabrica.cli.FabricaCommand;
import io.fabrica.deploy.api.DeploymentException;
import io.fabrica.deploy.api.DeploymentStatus;
import io.fabrica.deploy.api.DeploymentTarget;
import io.fabrica.devices.api.ConnectionSpec;

/**
 * {@code fabrica status --to <endpoint>...}: lists the deployments of each runtime with their live
 * variables (state, version, decisions, latency, last decision, last error).
 */
@Component(service = FabricaCommand.class)
public final class StatusCommand implements FabricaCommand {

    @Reference(cardinality = ReferenceCardinality.MULTIPLE)
    private List<DeploymentTarget> targets;

    @Override
    public String name() {
        return "status";
    }

    @Override
    public String summary() {
        return "List the deployments of runtimes with their live state, decisions and latency";
    }

    @Override
    public String synopsis() {
        return "--to <endpoint>[,<endpoint>...] [--security Policy/Mode] [--user NAME] [--pki DIR] [--trust]";
    }

    @Override
    public int run(List<String> args, CommandContext context) throws Exception {
        Arguments arguments;
        try {
            arguments = new Arguments(args, DeviceCommands.with(Set.of("--to"), DeviceCommands.OPTIONS), DeviceCommands.with(Set.of(),
                    DeviceCommands.FLAGS));
            if (arguments.option("--to") == null) {
                throw new Arguments.UsageException("give --to <endpoint>");
            }
        } catch (Arguments.UsageException e) {
            return Arguments.usage(context, name(), synopsis(), e.getMessage());
        }
        int failed = 0;
        for (String endpoint : arguments.option("--to").split(",")) {
            ConnectionSpec spec = DeviceCommands.spec(arguments, endpoint);
            DeploymentTarget target = targets.stream().filter(t -> t.accepts(endpoint)).findFirst().orElse(null);
            try {
                if (target == null) {
                    throw new DeploymentException("no deployment target handles " + endpoint, null);
                }
                List<DeploymentStatus> all = target.status(spec);
                context.out().println(endpoint + ": " + all.size() + " deployment(s)");
                for (DeploymentStatus s : all) {
                    context.out().printf(Locale.ROOT, "  %s %s %s %s: %d decisions, latency p50 %.0f µs p99 %.0f µs%s%s%n", s.id(), s.name(),
                            s.version(), s.state(), s.decisionCount(), s.latencyP50Micros(), s.latencyP99Micros(),
                            s.lastDecision().isEmpty() ? "" : "; last: " + s.lastDecision(), s.lastError().isEmpty() ? "" : "; error: " + s.lastError());
                }
            } catch (DeploymentException e) {
                failed++;
                context.err().println("fabrica status: " + e.getMessage());
            }
        }
        return failed == 0 ? CommandContext.OK : CommandContext.FAILED;
    }
}
