package io.fabrica.ui.deploy.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.CheckboxTableViewer;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.jface.window.Window;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.dialogs.FilteredResourcesSelectionDialog;

import io.fabrica.ui.FabricaUi;

/**
 * Deploy…: pick a signed package ({@code .fpkg}) from the workspace or the file system, the runtimes to
 * deploy it to (the selected ones are proposed), and whether to force it past a runtime's cycle budget.
 * The result is a plain {@link Request}; the view turns it into one job per runtime.
 */
public final class DeployDialog extends TitleAreaDialog {

    /**
     * What to deploy where.
     *
     * @param pkg the package file
     * @param runtimes the runtimes to deploy to (at least one)
     * @param force install even if the package is slower than a runtime's cycle budget
     */
    public record Request(Path pkg, List<RuntimeEntry> runtimes, boolean force) {
    }

    private final List<RuntimeEntry> runtimes;
    private final List<RuntimeEntry> proposed;
    private Text file;
    private CheckboxTableViewer targets;
    private Button force;
    private Request result;

    /**
     * @param shell the parent shell
     * @param runtimes every runtime of the view
     * @param proposed the runtimes checked at first (the selection)
     */
    public DeployDialog(Shell shell, List<RuntimeEntry> runtimes, List<RuntimeEntry> proposed) {
        super(shell);
        this.runtimes = runtimes;
        this.proposed = proposed;
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        setTitle("Deploy a pipeline package");
        setMessage("The runtime checks the package's signature against its trusted keys and refuses anything else.");
        Composite form = new Composite(area, SWT.NONE);
        GridLayoutFactory.swtDefaults().numColumns(4).margins(10, 10).applyTo(form);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(form);

        new Label(form, SWT.NONE).setText("Package:");
        file = new Text(form, SWT.BORDER);
        file.setData(FabricaUi.WIDGET_KEY, "deploy.dialog.package");
        file.setMessage("a signed .fpkg (fabrica package)");
        GridDataFactory.fillDefaults().grab(true, false).hint(380, SWT.DEFAULT).applyTo(file);
        button(form, "Workspace…", this::browseWorkspace);
        button(form, "File System…", this::browseFileSystem);

        Label to = new Label(form, SWT.NONE);
        to.setText("Runtimes:");
        GridDataFactory.fillDefaults().align(SWT.BEGINNING, SWT.BEGINNING).applyTo(to);
        targets = CheckboxTableViewer.newCheckList(form, SWT.BORDER);
        targets.getTable().setData(FabricaUi.WIDGET_KEY, "deploy.dialog.runtimes");
        targets.setContentProvider(ArrayContentProvider.getInstance());
        targets.setLabelProvider(new LabelProvider());
        targets.setInput(runtimes);
        targets.setCheckedElements(proposed.toArray());
        GridDataFactory.fillDefaults().grab(true, true).span(3, 1).hint(SWT.DEFAULT, 100).applyTo(targets.getControl());

        force = new Button(form, SWT.CHECK);
        force.setText("Force: install even if the package is slower than the runtime's cycle budget");
        force.setData(FabricaUi.WIDGET_KEY, "deploy.dialog.force");
        GridDataFactory.fillDefaults().span(4, 1).applyTo(force);

        file.addModifyListener(e -> validate());
        targets.addCheckStateListener(e -> validate());
        return area;
    }

    private static void button(Composite form, String text, Runnable action) {
        Button b = new Button(form, SWT.PUSH);
        b.setText(text);
        b.addListener(SWT.Selection, e -> action.run());
    }

    private void browseWorkspace() {
        FilteredResourcesSelectionDialog pick = new FilteredResourcesSelectionDialog(getShell(), false,
                ResourcesPlugin.getWorkspace().getRoot(), IResource.FILE);
        pick.setTitle("Package from the workspace");
        pick.setInitialPattern("*.fpkg");
        if (pick.open() == Window.OK && pick.getFirstResult() instanceof IFile f && f.getLocation() != null) {
            file.setText(f.getLocation().toOSString());
        }
    }

    private void browseFileSystem() {
        FileDialog pick = new FileDialog(getShell(), SWT.OPEN);
        pick.setFilterExtensions(new String[] {"*.fpkg", "*"});
        pick.setFilterNames(new String[] {"Fabrica packages (*.fpkg)", "All files"});
        String chosen = pick.open();
        if (chosen != null) {
            file.setText(chosen);
        }
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        super.createButtonsForButtonBar(parent);
        getButton(IDialogConstants.OK_ID).setText("Deploy");
        validate();
    }

    private void validate() {
        String problem = null;
        String path = file.getText().strip();
        if (path.isEmpty()) {
            problem = "Choose a package (.fpkg) from the workspace or the file system";
        } else if (!isFile(path)) {
            problem = "No such file: " + path;
        } else if (targets.getCheckedElements().length == 0) {
            problem = "Check at least one runtime to deploy to";
        }
        setErrorMessage(problem);
        Button ok = getButton(IDialogConstants.OK_ID);
        if (ok != null) {
            ok.setEnabled(problem == null);
        }
    }

    private static boolean isFile(String path) {
        try {
            return Files.isRegularFile(Path.of(path));
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    /** Presses Deploy as the user would (for tests driving a non-blocking dialog); does nothing while it is disabled. */
    public void pressDeploy() {
        if (getButton(IDialogConstants.OK_ID).isEnabled()) {
            okPressed();
        }
    }

    @Override
    protected void okPressed() {
        List<RuntimeEntry> chosen = Arrays.stream(targets.getCheckedElements()).map(RuntimeEntry.class::cast).toList();
        result = new Request(Path.of(file.getText().strip()), chosen, force.getSelection());
        super.okPressed();
    }

    /** @return the request, or {@code null} when cancelled */
    public Request result() {
        return result;
    }

    @Override
    protected boolean isResizable() {
        return true;
    }
}
