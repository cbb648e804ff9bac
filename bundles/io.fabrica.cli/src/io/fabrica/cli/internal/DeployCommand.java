package io.fabrica.cli.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;

import io.fabrica.cli.CommandContext;
import io.fabrica.cli.FabricaCommand;
import io.fabrica.deploy.api.DeploymentException;
import io.fabrica.deploy.api.DeploymentTarget;
import io.fabrica.devices.api.ConnectionSpec;

/**
 * {@code fabrica deploy x.fpkg --to <endpoint>... [--force] [--security ...] [--user ...]}: deploys a
 * package to a fleet of runtimes in parallel and prints one line per target and a summary; exit code 1
 * if any target refused or failed. Also {@code --start|--stop|--rollback|--remove <id> --to ...}.
 */
@Component(service = FabricaCommand.class)
public final class DeployCommand implements FabricaCommand {

    @Reference(cardinality = ReferenceCardinality.MULTIPLE)
    private List<DeploymentTarget> targets;

    @Reference
    private PipelineEngineHolder engine;

    @Override
    public String name() {
        return "deploy";
    }

    @Override
    public String summary() {
        return "Deploy a signed package to runtimes in parallel (or start/stop/rollback/remove a deployment)";
    }

    @Override
    public String synopsis() {
        return "<x.fpkg> --to <endpoint>[,<endpoint>...] [--force] | --start|--stop|--rollback|--remove <id> --to <endpoint>..."
                + "  [--security Policy/Mode] [--user NAME] [--pki DIR] [--trust]";
    }

    @Override
    public int run(List<String> args, CommandContext context) throws Exception {
        Arguments arguments;
        List<String> endpoints;
        String operation = null;
        String id = null;
        try {
            arguments = new Arguments(args, DeviceCommands.with(Set.of("--to", "--start", "--stop", "--rollback", "--remove"),
                    DeviceCommands.OPTIONS), DeviceCommands.with(Set.of("--force"), DeviceCommands.FLAGS));
            endpoints = arguments.option("--to") == null ? List.of() : List.of(arguments.option("--to").split(","));
            for (String op : List.of("--start", "--stop", "--rollback", "--remove")) {
                if (arguments.option(op) != null) {
                    operation = Character.toUpperCase(op.charAt(2)) + op.substring(3);
                    id = arguments.option(op);
                }
            }
            if (endpoints.isEmpty() || (operation == null) == arguments.positional().isEmpty()) {
                throw new Arguments.UsageException("give a package or one of --start/--stop/--rollback/--remove <id>, and --to <endpoint>...");
            }
            for (String endpoint : endpoints) {
                DeviceCommands.spec(arguments, endpoint);
            }
        } catch (Arguments.UsageException e) {
            return Arguments.usage(context, name(), synopsis(), e.getMessage());
        }
        if (operation == null) {
            PackageParity.check(engine.engine(), Arguments.resolve(context, arguments.positional().get(0)), arguments.positional().get(0), context.err());
        }
        byte[] bytes = operation == null ? Files.readAllBytes(Arguments.resolve(context, arguments.positional().get(0))) : null;
        Map<String, String> results = fleet(arguments, endpoints, bytes, operation, id);
        long failed = results.values().stream().filter(r -> r.startsWith("FAILED")).count();
        results.forEach((endpoint, result) -> context.out().println(endpoint + ": " + result));
        context.out().println((results.size() - failed) + " of " + results.size() + " runtime(s) " + (operation == null ? "deployed" : operation.toLowerCase())
                + (failed == 0 ? "" : ", " + failed + " failed"));
        return failed == 0 ? CommandContext.OK : CommandContext.FAILED;
    }

    /** Runs the operation on every endpoint at once; one result line per endpoint, in the order given. */
    private Map<String, String> fleet(Arguments arguments, List<String> endpoints, byte[] bytes, String operation, String id)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(endpoints.size(), 16));
        try {
            Map<String, Future<String>> pending = new LinkedHashMap<>();
            for (String endpoint : endpoints) {
                ConnectionSpec spec = DeviceCommands.spec(arguments, endpoint);
                pending.put(endpoint, pool.submit(() -> one(spec, bytes, operation, id, arguments.flag("--force"))));
            }
            Map<String, String> results = new LinkedHashMap<>();
            for (var entry : pending.entrySet()) {
                results.put(entry.getKey(), entry.getValue().get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private String one(ConnectionSpec spec, byte[] bytes, String operation, String id, boolean force) {
        DeploymentTarget target = targets.stream().filter(t -> t.accepts(spec.endpoint())).findFirst().orElse(null);
        if (target == null) {
            return "FAILED: no deployment target handles " + spec.endpoint() + " (installed: "
                    + new ArrayList<>(targets.stream().map(DeploymentTarget::name).toList()) + ")";
        }
        try {
            if (operation != null) {
                target.control(spec, operation, id);
                return operation.toLowerCase() + " " + id + ": ok";
            }
            String deployed = target.deploy(spec, bytes, force);
            return "deployed " + deployed;
        } catch (DeploymentException e) {
            return "FAILED: " + e.getMessage();
        }
    }
}
