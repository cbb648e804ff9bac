package io.fabrica.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.eclipse.jface.preference.PreferenceDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Table;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.dialogs.PreferencesUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

import io.fabrica.devices.core.DeviceDrivers;
import io.fabrica.ui.FabricaUi;
import io.fabrica.ui.Services;
import io.fabrica.ui.internal.preferences.PluginsPreferencePage;
import io.fabrica.ui.tests.plugin.LoopbackEchoDriver;

/**
 * A vendor plugin installed through Window › Preferences › Fabrica › Plugins: its Declarative Services
 * driver appears in the running workbench's driver registry without a restart, the page lists it with
 * what it contributes, and Uninstall makes the driver disappear again. The plugin is a real bundle
 * built here: a p2-style {@code plugins/} folder with one jar holding {@link LoopbackEchoDriver}'s class
 * and its component descriptor.
 */
class PluginsPageTest {

    private static final String DRIVER = "echo-test";

    @TempDir
    Path dir;

    private PreferenceDialog dialog;

    @AfterEach
    void close() {
        if (dialog != null && dialog.getShell() != null && !dialog.getShell().isDisposed()) {
            dialog.close();
        }
    }

    @Test
    void installedPluginContributesADriverUntilItIsUninstalled() throws Exception {
        DeviceDrivers drivers = Services.get(DeviceDrivers.class);
        assertTrue(drivers.byId(DRIVER).isEmpty(), "no echo driver before the install");
        Path repository = pluginRepository();

        dialog = PreferencesUtil.createPreferenceDialogOn(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(),
                "io.fabrica.ui.preferences.plugins", new String[] {"io.fabrica.ui.preferences.plugins"}, null);
        dialog.setBlockOnOpen(false);
        dialog.open();
        Ui.settle();
        PluginsPreferencePage page = (PluginsPreferencePage) dialog.getSelectedPage();
        List<Bundle> installed = page.install(repository);
        assertEquals(List.of("io.fabrica.test.echo"), installed.stream().map(Bundle::getSymbolicName).toList());

        Ui.waitUntil(() -> drivers.byId(DRIVER).isPresent(), 10_000, () -> "drivers: " + drivers.all().stream().map(d -> d.id()).toList());
        assertEquals(drivers.byId(DRIVER).get(), drivers.forEndpoint("echo-test://anywhere"), "endpoints of its scheme go to it");
        Table table = Ui.require(dialog.getShell(), Table.class, "plugins.table");
        assertEquals(1, table.getItemCount());
        assertEquals("io.fabrica.test.echo", table.getItem(0).getText(0));
        WorkbenchStartupTest.screenshot(dialog.getShell(), "plugins.png");

        table.setSelection(0);
        Ui.require(dialog.getShell(), Button.class, "plugins.uninstall").notifyListeners(SWT.Selection, new Event());
        Ui.waitUntil(() -> drivers.byId(DRIVER).isEmpty(), 10_000, () -> "still installed: " + drivers.all().stream().map(d -> d.id()).toList());
        assertEquals(0, table.getItemCount(), "the page no longer lists it");
    }

    /** A p2-style folder whose plugins/ holds one bundle: the driver class plus its DS component descriptor. */
    private Path pluginRepository() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("repository/plugins"));
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "io.fabrica.test.echo");
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Import-Package", "io.fabrica.devices.api;version=\"[1.0,2)\"");
        main.putValue("Service-Component", "OSGI-INF/echo.xml");
        String classFile = LoopbackEchoDriver.class.getName().replace('.', '/') + ".class";
        try (OutputStream out = Files.newOutputStream(plugins.resolve("io.fabrica.test.echo_1.0.0.jar"));
                JarOutputStream jar = new JarOutputStream(out, manifest);
                InputStream bytes = LoopbackEchoDriver.class.getClassLoader().getResourceAsStream(classFile)) {
            jar.putNextEntry(new JarEntry(classFile));
            bytes.transferTo(jar);
            jar.putNextEntry(new JarEntry("OSGI-INF/echo.xml"));
            jar.write(("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    + "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"io.fabrica.test.echo\">\n"
                    + "  <implementation class=\"" + LoopbackEchoDriver.class.getName() + "\"/>\n"
                    + "  <service><provide interface=\"io.fabrica.devices.api.DeviceDriver\"/></service>\n"
                    + "</scr:component>\n").getBytes(StandardCharsets.UTF_8));
        }
        return dir.resolve("repository");
    }
}
