package io.fabrica.ui;

import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Widget;
import org.eclipse.ui.PlatformUI;

/**
 * Hands work from a job thread to the UI thread, for views whose widgets may be gone by then.
 */
public final class UiThread {

    private UiThread() {
    }

    /**
     * Runs the work on the UI thread later, unless the workbench is closing or the widget was disposed
     * meanwhile (the view was closed while its job ran). Callable from any thread.
     *
     * @param alive a widget of the view; the work is dropped once it is disposed (may be {@code null}
     *        before the view created its widgets: then the work is dropped too)
     * @param work what to do with the widgets
     */
    public static void whileAlive(Widget alive, Runnable work) {
        if (!PlatformUI.isWorkbenchRunning()) {
            return;
        }
        Display display = PlatformUI.getWorkbench().getDisplay();
        if (!display.isDisposed()) {
            display.asyncExec(() -> {
                if (alive != null && !alive.isDisposed()) {
                    work.run();
                }
            });
        }
    }
}
