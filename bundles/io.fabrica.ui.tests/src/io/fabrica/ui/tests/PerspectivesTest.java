package io.fabrica.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveDescriptor;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.fabrica.ui.FabricaUi;

/**
 * Every Fabrica perspective opens with its own views, each of them really created (a view whose class
 * fails to load would show as an error part), and a screenshot of each perspective is saved.
 */
class PerspectivesTest {

    @AfterEach
    void backToEngineering() {
        IWorkbenchPage page = page();
        page.setPerspective(PlatformUI.getWorkbench().getPerspectiveRegistry().findPerspectiveWithId(FabricaUi.ENGINEERING_PERSPECTIVE));
    }

    @ParameterizedTest
    @CsvSource({
        FabricaUi.DEVICES_PERSPECTIVE + "," + FabricaUi.DEVICE_EXPLORER_VIEW + " " + FabricaUi.TREND_VIEW + ",perspective-devices.png",
        FabricaUi.PIPELINES_PERSPECTIVE + "," + FabricaUi.TRAINING_VIEW + " " + FabricaUi.EVALUATION_VIEW + ",perspective-pipelines.png",
        FabricaUi.DEPLOYMENT_PERSPECTIVE + "," + FabricaUi.DEPLOYMENT_VIEW + ",perspective-deployment.png"})
    void perspectiveShowsItsViews(String perspective, String views, String screenshot) throws Exception {
        IPerspectiveDescriptor descriptor = PlatformUI.getWorkbench().getPerspectiveRegistry().findPerspectiveWithId(perspective);
        assertNotNull(descriptor, perspective + " is registered");
        IWorkbenchPage page = page();
        page.setPerspective(descriptor);
        page.resetPerspective(); // other tests may have closed views of it in this session
        Ui.settle();
        assertEquals(perspective, page.getPerspective().getId());
        // the perspective's own views last, so that the screenshot shows them in front
        for (String id : (IPageLayout.ID_PROJECT_EXPLORER + " " + views).split(" ")) {
            assertNotNull(page.findViewReference(id), id + " is part of " + perspective);
            IViewPart view = page.showView(id);
            assertTrue(view.getClass().getName().startsWith(id.startsWith("io.fabrica") ? "io.fabrica.ui." : "org.eclipse.ui."),
                    id + " was created, not an error part: " + view.getClass().getName());
        }
        WorkbenchStartupTest.screenshot(page.getWorkbenchWindow().getShell(), screenshot);
    }

    private static IWorkbenchPage page() {
        return PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
    }
}
