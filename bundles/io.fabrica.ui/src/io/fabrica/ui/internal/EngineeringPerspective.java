package io.fabrica.ui.internal;

import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;
import org.eclipse.ui.console.IConsoleConstants;

/**
 * The Fabrica Engineering perspective: projects on the left, editors in the middle, Properties
 * on the right, Problems / Progress / Console below — the layout automation engineers know from
 * their PLC tools.
 */
public final class EngineeringPerspective implements IPerspectiveFactory {

    @Override
    public void createInitialLayout(IPageLayout layout) {
        String editors = layout.getEditorArea();
        layout.setEditorAreaVisible(true);

        IFolderLayout left = layout.createFolder("left", IPageLayout.LEFT, 0.22f, editors);
        left.addView(IPageLayout.ID_PROJECT_EXPLORER);

        IFolderLayout bottom = layout.createFolder("bottom", IPageLayout.BOTTOM, 0.70f, editors);
        bottom.addView(IPageLayout.ID_PROBLEM_VIEW);
        bottom.addView(IPageLayout.ID_PROGRESS_VIEW);
        bottom.addView(IConsoleConstants.ID_CONSOLE_VIEW);

        IFolderLayout right = layout.createFolder("right", IPageLayout.RIGHT, 0.72f, editors);
        right.addView(IPageLayout.ID_PROP_SHEET);

        PerspectiveShortcuts.add(layout);
    }
}
