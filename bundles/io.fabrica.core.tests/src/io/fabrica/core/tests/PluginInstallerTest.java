package io.fabrica.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

import io.fabrica.core.plugins.PluginException;
import io.fabrica.core.plugins.PluginInstaller;

/**
 * Plugins installed into the running framework from a p2-style repository folder and removed again,
 * with the refusals a user meets: an empty folder, a jar that is not a bundle, a bundle whose
 * requirement is missing (nothing of that install stays behind), and removing a bundle that is not
 * a plugin.
 */
class PluginInstallerTest {

    private final BundleContext context = FrameworkUtil.getBundle(PluginInstaller.class).getBundleContext();
    private final PluginInstaller installer = new PluginInstaller(context);

    @TempDir
    Path dir;

    @AfterEach
    void removePlugins() throws Exception {
        for (Bundle b : installer.installed()) {
            installer.uninstall(b.getSymbolicName());
        }
    }

    @Test
    void installsARepositoryStartsItAndUninstallsIt() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo/plugins"));
        bundle(repo.resolve("com.example.api_1.0.0.jar"), "com.example.api", "Export-Package", "com.example.api;version=\"1.0.0\"");
        bundle(repo.resolve("com.example.impl_1.0.0.jar"), "com.example.impl", "Import-Package", "com.example.api;version=\"[1.0,2)\"");
        bundle(repo.resolve("com.example.impl.source_1.0.0.jar"), "com.example.impl.source", "Eclipse-SourceBundle", "com.example.impl");

        List<Bundle> installed = installer.install(dir.resolve("repo"));
        assertEquals(List.of("com.example.api", "com.example.impl"), installed.stream().map(Bundle::getSymbolicName).toList(),
                "both bundles, not the source bundle");
        for (Bundle b : installed) {
            assertTrue(b.getState() == Bundle.ACTIVE || b.getState() == Bundle.STARTING, b + " is started");
        }
        assertEquals(2, installer.installed().size());
        assertTrue(installer.install(dir.resolve("repo")).isEmpty(), "installing again changes nothing");

        installer.uninstall("com.example.impl");
        assertEquals(List.of("com.example.api"), installer.installed().stream().map(Bundle::getSymbolicName).toList());
        assertTrue(Arrays.stream(context.getBundles()).noneMatch(b -> "com.example.impl".equals(b.getSymbolicName())),
                "gone from the framework");
    }

    @Test
    void keptPluginsComeBackAtTheNextStartUntilUninstalled() throws Exception {
        Path home = dir.resolve("home");
        PluginInstaller kept = new PluginInstaller(context, home);
        Path repo = Files.createDirectories(dir.resolve("repo/plugins"));
        bundle(repo.resolve("com.example.kept_1.0.0.jar"), "com.example.kept", "Export-Package", "com.example.kept");
        kept.install(dir.resolve("repo"));
        assertTrue(Files.exists(home.resolve("com.example.kept_1.0.0.jar")), "kept for the next start");

        // a restart: the product's configurator drops bundles it does not ship, and the repository is gone
        for (Bundle b : installer.installed()) {
            b.uninstall();
        }
        Files.delete(repo.resolve("com.example.kept_1.0.0.jar"));
        assertTrue(installer.installed().isEmpty());
        assertEquals(List.of("com.example.kept"), kept.restore().stream().map(Bundle::getSymbolicName).toList(), "restored at start");

        kept.uninstall("com.example.kept");
        assertTrue(Files.notExists(home.resolve("com.example.kept_1.0.0.jar")), "an uninstalled plugin stays away");
        assertTrue(kept.restore().isEmpty());
        assertTrue(new PluginInstaller(context, dir.resolve("never-used")).restore().isEmpty(), "no home, nothing to restore");
    }

    @Test
    void refusesWhatCannotBeInstalledAndLeavesNothingBehind() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertTrue(assertThrows(PluginException.class, () -> installer.install(empty)).getMessage().contains("holds no plugin"));

        Path notABundle = dir.resolve("plain.jar");
        try (OutputStream out = Files.newOutputStream(notABundle); JarOutputStream jar = new JarOutputStream(out, manifest(null, null, null))) {
            jar.flush();
        }
        assertTrue(assertThrows(PluginException.class, () -> installer.install(notABundle)).getMessage()
                .contains("plain.jar is not an OSGi bundle"));

        Path broken = Files.createDirectories(dir.resolve("broken"));
        bundle(broken.resolve("a.jar"), "com.example.fine", "Export-Package", "com.example.fine");
        bundle(broken.resolve("b.jar"), "com.example.needy", "Import-Package", "com.example.missing");
        PluginException e = assertThrows(PluginException.class, () -> installer.install(broken));
        assertTrue(e.getMessage().contains("com.example.needy") && e.getMessage().contains("cannot be resolved"), e.getMessage());
        assertTrue(installer.installed().isEmpty(), "a failed install leaves no bundle behind: " + installer.installed());

        assertTrue(assertThrows(PluginException.class, () -> installer.uninstall("io.fabrica.core")).getMessage()
                .contains("No plugin io.fabrica.core"), "Fabrica's own bundles are not plugins");
    }

    private static void bundle(Path file, String name, String header, String value) throws Exception {
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest(name, header, value))) {
            jar.flush();
        }
    }

    private static Manifest manifest(String name, String header, String value) {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (name != null) {
            main.putValue("Bundle-ManifestVersion", "2");
            main.putValue("Bundle-SymbolicName", name);
            main.putValue("Bundle-Version", "1.0.0");
            main.putValue(header, value);
        }
        return manifest;
    }
}
