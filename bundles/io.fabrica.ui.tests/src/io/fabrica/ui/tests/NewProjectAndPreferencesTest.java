package io.fabrica.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.jface.preference.PreferenceDialog;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.wizard.IWizard;
import org.eclipse.jface.wizard.WizardDialog;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.dialogs.PreferencesUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.plant.SecurityPolicy;
import io.fabrica.model.resource.PlantFiles;
import io.fabrica.ui.FabricaPreferences;
import io.fabrica.ui.internal.wizards.NewProjectWizard;

/**
 * File › New › Fabrica Project creates a plant with its enterprise and site plus the project folders,
 * and refuses an empty or taken name; Window › Preferences › Fabrica stores the default security
 * policy that new connections propose.
 */
class NewProjectAndPreferencesTest {

    private static final String NAME = "new-fabrica-project";

    @AfterEach
    void cleanUp() throws Exception {
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(NAME);
        if (project.exists()) {
            project.delete(true, true, null);
        }
        FabricaPreferences.node().remove(FabricaPreferences.SECURITY_POLICY);
    }

    @Test
    void newProjectHasAPlantWithEnterpriseAndSite() throws Exception {
        NewProjectWizard wizard = new NewProjectWizard();
        wizard.init(PlatformUI.getWorkbench(), StructuredSelection.EMPTY);
        TestDialog dialog = open(wizard);
        Shell shell = dialog.getShell();
        assertFalse(wizard.canFinish(), "no project name yet");
        Ui.require(shell, Text.class, "projectName").setText(NAME);
        Ui.require(shell, Text.class, "enterprise").setText("Acme Motors");
        Ui.require(shell, Text.class, "site").setText("");
        assertFalse(wizard.canFinish(), "a site name is required");
        Ui.require(shell, Text.class, "site").setText("Stuttgart");
        assertTrue(wizard.canFinish());
        WorkbenchStartupTest.screenshot(shell, "new-project-wizard.png");
        dialog.finish();

        IProject project = wizard.created();
        for (String folder : NewProjectWizard.FOLDERS) {
            assertTrue(project.getFolder(folder).exists(), folder + " created");
        }
        Enterprise plant = PlantFiles.load(project.getFile(NAME + ".plant").getLocation().toFile().toPath());
        assertEquals("Acme Motors", plant.getName());
        assertEquals("Stuttgart", plant.getSites().get(0).getName());

        NewProjectWizard again = new NewProjectWizard();
        again.init(PlatformUI.getWorkbench(), StructuredSelection.EMPTY);
        TestDialog second = open(again);
        Ui.require(second.getShell(), Text.class, "projectName").setText(NAME);
        assertFalse(again.canFinish(), "a taken name cannot be used");
        second.close();
    }

    @Test
    void preferencePageStoresTheDefaultSecurityPolicy() throws Exception {
        assertEquals(SecurityPolicy.BASIC256_SHA256, FabricaPreferences.securityPolicy(), "default before any change");
        Shell shell = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
        PreferenceDialog dialog = PreferencesUtil.createPreferenceDialogOn(shell, "io.fabrica.ui.preferences",
                new String[] {"io.fabrica.ui.preferences"}, null);
        dialog.setBlockOnOpen(false);
        dialog.open();
        Ui.settle();
        Combo policy = findCombo(dialog.getShell(), SecurityPolicy.AES256_SHA256_RSA_PSS.getLiteral());
        assertEquals(SecurityPolicy.BASIC256_SHA256.getLiteral(), policy.getText(), "the page shows the stored default");
        policy.select(policy.indexOf(SecurityPolicy.AES256_SHA256_RSA_PSS.getLiteral()));
        policy.notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event());
        WorkbenchStartupTest.screenshot(dialog.getShell(), "preferences.png");
        ((org.eclipse.jface.preference.IPreferencePage) dialog.getSelectedPage()).performOk();
        dialog.close();
        assertEquals(SecurityPolicy.AES256_SHA256_RSA_PSS, FabricaPreferences.securityPolicy(), "OK stores the choice");
    }

    /** The combo offering the given item (field editors set no data keys). */
    private static Combo findCombo(org.eclipse.swt.widgets.Composite parent, String item) {
        Combo found = searchCombo(parent, item);
        if (found == null) {
            throw new AssertionError("no combo offers " + item);
        }
        return found;
    }

    private static Combo searchCombo(org.eclipse.swt.widgets.Composite parent, String item) {
        for (Control c : parent.getChildren()) {
            if (c instanceof Combo combo && combo.indexOf(item) >= 0) {
                return combo;
            }
            if (c instanceof org.eclipse.swt.widgets.Composite child) {
                Combo found = searchCombo(child, item);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static TestDialog open(IWizard wizard) {
        TestDialog dialog = new TestDialog(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), wizard);
        dialog.create();
        dialog.setBlockOnOpen(false);
        dialog.open();
        return dialog;
    }

    /** Lets the test press Finish as the user would. */
    private static final class TestDialog extends WizardDialog {
        TestDialog(Shell parent, IWizard wizard) {
            super(parent, wizard);
        }

        void finish() {
            finishPressed();
        }
    }
}
