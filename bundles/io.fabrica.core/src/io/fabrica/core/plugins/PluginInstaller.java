package io.fabrica.core.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Installs vendor plugins into the running Fabrica (workbench, CLI or runtime) and removes them again,
 * without a restart: the bundles of a vendor's p2 repository (its {@code plugins/} folder), a folder of
 * bundle jars, or one jar are installed into the OSGi framework and started. Their Declarative
 * Services components (drivers, importers, stages, deployment targets) appear at once in Fabrica's
 * registries, which track services dynamically; uninstalling stops them and they disappear.
 *
 * <p>What it does not do: resolve against remote repositories or download anything (a plugin's
 * third-party bundles must be in its repository, as a Tycho-built vendor repository has them), or
 * replace a bundle Fabrica itself ships. Plugins are recognized by their install location prefix
 * {@value #LOCATION_PREFIX}.
 *
 * <p>Kept across restarts when the installer has a <em>home</em> folder ({@link #forInstallation}):
 * installed jars are copied there and {@link #restore} installs them again at the next start (the
 * products call it when they start, since their configurator keeps only the bundles they ship).
 *
 * <p>Threading: calls are serialized on this object; they may block while bundles start.
 */
public final class PluginInstaller {

    /** Install-location prefix of the bundles this installer manages. */
    public static final String LOCATION_PREFIX = "fabrica-plugin:";

    /** Folder name of the plugin home inside the installation's configuration area. */
    public static final String HOME_FOLDER = "io.fabrica.plugins";

    private final BundleContext context;
    private final Path home;

    /**
     * An installer whose installs last for this run only.
     *
     * @param context any bundle's context of the running framework
     */
    public PluginInstaller(BundleContext context) {
        this(context, null);
    }

    /**
     * @param context any bundle's context of the running framework
     * @param home the folder that keeps installed plugins for later runs, or {@code null} for none
     */
    public PluginInstaller(BundleContext context, Path home) {
        this.context = context;
        this.home = home;
    }

    /**
     * The installer of this installation: its plugins are kept in {@value #HOME_FOLDER} of the
     * framework's configuration area (the product's {@code configuration/} folder), or for this run
     * only when the framework has no configuration area on disk.
     *
     * @param context any bundle's context of the running framework
     * @return the installer
     */
    public static PluginInstaller forInstallation(BundleContext context) {
        String area = context.getProperty("osgi.configuration.area");
        Path home = null;
        if (area != null && area.startsWith("file:")) {
            try {
                home = Path.of(java.net.URI.create(area.replace(" ", "%20"))).resolve(HOME_FOLDER);
            } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException notAFile) {
                home = null;
            }
        }
        return new PluginInstaller(context, home);
    }

    /**
     * Installs again the plugins kept in the home folder (at start: the products call this first).
     *
     * @return the bundles installed now; empty without a home or kept plugins
     * @throws PluginException naming the kept jar that could not be installed; none of them is then
     */
    public synchronized List<Bundle> restore() throws PluginException {
        if (home == null || !Files.isDirectory(home) || bundleJarsOrNone(home).isEmpty()) {
            return List.of();
        }
        return installNow(home);
    }

    /**
     * Installs and starts every bundle found at a path. Source bundles are skipped; a bundle whose
     * symbolic name and version are installed already is left as it is.
     *
     * @param source a p2 repository folder, a folder of jars, or a jar
     * @return the bundles installed now, in install order
     * @throws PluginException naming the file when the path holds no bundle, a jar is not a bundle,
     *         or a bundle cannot be resolved (then nothing of this call stays installed)
     */
    public synchronized List<Bundle> install(Path source) throws PluginException {
        List<Bundle> installed = installNow(source);
        keep(source, installed);
        return installed;
    }

    private List<Bundle> installNow(Path source) throws PluginException {
        List<Path> jars = bundleJars(source);
        List<Bundle> installed = new ArrayList<>();
        try {
            for (Path jar : jars) {
                Bundle bundle = installOne(jar);
                if (bundle != null) {
                    installed.add(bundle);
                }
            }
            resolve(installed);
            for (Bundle bundle : installed) {
                if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                    bundle.start(Bundle.START_ACTIVATION_POLICY);
                }
            }
            return installed;
        } catch (PluginException | RuntimeException e) {
            rollBack(installed);
            throw e;
        } catch (BundleException e) {
            rollBack(installed);
            throw new PluginException("Installing from " + source + " failed: " + e.getMessage(), e);
        }
    }

    /** @return the plugins installed by this installer (in any session), by symbolic name */
    public synchronized List<Bundle> installed() {
        List<Bundle> plugins = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getLocation().startsWith(LOCATION_PREFIX)) {
                plugins.add(bundle);
            }
        }
        plugins.sort(Comparator.comparing(Bundle::getSymbolicName));
        return plugins;
    }

    /**
     * Stops and uninstalls a plugin bundle and refreshes the framework, so nothing of it stays wired.
     *
     * @param symbolicName the bundle's symbolic name
     * @throws PluginException when no plugin of that name is installed (Fabrica's own bundles are
     *         never removed by this installer) or uninstalling fails
     */
    public synchronized void uninstall(String symbolicName) throws PluginException {
        List<Bundle> matches = installed().stream().filter(b -> b.getSymbolicName().equals(symbolicName)).toList();
        if (matches.isEmpty()) {
            throw new PluginException("No plugin " + symbolicName + " is installed");
        }
        try {
            for (Bundle bundle : matches) {
                bundle.uninstall();
            }
        } catch (BundleException e) {
            throw new PluginException("Uninstalling " + symbolicName + " failed: " + e.getMessage(), e);
        }
        context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class).refreshBundles(matches);
        forget(matches);
    }

    /** Copies the jars of the bundles just installed into the home, so that {@link #restore} finds them. */
    private void keep(Path source, List<Bundle> installed) throws PluginException {
        if (home == null || installed.isEmpty()) {
            return;
        }
        try {
            Files.createDirectories(home);
            for (Bundle bundle : installed) {
                Path jar = Path.of(bundle.getLocation().substring(LOCATION_PREFIX.length()));
                Path kept = home.resolve(bundle.getSymbolicName() + "_" + bundle.getVersion() + ".jar");
                io.fabrica.core.files.AtomicFiles.copy(jar, kept);
            }
        } catch (IOException e) {
            throw new PluginException("Installed from " + source + ", but it could not be kept for the next start in " + home
                    + ": " + e.getMessage(), e);
        }
    }

    private void forget(List<Bundle> removed) throws PluginException {
        if (home == null) {
            return;
        }
        for (Bundle bundle : removed) {
            try {
                Files.deleteIfExists(home.resolve(bundle.getSymbolicName() + "_" + bundle.getVersion() + ".jar"));
            } catch (IOException e) {
                throw new PluginException(bundle.getSymbolicName() + " is uninstalled but would come back at the next start: "
                        + e.getMessage(), e);
            }
        }
    }

    private static List<Path> bundleJarsOrNone(Path folder) {
        try {
            return bundleJars(folder);
        } catch (PluginException empty) {
            return List.of();
        }
    }

    private Bundle installOne(Path jar) throws PluginException, BundleException {
        Attributes manifest = manifest(jar);
        String name = symbolicName(manifest, jar);
        Version version = Version.parseVersion(manifest.getValue(Constants.BUNDLE_VERSION));
        for (Bundle existing : context.getBundles()) {
            if (name.equals(existing.getSymbolicName()) && version.equals(existing.getVersion())) {
                return null; // already there (a shared third-party bundle, or installed before)
            }
        }
        try (InputStream in = Files.newInputStream(jar)) {
            // the framework copies the jar into its storage, so the repository may be deleted afterwards
            return context.installBundle(LOCATION_PREFIX + jar.toAbsolutePath(), in);
        } catch (IOException e) {
            throw new PluginException("Cannot read " + jar + ": " + e.getMessage(), e);
        }
    }

    private void resolve(List<Bundle> bundles) throws PluginException {
        FrameworkWiring wiring = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        wiring.resolveBundles(bundles);
        for (Bundle bundle : bundles) {
            if (bundle.getState() == Bundle.INSTALLED) {
                throw new PluginException(bundle.getSymbolicName() + " " + bundle.getVersion()
                        + " cannot be resolved: a package or bundle it requires is missing or has another version"
                        + " (was it built against this Fabrica's p2 repository?)");
            }
        }
    }

    private static void rollBack(List<Bundle> installed) {
        for (Bundle bundle : installed) {
            try {
                bundle.uninstall();
            } catch (BundleException | IllegalStateException ignored) {
                // best effort: the original error is what the user needs to see
            }
        }
    }

    /** The jars to install: a p2 repository's plugins/, a folder's *.jar, or the file itself. */
    static List<Path> bundleJars(Path source) throws PluginException {
        if (Files.isRegularFile(source)) {
            return List.of(source);
        }
        Path folder = Files.isDirectory(source.resolve("plugins")) ? source.resolve("plugins") : source;
        if (!Files.isDirectory(folder)) {
            throw new PluginException(source + " does not exist");
        }
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> jars = files.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .filter(p -> !p.getFileName().toString().contains(".source_")).sorted().toList();
            if (jars.isEmpty()) {
                throw new PluginException(source + " holds no plugin: expected a p2 repository, a folder of bundle jars or a jar");
            }
            return jars;
        } catch (IOException e) {
            throw new PluginException("Cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    private static Attributes manifest(Path jar) throws PluginException {
        try (JarFile file = new JarFile(jar.toFile())) {
            if (file.getManifest() == null) {
                throw new PluginException(jar.getFileName() + " is not an OSGi bundle: it has no manifest");
            }
            return file.getManifest().getMainAttributes();
        } catch (IOException e) {
            throw new PluginException(jar.getFileName() + " is not a readable jar: " + e.getMessage(), e);
        }
    }

    private static String symbolicName(Attributes manifest, Path jar) throws PluginException {
        String header = manifest.getValue(Constants.BUNDLE_SYMBOLICNAME);
        if (header == null || header.isBlank()) {
            throw new PluginException(jar.getFileName() + " is not an OSGi bundle: it has no Bundle-SymbolicName");
        }
        return header.split(";", 2)[0].strip();
    }
}
