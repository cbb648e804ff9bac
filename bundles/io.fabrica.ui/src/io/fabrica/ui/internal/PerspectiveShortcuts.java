package io.fabrica.ui.internal;

import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.console.IConsoleConstants;

import io.fabrica.ui.FabricaUi;

/** The same Window menu shortcuts in every Fabrica perspective, so switching never hides a view. */
final class PerspectiveShortcuts {

    private PerspectiveShortcuts() {
    }

    static void add(IPageLayout layout) {
        for (String perspective : new String[] {FabricaUi.ENGINEERING_PERSPECTIVE, FabricaUi.DEVICES_PERSPECTIVE,
                FabricaUi.PIPELINES_PERSPECTIVE, FabricaUi.DEPLOYMENT_PERSPECTIVE}) {
            layout.addPerspectiveShortcut(perspective);
        }
        for (String view : new String[] {IPageLayout.ID_PROJECT_EXPLORER, IPageLayout.ID_PROBLEM_VIEW,
                IPageLayout.ID_PROGRESS_VIEW, IPageLayout.ID_PROP_SHEET, IConsoleConstants.ID_CONSOLE_VIEW,
                FabricaUi.DEVICE_EXPLORER_VIEW, FabricaUi.TREND_VIEW, FabricaUi.TRAINING_VIEW, FabricaUi.EVALUATION_VIEW,
                FabricaUi.DEPLOYMENT_VIEW, FabricaUi.APPROVALS_VIEW}) {
            layout.addShowViewShortcut(view);
        }
        layout.addNewWizardShortcut("io.fabrica.ui.wizards.example");
        layout.addNewWizardShortcut("io.fabrica.ui.wizards.project");
        layout.addNewWizardShortcut("org.eclipse.ui.wizards.new.folder");
        layout.addNewWizardShortcut("org.eclipse.ui.wizards.new.file");
    }
}
