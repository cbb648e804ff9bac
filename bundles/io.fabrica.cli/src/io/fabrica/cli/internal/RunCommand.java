package io.fabrica.cli.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.fabrica.cli.CommandContext;
import io.fabrica.cli.FabricaCommand;
import io.fabrica.devices.api.DeviceException;
import io.fabrica.devices.api.DeviceSession;
import io.fabrica.devices.core.DeviceDrivers;
import io.fabrica.pipeline.Pipeline;
import io.fabrica.pipeline.api.Decision;
import io.fabrica.pipeline.api.DecisionListener;
import io.fabrica.pipeline.api.ParameterWrite;
import io.fabrica.pipeline.engine.CompiledPipeline;
import io.fabrica.pipeline.engine.LivePipeline;
import io.fabrica.pipeline.resource.PipelineFiles;

/**
 * {@code fabrica run <pipeline> --from <endpoint> [--duration d] [--all]}: runs a trained pipeline on
 * live signals and prints its decisions with their reasons: every change of outcome and every alarm
 * ({@code --all}: every decision). Ctrl-C or the duration ends it.
 */
@Component(service = FabricaCommand.class)
public final class RunCommand implements FabricaCommand {

    @Reference
    private PipelineEngineHolder engine;

    @Reference
    private DeviceDrivers drivers;

    @Override
    public String name() {
        return "run";
    }

    @Override
    public String summary() {
        return "Run a trained pipeline on live signals and print its decisions with their reasons";
    }

    @Override
    public String synopsis() {
        return "<file.pipeline> --from <endpoint> [--duration <d, e.g. 30s>] [--all] [--security ...] [--user ...] [--pki ...] [--trust]";
    }

    @Override
    public int run(List<String> args, CommandContext context) throws Exception {
        Arguments arguments;
        Duration duration;
        Duration timeout;
        try {
            arguments = new Arguments(args, DeviceCommands.with(Set.of("--from", "--duration"), DeviceCommands.OPTIONS),
                    DeviceCommands.with(Set.of("--all"), DeviceCommands.FLAGS));
            if (arguments.positional().size() != 1 || arguments.option("--from") == null) {
                throw new Arguments.UsageException("give a trained pipeline and --from <endpoint>");
            }
            duration = arguments.option("--duration") == null ? null : RecordCommand.duration(arguments.option("--duration"));
            timeout = DeviceCommands.timeout(arguments);
        } catch (Arguments.UsageException e) {
            return Arguments.usage(context, name(), synopsis(), e.getMessage());
        }
        Path file = Arguments.resolve(context, arguments.positional().get(0));
        Pipeline pipeline = PipelineFiles.load(file);
        boolean all = arguments.flag("--all");
        AtomicLong decisions = new AtomicLong();
        AtomicLong alarms = new AtomicLong();
        try (CompiledPipeline graph = engine.engine().compile(pipeline, file.toAbsolutePath().getParent());
                DeviceSession session = DeviceCommands.open(drivers, arguments, arguments.option("--from"))) {
            graph.addListener(printer(context, all, decisions, alarms));
            CountDownLatch stop = new CountDownLatch(1);
            Thread hook = new Thread(stop::countDown, "fabrica-run-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try (LivePipeline live = LivePipeline.start(graph, session, Duration.ofMillis(100), timeout)) {
                context.err().println("Running " + pipeline.getName() + " on " + session.endpoint() + (duration == null ? " (Ctrl-C stops)" : ""));
                long end = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
                while (System.nanoTime() < end && live.running() && !stop.await(200, TimeUnit.MILLISECONDS)) {
                    // decisions are printed by the listener as they come
                }
                live.check();
                context.out().printf(Locale.ROOT, "%d decisions, %d alarms, %d samples, %d dropped%n", decisions.get(), alarms.get(),
                        live.pushed(), live.dropped());
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl-C: the JVM is already stopping
                }
            }
            return CommandContext.OK;
        } catch (Arguments.UsageException e) {
            return Arguments.usage(context, name(), synopsis(), e.getMessage());
        } catch (DeviceException e) {
            return DeviceCommands.failed(context, name(), e);
        }
    }

    private static DecisionListener printer(CommandContext context, boolean all, AtomicLong decisions, AtomicLong alarms) {
        return new DecisionListener() {
            private String last = "";

            @Override
            public void decided(Decision d) {
                decisions.incrementAndGet();
                if (all || !d.outcome().equals(last)) {
                    context.out().println(Instant.ofEpochMilli(d.timeMillis()) + " " + d.describe());
                }
                last = d.outcome();
            }

            @Override
            public void alarmRaised(String message, int severity, Decision cause) {
                alarms.incrementAndGet();
                context.out().println(Instant.ofEpochMilli(cause.timeMillis()) + " ALARM (" + severity + ") " + message + ": " + cause.describe());
            }

            @Override
            public void parameterWrite(ParameterWrite w) {
                context.out().println(Instant.ofEpochMilli(w.timeMillis()) + " " + w.status() + " " + w.parameter() + " = " + w.value() + ": " + w.detail());
            }
        };
    }
}
