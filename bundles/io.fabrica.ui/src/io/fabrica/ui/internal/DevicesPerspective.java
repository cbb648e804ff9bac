package io.fabrica.ui.internal;

import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;

import io.fabrica.ui.FabricaUi;

/**
 * The Devices perspective: the device explorer on the left (drag its nodes onto plant signals in the
 * editor), the trend of selected signals below the editor, Properties and Problems at hand.
 */
public final class DevicesPerspective implements IPerspectiveFactory {

    @Override
    public void createInitialLayout(IPageLayout layout) {
        String editors = layout.getEditorArea();
        IFolderLayout left = layout.createFolder("left", IPageLayout.LEFT, 0.28f, editors);
        left.addView(FabricaUi.DEVICE_EXPLORER_VIEW);
        left.addView(IPageLayout.ID_PROJECT_EXPLORER);
        IFolderLayout bottom = layout.createFolder("bottom", IPageLayout.BOTTOM, 0.62f, editors);
        bottom.addView(FabricaUi.TREND_VIEW);
        bottom.addView(IPageLayout.ID_PROBLEM_VIEW);
        bottom.addView(IPageLayout.ID_PROGRESS_VIEW);
        layout.addView(IPageLayout.ID_PROP_SHEET, IPageLayout.RIGHT, 0.75f, editors);
        PerspectiveShortcuts.add(layout);
    }
}
