package io.fabrica.cli.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.osgi.service.component.annotations.Component;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.fabrica.cli.CommandContext;
import io.fabrica.cli.FabricaCommand;
import io.fabrica.deploy.core.Keys;
import io.fabrica.deploy.core.PackageManifest;

/**
 * {@code fabrica package <trained.pipeline> -o x.fpkg [--key k.key] [--tier edge] [--report report.json]}:
 * builds a deployment package (pipeline, models, fitted statistics, plant) with a manifest of hashes,
 * signed with the key. With an evaluation report the package carries the measured per-decision latency
 * (sum of the stages' p99) so that runtimes can check it against their cycle budget. The parity gate
 * ({@link PackageParity}) runs the packaged models' golden inputs before the package is written.
 */
@Component(service = FabricaCommand.class)
public final class PackageCommand implements FabricaCommand {

    @org.osgi.service.component.annotations.Reference
    private PipelineEngineHolder engine;

    @Override
    public String name() {
        return "package";
    }

    @Override
    public String summary() {
        return "Build a signed deployment package (.fpkg) from a trained pipeline";
    }

    @Override
    public String synopsis() {
        return "<trained.pipeline> -o <x.fpkg> [--key <name.key>] [--tier edge] [--report <report.json>]";
    }

    @Override
    public int run(List<String> args, CommandContext context) throws Exception {
        Arguments arguments;
        try {
            arguments = new Arguments(args, Set.of("--key", "--tier", "--report", "-o", "--output"), Set.of());
            if (arguments.positional().size() != 1 || arguments.output() == null) {
                return Arguments.usage(context, name(), synopsis(), "give the trained pipeline and -o <x.fpkg>");
            }
        } catch (Arguments.UsageException e) {
            return Arguments.usage(context, name(), synopsis(), e.getMessage());
        }
        Path pipeline = Arguments.resolve(context, arguments.positional().get(0));
        Path out = Arguments.resolve(context, arguments.output());
        String tier = arguments.option("--tier") == null ? "edge" : arguments.option("--tier");
        double latency = arguments.option("--report") == null ? Double.NaN
                : latencyP99(Arguments.resolve(context, arguments.option("--report")));
        var key = arguments.option("--key") == null ? null : Keys.readPrivate(Arguments.resolve(context, arguments.option("--key")));
        PackageManifest manifest = PackageParity.build(engine.engine(), pipeline, out, key, tier, latency, context.err());
        context.out().printf(Locale.ROOT, "Packaged %s %s -> %s (%d entries, %s, %s)%n", manifest.pipelineName(), manifest.version(), out,
                manifest.entries().size(), key == null ? "UNSIGNED: runtimes refuse it" : "signed by " + manifest.signer(),
                Double.isNaN(latency) ? "latency unknown" : String.format(Locale.ROOT, "p99 %.0f µs per decision", latency));
        return CommandContext.OK;
    }

    /** The sum of the stages' p99 from an evaluation report: a conservative per-decision figure. */
    static double latencyP99(Path report) throws java.io.IOException {
        Path file = Files.isDirectory(report) ? report.resolve("report.json") : report;
        JsonObject json = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        JsonElement latencies = json.get("latencies");
        if (latencies == null || !latencies.isJsonObject()) {
            throw new java.io.IOException(file + ": has no latencies (is it a report written by fabrica evaluate?)");
        }
        double sum = 0;
        for (var stage : latencies.getAsJsonObject().entrySet()) {
            JsonElement p99 = stage.getValue().getAsJsonObject().get("p99Micros");
            sum += p99 == null || p99.isJsonNull() ? 0 : p99.getAsDouble();
        }
        return sum;
    }
}
