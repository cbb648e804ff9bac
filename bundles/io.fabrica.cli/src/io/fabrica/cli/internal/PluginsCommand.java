package io.fabrica.cli.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;

import io.fabrica.cli.CommandContext;
import io.fabrica.cli.FabricaCommand;
import io.fabrica.core.plugins.PluginException;
import io.fabrica.core.plugins.PluginInstaller;

/**
 * {@code fabrica plugins [--install <repository>] [--uninstall <bundle>]}: installs a vendor's p2
 * repository (or a folder of bundles, or a jar) into this installation and lists what the installed
 * bundles contribute — device drivers, description importers, stage factories, inference engines,
 * deployment targets — as the running framework's service registry has them, so what a plugin adds
 * shows right after the install, in the same process, without a restart. Installed plugins are kept
 * in the installation's configuration area and installed again by every later start.
 */
@Component(service = FabricaCommand.class)
public final class PluginsCommand implements FabricaCommand {

    /** The extension interfaces a plugin can contribute, by the name users read. */
    private static final Map<String, String> EXTENSIONS = Map.of(
            "io.fabrica.devices.api.DeviceDriver", "device driver",
            "io.fabrica.devices.api.DeviceDescriptionImporter", "description importer",
            "io.fabrica.pipeline.api.StageFactory", "stage factory",
            "io.fabrica.pipeline.api.InferenceEngine", "inference engine",
            "io.fabrica.deploy.api.DeploymentTarget", "deployment target");
    /** Declarative Services activates new components asynchronously; this long at most. */
    private static final long SETTLE_MILLIS = 5_000;

    @Override
    public String name() {
        return "plugins";
    }

    @Override
    public String summary() {
        return "Install or remove vendor plugins and list what every bundle contributes";
    }

    @Override
    public String synopsis() {
        return "[--install <p2 repository|folder|jar>] [--uninstall <bundle symbolic name>]";
    }

    @Override
    public int run(List<String> args, CommandContext context) throws Exception {
        Arguments arguments;
        try {
            arguments = new Arguments(args, Set.of("--install", "--uninstall"), Set.of());
            if (!arguments.positional().isEmpty()) {
                return Arguments.usage(context, name(), synopsis(), "unexpected " + arguments.positional().get(0));
            }
        } catch (Arguments.UsageException e) {
            return Arguments.usage(context, name(), synopsis(), e.getMessage());
        }
        BundleContext bundles = FrameworkUtil.getBundle(getClass()).getBundleContext();
        PluginInstaller installer = PluginInstaller.forInstallation(bundles);
        try {
            if (arguments.option("--uninstall") != null) {
                installer.uninstall(arguments.option("--uninstall"));
                context.out().println("Uninstalled " + arguments.option("--uninstall"));
            }
            if (arguments.option("--install") != null) {
                Path source = Arguments.resolve(context, arguments.option("--install"));
                List<Bundle> installed = installer.install(source);
                context.out().println(installed.isEmpty() ? "Nothing new in " + source : "Installed " + names(installed));
                awaitComponents(installed);
            }
        } catch (PluginException e) {
            context.err().println("fabrica plugins: " + e.getMessage());
            return CommandContext.FAILED;
        }
        startDeclaringBundles(bundles);
        List<Bundle> plugins = installer.installed();
        context.out().println("Plugins: " + (plugins.isEmpty() ? "none" : names(plugins)));
        for (String line : contributions(bundles)) {
            context.out().println(line);
        }
        return CommandContext.OK;
    }

    /** One line per registered extension service: kind, implementation, bundle. */
    private static List<String> contributions(BundleContext bundles) throws InvalidSyntaxException {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, String> extension : EXTENSIONS.entrySet().stream().sorted(Map.Entry.comparingByValue()).toList()) {
            ServiceReference<?>[] services = bundles.getAllServiceReferences(extension.getKey(), null);
            for (ServiceReference<?> service : services == null ? new ServiceReference<?>[0] : services) {
                Object component = service.getProperty("component.name");
                lines.add("  " + extension.getValue() + ": " + (component == null ? "(unnamed)" : component) + " from "
                        + service.getBundle().getSymbolicName() + " " + service.getBundle().getVersion());
            }
        }
        return lines;
    }

    /**
     * Lazily started bundles register their components only once something loads one of their
     * classes; a listing must not depend on what ran before, so bundles that declare components are
     * started by their activation policy (what the first use would do anyway), then given time to
     * register.
     */
    private static void startDeclaringBundles(BundleContext bundles) throws InterruptedException {
        List<Bundle> started = new ArrayList<>();
        for (Bundle bundle : bundles.getBundles()) {
            if (bundle.getState() == Bundle.RESOLVED && bundle.getHeaders().get("Service-Component") != null
                    && bundle.getHeaders().get("Fragment-Host") == null) {
                try {
                    bundle.start(Bundle.START_TRANSIENT | Bundle.START_ACTIVATION_POLICY);
                    started.add(bundle);
                } catch (org.osgi.framework.BundleException e) {
                    // a bundle that cannot start contributes nothing: the listing shows exactly that
                }
            }
        }
        awaitComponents(started);
    }

    /** Waits until every installed bundle that declares components has registered a service. */
    private static void awaitComponents(List<Bundle> installed) throws InterruptedException {
        long until = System.currentTimeMillis() + SETTLE_MILLIS;
        for (Bundle bundle : installed) {
            if (bundle.getHeaders().get("Service-Component") == null) {
                continue;
            }
            while (bundle.getRegisteredServices() == null && System.currentTimeMillis() < until) {
                Thread.sleep(50);
            }
        }
    }

    private static String names(List<Bundle> bundles) {
        return String.join(", ", bundles.stream().map(b -> b.getSymbolicName() + " " + b.getVersion()).toList());
    }
}
