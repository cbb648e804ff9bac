package io.fabrica.ui.internal.preferences;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.preference.PreferencePage;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;

import io.fabrica.core.plugins.PluginException;
import io.fabrica.core.plugins.PluginInstaller;
import io.fabrica.ui.FabricaUi;

/**
 * Window &gt; Preferences &gt; Fabrica &gt; Plugins: vendor plugins installed into the running workbench
 * from their p2 repository (or a folder of bundles), with what each contributes (drivers, importers,
 * stages, deployment targets), and Uninstall. Changes take effect at once — views that list drivers,
 * palette entries or targets ask the service registry again — so no restart is needed.
 */
public final class PluginsPreferencePage extends PreferencePage implements IWorkbenchPreferencePage {

    private PluginInstaller installer;
    private Table table;
    private Label status;

    public PluginsPreferencePage() {
        setDescription("Vendor plugins: device drivers, importers, pipeline stages and deployment targets. They take effect at once and are kept for the next start.");
        noDefaultAndApplyButton();
    }

    @Override
    public void init(IWorkbench workbench) {
        installer = PluginInstaller.forInstallation(FrameworkUtil.getBundle(getClass()).getBundleContext());
    }

    @Override
    protected Control createContents(Composite parent) {
        Composite body = new Composite(parent, SWT.NONE);
        body.setLayout(new GridLayout(2, false));
        table = new Table(body, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE);
        table.setHeaderVisible(true);
        table.setData(FabricaUi.WIDGET_KEY, "plugins.table");
        GridData tableData = new GridData(SWT.FILL, SWT.FILL, true, true);
        tableData.heightHint = 220;
        table.setLayoutData(tableData);
        for (String column : new String[] {"Plugin", "Version", "State", "Contributes"}) {
            new TableColumn(table, SWT.LEFT).setText(column);
        }
        Composite buttons = new Composite(body, SWT.NONE);
        buttons.setLayout(new GridLayout(1, true));
        buttons.setLayoutData(new GridData(SWT.FILL, SWT.TOP, false, false));
        button(buttons, "&Install…", "plugins.install", this::chooseAndInstall);
        button(buttons, "&Uninstall", "plugins.uninstall", this::uninstallSelected);
        status = new Label(body, SWT.WRAP);
        status.setData(FabricaUi.WIDGET_KEY, "plugins.status");
        status.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1));
        refresh();
        return body;
    }

    private static void button(Composite parent, String text, String key, Runnable action) {
        Button button = new Button(parent, SWT.PUSH);
        button.setText(text);
        button.setData(FabricaUi.WIDGET_KEY, key);
        button.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        button.addListener(SWT.Selection, e -> action.run());
    }

    private void chooseAndInstall() {
        DirectoryDialog dialog = new DirectoryDialog(getShell());
        dialog.setText("Install Fabrica Plugin");
        dialog.setMessage("Choose the plugin's p2 repository (the folder with plugins/ and content.jar) or a folder of bundle jars.");
        String folder = dialog.open();
        if (folder != null) {
            install(Path.of(folder));
        }
    }

    /**
     * Installs the plugins at a path and shows the result on the page.
     *
     * @return the bundles installed, empty when nothing was new or it failed (the reason is shown)
     */
    public List<Bundle> install(Path source) {
        try {
            List<Bundle> installed = installer.install(source);
            status.setText(installed.isEmpty() ? "Nothing new in " + source
                    : "Installed " + installed.stream().map(Bundle::getSymbolicName).collect(Collectors.joining(", ")));
            refresh();
            return installed;
        } catch (PluginException e) {
            status.setText(e.getMessage());
            MessageDialog.openError(getShell(), "Install Fabrica Plugin", e.getMessage());
            return List.of();
        }
    }

    private void uninstallSelected() {
        TableItem[] selected = table.getSelection();
        if (selected.length == 0) {
            status.setText("Select a plugin to uninstall.");
            return;
        }
        String name = selected[0].getText(0);
        try {
            installer.uninstall(name);
            status.setText("Uninstalled " + name);
        } catch (PluginException e) {
            status.setText(e.getMessage());
        }
        refresh();
    }

    private void refresh() {
        table.removeAll();
        for (Bundle bundle : installer.installed()) {
            TableItem item = new TableItem(table, SWT.NONE);
            item.setText(new String[] {bundle.getSymbolicName(), bundle.getVersion().toString(), state(bundle), contributions(bundle)});
        }
        for (TableColumn column : table.getColumns()) {
            column.pack();
        }
        if (table.getItemCount() == 0 && status.getText().isEmpty()) {
            status.setText("No plugins installed. Install… takes a vendor's p2 repository folder.");
        }
        status.getParent().layout(true, true);
    }

    private static String state(Bundle bundle) {
        return switch (bundle.getState()) {
            case Bundle.ACTIVE -> "active";
            case Bundle.STARTING -> "active (lazy)";
            case Bundle.RESOLVED -> "resolved";
            default -> "installed";
        };
    }

    /** The Fabrica service interfaces a bundle registers, by simple name: what it adds to the workbench. */
    private static String contributions(Bundle bundle) {
        ServiceReference<?>[] services = bundle.getRegisteredServices();
        if (services == null) {
            return "";
        }
        List<String> names = new ArrayList<>();
        for (ServiceReference<?> service : services) {
            for (String type : (String[]) service.getProperty(org.osgi.framework.Constants.OBJECTCLASS)) {
                String simple = type.substring(type.lastIndexOf('.') + 1);
                if (type.startsWith("io.fabrica.") && !names.contains(simple)) {
                    names.add(simple);
                }
            }
        }
        return String.join(", ", names);
    }
}
