package io.fabrica.ui.internal.wizards;

import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;

import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IWorkspaceRoot;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.wizard.Wizard;
import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.INewWizard;
import org.eclipse.ui.IWorkbench;

import io.fabrica.examples.Examples;

/**
 * File › New › Example › Fabrica Demo Project: creates a workspace project with the demo plant and the
 * two demo pipelines (predictive maintenance, visual inspection), ready to validate, simulate, train and
 * deploy. Refuses a name that is taken rather than writing into an existing project.
 */
public final class ExampleProjectWizard extends Wizard implements INewWizard {

    /** The wizard's id (plugin.xml). */
    public static final String ID = "io.fabrica.ui.wizards.example";

    private NamePage page;
    private IProject created;

    @Override
    public void init(IWorkbench workbench, IStructuredSelection selection) {
        setWindowTitle("Fabrica Demo Project");
        setNeedsProgressMonitor(true);
    }

    @Override
    public void addPages() {
        page = new NamePage();
        addPage(page);
    }

    /** @return the project the wizard created, or {@code null} before it finished */
    public IProject created() {
        return created;
    }

    @Override
    public boolean performFinish() {
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(page.name());
        try {
            getContainer().run(true, false, monitor -> {
                try {
                    create(project, monitor);
                } catch (CoreException | java.io.IOException e) {
                    throw new InvocationTargetException(e);
                }
            });
            created = project;
            return true;
        } catch (InvocationTargetException e) {
            MessageDialog.openError(getShell(), "Fabrica Demo Project", "The project could not be created: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** Creates the project and copies the demo files into it. */
    static void create(IProject project, IProgressMonitor monitor) throws CoreException, java.io.IOException {
        SubMonitor progress = SubMonitor.convert(monitor, "Creating " + project.getName(), 2 + Examples.DEMO_FILES.size());
        project.create(progress.split(1));
        project.open(progress.split(1));
        for (String name : Examples.DEMO_FILES) {
            try (InputStream in = Examples.openDemoFile(name)) {
                project.getFile(name).create(in, true, progress.split(1));
            }
        }
    }

    /** Asks for the project name and checks it is free. */
    private static final class NamePage extends WizardPage {
        private Text name;

        NamePage() {
            super("name", "Fabrica Demo Project", null);
            setDescription("A plant (spindle line and camera station) with a predictive-maintenance and an inspection pipeline.");
        }

        @Override
        public void createControl(Composite parent) {
            Composite body = new Composite(parent, SWT.NONE);
            body.setLayout(new GridLayout(2, false));
            new Label(body, SWT.NONE).setText("Project name:");
            name = new Text(body, SWT.BORDER);
            name.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
            name.setData("fabrica.field", "projectName");
            name.setText(freeName());
            name.addModifyListener(e -> check());
            setControl(body);
            check();
        }

        private static String freeName() {
            IWorkspaceRoot root = ResourcesPlugin.getWorkspace().getRoot();
            String base = "fabrica-demo";
            String candidate = base;
            for (int i = 2; root.getProject(candidate).exists(); i++) {
                candidate = base + "-" + i;
            }
            return candidate;
        }

        private void check() {
            String text = name.getText().trim();
            var status = ResourcesPlugin.getWorkspace().validateName(text, org.eclipse.core.resources.IResource.PROJECT);
            String problem = !status.isOK() ? status.getMessage()
                    : ResourcesPlugin.getWorkspace().getRoot().getProject(text).exists() ? "A project named " + text + " exists already" : null;
            setErrorMessage(problem);
            setPageComplete(problem == null);
        }

        String name() {
            return name.getText().trim();
        }
    }
}
