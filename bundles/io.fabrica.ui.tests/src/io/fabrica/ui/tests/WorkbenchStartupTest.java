package io.fabrica.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.console.IConsoleConstants;
import org.junit.jupiter.api.Test;

import io.fabrica.ui.FabricaUi;

/**
 * Starts the real Fabrica workbench (UI harness, under Xvfb in CI) and checks what a user sees
 * first: the Fabrica Engineering perspective with its views. Saves a screenshot under
 * {@code target/screenshots/}.
 */
class WorkbenchStartupTest {

    @Test
    void workbenchOpensTheEngineeringPerspectiveWithItsViews() throws Exception {
        IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        assertNotNull(window, "a workbench window is open");
        IWorkbenchPage page = window.getActivePage();
        assertEquals(FabricaUi.ENGINEERING_PERSPECTIVE, page.getPerspective().getId());
        assertTrue(window.getShell().getText().startsWith("Fabrica 0.1.0"), "title: " + window.getShell().getText());
        for (String view : new String[] {IPageLayout.ID_PROJECT_EXPLORER, IPageLayout.ID_PROBLEM_VIEW,
                IPageLayout.ID_PROP_SHEET, IPageLayout.ID_PROGRESS_VIEW, IConsoleConstants.ID_CONSOLE_VIEW}) {
            assertNotNull(page.findViewReference(view), view + " is part of the perspective");
        }
        assertNotNull(page.showView(IPageLayout.ID_PROJECT_EXPLORER), "Project Explorer can be shown");
        assertNotNull(page.showView(IPageLayout.ID_PROBLEM_VIEW), "Problems can be shown");

        Path png = screenshot(window.getShell(), "workbench-engineering.png");
        assertTrue(Files.size(png) > 10_000, "screenshot has content: " + png);
    }

    /** Paints pending events, then copies the window's pixels into a PNG. */
    static Path screenshot(Shell shell, String name) throws Exception {
        Display display = shell.getDisplay();
        // fill the screen (there is no window manager under Xvfb to maximize it)
        shell.setBounds(display.getPrimaryMonitor().getClientArea());
        shell.forceActive();
        long until = System.currentTimeMillis() + 1500;
        while (System.currentTimeMillis() < until) {
            if (!display.readAndDispatch()) {
                Thread.sleep(20);
            }
        }
        Rectangle bounds = shell.getBounds();
        Image image = new Image(display, bounds.width, bounds.height);
        GC gc = new GC(display);
        try {
            gc.copyArea(image, bounds.x, bounds.y);
            ImageLoader loader = new ImageLoader();
            loader.data = new ImageData[] {image.getImageData()};
            Path dir = Path.of(System.getProperty("fabrica.screenshots", "target/screenshots"));
            Files.createDirectories(dir);
            Path file = dir.resolve(name);
            loader.save(file.toString(), SWT.IMAGE_PNG);
            return file;
        } finally {
            gc.dispose();
            image.dispose();
        }
    }
}
