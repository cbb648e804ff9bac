package io.fabrica.ui.internal;

import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;
import org.eclipse.ui.console.IConsoleConstants;

import io.fabrica.ui.FabricaUi;

/**
 * The Deployment perspective: packages in the Project Explorer, runtimes and their deployments in
 * the deployment view (which takes the place of the editor area); the parameter writes held for approval (Approvals
 * view), progress and console below.
 */
public final class DeploymentPerspective implements IPerspectiveFactory {

    @Override
    public void createInitialLayout(IPageLayout layout) {
        String editors = layout.getEditorArea();
        layout.setEditorAreaVisible(false);
        layout.addView(IPageLayout.ID_PROJECT_EXPLORER, IPageLayout.LEFT, 0.22f, editors);
        layout.addView(FabricaUi.DEPLOYMENT_VIEW, IPageLayout.TOP, 0.7f, editors);
        IFolderLayout bottom = layout.createFolder("bottom", IPageLayout.BOTTOM, 0.7f, FabricaUi.DEPLOYMENT_VIEW);
        bottom.addView(FabricaUi.APPROVALS_VIEW);
        bottom.addView(IPageLayout.ID_PROGRESS_VIEW);
        bottom.addView(IConsoleConstants.ID_CONSOLE_VIEW);
        bottom.addView(IPageLayout.ID_PROBLEM_VIEW);
        PerspectiveShortcuts.add(layout);
    }
}
