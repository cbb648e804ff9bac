package io.fabrica.cli.tests;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

import io.fabrica.cli.CommandContext;
import io.fabrica.cli.FabricaCommand;
import io.fabrica.cli.internal.Cli;

/**
 * The real command line with the commands Declarative Services registered, run in a folder with its
 * output captured, as a user would see it.
 */
final class RegisteredCli {

    private final Cli cli;
    private final Path folder;
    private ByteArrayOutputStream out = new ByteArrayOutputStream();
    private ByteArrayOutputStream err = new ByteArrayOutputStream();

    RegisteredCli(Path folder) throws Exception {
        BundleContext bundles = FrameworkUtil.getBundle(Cli.class).getBundleContext();
        List<FabricaCommand> commands = new ArrayList<>();
        bundles.getServiceReferences(FabricaCommand.class, null).forEach(ref -> commands.add(bundles.getService(ref)));
        this.cli = new Cli(commands);
        this.folder = folder;
    }

    /** Runs a command line; returns its exit code. */
    int run(String... args) {
        out = new ByteArrayOutputStream();
        err = new ByteArrayOutputStream();
        CommandContext context = new CommandContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), folder);
        return cli.run(List.of(args), context);
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
