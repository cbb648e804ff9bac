package io.fabrica.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.wizard.WizardDialog;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.fabrica.ui.internal.wizards.ExampleProjectWizard;

/**
 * The example wizard through its dialog: it proposes a free name, refuses one that is taken, and
 * creates the demo project with the plant and both pipelines.
 */
class ExampleProjectWizardTest {

    private static final String NAME = "wizard-demo";

    @AfterEach
    void cleanUp() throws Exception {
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(NAME);
        if (project.exists()) {
            project.delete(true, true, null);
        }
    }

    @Test
    void createsTheDemoProjectAndRefusesATakenName() throws Exception {
        Shell shell = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
        ExampleProjectWizard wizard = new ExampleProjectWizard();
        wizard.init(PlatformUI.getWorkbench(), StructuredSelection.EMPTY);
        TestDialog dialog = new TestDialog(shell, wizard);
        dialog.create();
        dialog.setBlockOnOpen(false);
        dialog.open();
        Text name = find(dialog.getShell(), "projectName");
        assertTrue(name.getText().startsWith("fabrica-demo"), "a free name is proposed: " + name.getText());
        name.setText(NAME);
        assertTrue(wizard.canFinish());
        WorkbenchStartupTest.screenshot(dialog.getShell(), "example-wizard.png");
        dialog.finish();

        IProject project = wizard.created();
        assertEquals(NAME, project.getName());
        for (String file : new String[] {"demo.plant", "pdm.pipeline", "inspection.pipeline"}) {
            assertTrue(project.getFile(file).exists(), file + " created");
        }

        ExampleProjectWizard again = new ExampleProjectWizard();
        again.init(PlatformUI.getWorkbench(), StructuredSelection.EMPTY);
        TestDialog second = new TestDialog(shell, again);
        second.create();
        second.setBlockOnOpen(false);
        second.open();
        find(second.getShell(), "projectName").setText(NAME);
        assertFalse(again.canFinish(), "a taken name cannot be used");
        second.close();
    }

    private static Text find(Composite parent, String key) {
        for (Control c : parent.getChildren()) {
            if (c instanceof Text t && key.equals(t.getData("fabrica.field"))) {
                return t;
            }
            if (c instanceof Composite child) {
                Text t = find(child, key);
                if (t != null) {
                    return t;
                }
            }
        }
        return null;
    }

    /** Lets the test press Finish as the user would. */
    private static final class TestDialog extends WizardDialog {
        TestDialog(Shell parent, ExampleProjectWizard wizard) {
            super(parent, wizard);
        }

        void finish() {
            finishPressed();
        }
    }
}
