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
import io.fabrica.deploy.opcua.FileDeploymentTarget;
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
        Path pkg = operation == null ? Arguments.resolve(context, arguments.positional().get(0)) : null;
        if (pkg != null && !Files.isRegularFile(pkg)) {
            context.err().println("fabrica deploy: " + pkg + ": no such package file");
            return CommandContext.FAILED;
        }
        if (pkg != null) {
            PackageParity.check(engine.engine(), pkg, arguments.positional().get(0), context.err());
        }
        Map<String, String> results = fleet(arguments, endpoints, new Payload(pkg, context.out()), operation, id);
        long failed = results.values().stream().filter(r -> r.startsWith("FAILED")).count();
        results.forEach((endpoint, result) -> context.out().println(endpoint + ": " + result));
        context.out().println((results.size() - failed) + " of " + results.size() + " runtime(s) " + (operation == null ? "deployed" : operation.toLowerCase())
                + (failed == 0 ? "" : ", " + failed + " failed"));
        return failed == 0 ? CommandContext.OK : CommandContext.FAILED;
    }

    /** Runs the operation on every endpoint at once; one result line per endpoint, in the order given. */
    /** The package to deploy: streamed in chunks to targets that can (with progress), read whole for the others. */
    private record Payload(Path file, java.io.PrintStream progress) {
        String deployTo(DeploymentTarget target, ConnectionSpec spec, boolean force) throws DeploymentException {
            if (target instanceof FileDeploymentTarget chunked) {
                return chunked.deploy(spec, file, force, new UploadPrinter(progress, spec.endpoint()));
            }
            try {
                return target.deploy(spec, Files.readAllBytes(file), force);
            } catch (java.io.IOException e) {
                throw new DeploymentException(file + ": cannot read the package: " + e.getMessage(), e);
            }
        }
    }

    private Map<String, String> fleet(Arguments arguments, List<String> endpoints, Payload bytes, String operation, String id)
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

    private String one(ConnectionSpec spec, Payload bytes, String operation, String id, boolean force) {
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
            String deployed = bytes.deployTo(target, spec, force);
            return "deployed " + deployed;
        } catch (DeploymentException e) {
            return "FAILED: " + e.getMessage();
        }
    }
}
