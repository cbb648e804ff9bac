package io.fabrica.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fabrica plugins}: lists what the installation's bundles contribute (the built-in OPC UA
 * driver, the ONNX Runtime engine, the runtime target), installs a plugin folder and removes it again,
 * and refuses a folder without plugins with a message naming it.
 */
class PluginsCommandTest {

    @TempDir
    Path dir;

    @Test
    void listsContributionsInstallsAndUninstalls() throws Exception {
        RegisteredCli cli = new RegisteredCli(dir);
        assertEquals(0, cli.run("plugins"), cli.err());
        String list = cli.out();
        assertTrue(list.contains("Plugins: none"), list);
        assertTrue(list.contains("device driver:") && list.contains("from io.fabrica.devices.opcua"), list);
        assertTrue(list.contains("inference engine:") && list.contains("deployment target:"), list);

        Path plugins = Files.createDirectories(dir.resolve("repo/plugins"));
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "com.example.empty");
        main.putValue("Bundle-Version", "1.2.3");
        try (OutputStream out = Files.newOutputStream(plugins.resolve("com.example.empty_1.2.3.jar"));
                JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.flush();
        }
        assertEquals(0, cli.run("plugins", "--install", "repo"), cli.err());
        assertTrue(cli.out().contains("Installed com.example.empty 1.2.3"), cli.out());
        assertTrue(cli.out().contains("Plugins: com.example.empty 1.2.3"), cli.out());

        assertEquals(0, cli.run("plugins", "--uninstall", "com.example.empty"), cli.err());
        assertTrue(cli.out().contains("Uninstalled com.example.empty") && cli.out().contains("Plugins: none"), cli.out());

        Files.createDirectories(dir.resolve("nothing"));
        assertEquals(1, cli.run("plugins", "--install", "nothing"));
        assertTrue(cli.err().contains("holds no plugin"), cli.err());
        assertEquals(2, cli.run("plugins", "extra"));
    }
}
