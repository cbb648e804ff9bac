package io.fabrica.cli.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.osgi.service.component.annotations.Component;

import io.fabrica.cli.CommandContext;
import io.fabrica.cli.FabricaCommand;

/**
 * {@code fabrica doctor}: checks that this installation can do its work — Java version, the
 * OPC UA stack on loopback, ONNX Runtime inference and the PyTorch engine with its natives —
 * and prints one line per check. Run it after installing, or when something fails oddly.
 */
@Component(service = FabricaCommand.class)
public final class DoctorCommand implements FabricaCommand {

    @Override
    public String name() {
        return "doctor";
    }

    @Override
    public String summary() {
        return "Check Java, OPC UA, ONNX Runtime and PyTorch in this installation";
    }

    @Override
    public String synopsis() {
        return "";
    }

    @Override
    public int run(List<String> args, CommandContext context) {
        if (!args.isEmpty()) {
            context.err().println("fabrica doctor: takes no arguments");
            return CommandContext.USAGE;
        }
        List<Boolean> results = new ArrayList<>();
        results.add(check(context, "Java 21+", InstallationChecks::java));
        results.add(check(context, "OPC UA (Milo, loopback)", InstallationChecks::opcUa));
        results.add(check(context, "ONNX Runtime (DJL)", InstallationChecks::onnxRuntime));
        results.add(check(context, "PyTorch (DJL, CPU)", InstallationChecks::pyTorch));
        long failed = results.stream().filter(ok -> !ok).count();
        context.out().println(failed == 0 ? "All checks passed." : failed + " check(s) failed.");
        return failed == 0 ? CommandContext.OK : CommandContext.FAILED;
    }

    private static boolean check(CommandContext context, String label, Callable<String> check) {
        long start = System.nanoTime();
        try {
            String detail = check.call();
            context.out().printf("ok    %-26s %6d ms  %s%n", label, elapsedMs(start), detail);
            return true;
        } catch (Exception | LinkageError e) {
            context.out().printf("FAIL  %-26s %6d ms  %s%n", label, elapsedMs(start), e);
            return false;
        }
    }

    private static long elapsedMs(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
