package io.fabrica.ui.internal;

import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;

import io.fabrica.ui.FabricaUi;

/**
 * The Pipelines perspective: projects on the left, the pipeline designer in the editor area,
 * training and evaluation below. No Properties view: the designer edits the selected stage in its own
 * panel, which leaves the canvas the width a pipeline needs.
 */
public final class PipelinesPerspective implements IPerspectiveFactory {

    @Override
    public void createInitialLayout(IPageLayout layout) {
        String editors = layout.getEditorArea();
        layout.addView(IPageLayout.ID_PROJECT_EXPLORER, IPageLayout.LEFT, 0.17f, editors);
        IFolderLayout bottom = layout.createFolder("bottom", IPageLayout.BOTTOM, 0.6f, editors);
        bottom.addView(FabricaUi.TRAINING_VIEW);
        bottom.addView(FabricaUi.EVALUATION_VIEW);
        bottom.addView(IPageLayout.ID_PROBLEM_VIEW);
        bottom.addView(IPageLayout.ID_PROGRESS_VIEW);
        PerspectiveShortcuts.add(layout);
    }
}
