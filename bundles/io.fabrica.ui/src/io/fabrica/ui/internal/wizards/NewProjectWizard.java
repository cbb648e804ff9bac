package io.fabrica.ui.internal.wizards;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;

import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
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

import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.plant.PlantFactory;
import io.fabrica.model.plant.Site;
import io.fabrica.model.resource.PlantFileException;
import io.fabrica.model.resource.PlantFiles;
import io.fabrica.ui.FabricaUi;

/**
 * File › New › Fabrica Project: an empty engineering project — a plant file with the enterprise and
 * its first site (the top of the ISA-95 hierarchy; areas, lines and signals are added in the plant
 * editor or imported from a NodeSet), and the folders the other tools use: {@code pipelines/},
 * {@code datasets/} (recordings) and {@code packages/} (signed deployment packages).
 */
public final class NewProjectWizard extends Wizard implements INewWizard {

    /** The wizard's id (plugin.xml). */
    public static final String ID = "io.fabrica.ui.wizards.project";
    /** The project folders, in the order they are created. */
    public static final String[] FOLDERS = {"pipelines", "datasets", "packages"};

    private ProjectPage page;
    private IProject created;

    @Override
    public void init(IWorkbench workbench, IStructuredSelection selection) {
        setWindowTitle("New Fabrica Project");
        setNeedsProgressMonitor(true);
    }

    @Override
    public void addPages() {
        page = new ProjectPage();
        addPage(page);
    }

    /** @return the project the wizard created, or {@code null} before it finished */
    public IProject created() {
        return created;
    }

    @Override
    public boolean performFinish() {
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(page.text(page.projectName));
        String enterprise = page.text(page.enterprise);
        String site = page.text(page.site);
        try {
            getContainer().run(true, false, monitor -> {
                try {
                    create(project, enterprise, site, monitor);
                } catch (CoreException | IOException e) {
                    throw new InvocationTargetException(e);
                }
            });
            created = project;
            return true;
        } catch (InvocationTargetException e) {
            MessageDialog.openError(getShell(), "New Fabrica Project", "The project could not be created: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** Creates the project, its folders and the plant file {@code <project>.plant}. */
    static void create(IProject project, String enterpriseName, String siteName, IProgressMonitor monitor)
            throws CoreException, IOException {
        SubMonitor progress = SubMonitor.convert(monitor, "Creating " + project.getName(), 3 + FOLDERS.length);
        project.create(progress.split(1));
        project.open(progress.split(1));
        for (String folder : FOLDERS) {
            project.getFolder(folder).create(true, true, progress.split(1));
        }
        Enterprise enterprise = PlantFactory.eINSTANCE.createEnterprise();
        enterprise.setName(enterpriseName);
        Site site = PlantFactory.eINSTANCE.createSite();
        site.setName(siteName);
        enterprise.getSites().add(site);
        Path file = project.getLocation().toFile().toPath().resolve(project.getName() + ".plant");
        try {
            PlantFiles.save(enterprise, file);
        } catch (PlantFileException e) {
            throw new IOException(e.getMessage(), e);
        }
        project.refreshLocal(IResource.DEPTH_ONE, progress.split(1));
    }

    /** Project name, enterprise and site; all required, the project name must be free. */
    private static final class ProjectPage extends WizardPage {
        private Text projectName;
        private Text enterprise;
        private Text site;

        ProjectPage() {
            super("project", "New Fabrica Project", null);
            setDescription("A plant model with its enterprise and first site, and folders for pipelines, datasets and packages.");
        }

        @Override
        public void createControl(Composite parent) {
            Composite body = new Composite(parent, SWT.NONE);
            body.setLayout(new GridLayout(2, false));
            projectName = field(body, "Project name:", "projectName", "");
            enterprise = field(body, "Enterprise:", "enterprise", "My Company");
            site = field(body, "Site:", "site", "Plant 1");
            setControl(body);
            check();
        }

        private Text field(Composite body, String label, String key, String initial) {
            new Label(body, SWT.NONE).setText(label);
            Text text = new Text(body, SWT.BORDER);
            text.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
            text.setData(FabricaUi.WIDGET_KEY, key);
            text.setText(initial);
            text.addModifyListener(e -> check());
            return text;
        }

        private void check() {
            String name = text(projectName);
            var status = ResourcesPlugin.getWorkspace().validateName(name, IResource.PROJECT);
            String problem = name.isEmpty() ? "Enter a project name"
                    : !status.isOK() ? status.getMessage()
                    : ResourcesPlugin.getWorkspace().getRoot().getProject(name).exists() ? "A project named " + name + " exists already"
                    : text(enterprise).isEmpty() ? "Enter the enterprise's name"
                    : text(site).isEmpty() ? "Enter the site's name" : null;
            setErrorMessage(name.isEmpty() ? null : problem);
            if (name.isEmpty()) {
                setMessage(problem);
            }
            setPageComplete(problem == null);
        }

        String text(Text field) {
            return field == null ? "" : field.getText().strip();
        }
    }
}
