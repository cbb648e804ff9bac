package io.fabrica.cli.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import io.fabrica.cli.CommandContext;
import io.fabrica.cli.FabricaCommand;

/**
 * The {@code fabrica} Equinox application: collects the {@link FabricaCommand} services and runs
 * the command line through {@link Cli}. Returns the exit code to the launcher.
 */
public final class CliApplication implements IApplication {

    @Override
    public Object start(IApplicationContext context) throws Exception {
        String[] args = (String[]) context.getArguments().getOrDefault(IApplicationContext.APPLICATION_ARGS, new String[0]);
        context.applicationRunning();
        BundleContext bundles = FrameworkUtil.getBundle(getClass()).getBundleContext();
        restorePlugins(bundles);
        List<ServiceReference<FabricaCommand>> refs = commandReferences(bundles);
        try {
            List<FabricaCommand> commands = new ArrayList<>();
            for (ServiceReference<FabricaCommand> ref : refs) {
                FabricaCommand command = bundles.getService(ref);
                if (command != null) {
                    commands.add(command);
                }
            }
            CommandContext io = new CommandContext(System.out, System.err, Path.of("").toAbsolutePath());
            int code = new Cli(commands).run(Arrays.asList(args), io);
            System.out.flush();
            System.err.flush();
            return Integer.valueOf(code);
        } finally {
            refs.forEach(bundles::ungetService);
        }
    }

    /** Vendor plugins installed earlier ({@code fabrica plugins --install}) take part in every command. */
    private static void restorePlugins(BundleContext bundles) {
        try {
            io.fabrica.core.plugins.PluginInstaller.forInstallation(bundles).restore();
        } catch (io.fabrica.core.plugins.PluginException e) {
            System.err.println("fabrica: the installed plugins are not available in this run: " + e.getMessage());
        }
    }

    @Override
    public void stop() {
        // commands run to completion on the main thread; nothing to interrupt
    }

    private static List<ServiceReference<FabricaCommand>> commandReferences(BundleContext bundles)
            throws InvalidSyntaxException {
        return new ArrayList<>(bundles.getServiceReferences(FabricaCommand.class, null));
    }
}
