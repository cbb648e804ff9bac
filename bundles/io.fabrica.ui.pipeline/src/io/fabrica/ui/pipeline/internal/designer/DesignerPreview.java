package io.fabrica.ui.pipeline.internal.designer;

import org.eclipse.swt.widgets.Display;
import java.util.function.Consumer;

/**
 * "Preview on simulator": runs the pipeline live on the simulated plant ({@link LivePreview}) and
 * redraws the latest value on every connection and the preview's state about four times a second.
 */
final class DesignerPreview {
    private static final int REFRESH_MS = 250;

    private final DiagramCanvas canvas;
    private final DesignerDocument document;
    private final Consumer<String> status;
    private final Runnable refresh = this::refresh;
    private LivePreview preview;

    /** @param status where a preview problem is reported besides the canvas banner */
    DesignerPreview(DiagramCanvas canvas, DesignerDocument document, Consumer<String> status) {
        this.canvas = canvas;
        this.document = document;
        this.status = status;
    }

    /** @return whether it was running (and is now stopped) when {@code on} is false */
    boolean set(boolean on) {
        if (on && preview == null) {
            Display display = canvas.control().getDisplay();
            preview = new LivePreview(canvas.previewValues(), text -> display.asyncExec(() -> state(text)), LivePreview.Backends.SERVICES);
            canvas.banner("Preview: starting the simulated plant…");
            preview.start(document.pipeline(), document.folder());
            display.timerExec(REFRESH_MS, refresh);
        } else if (!on && preview != null) {
            stop();
            canvas.banner(null);
            return true;
        }
        return false;
    }

    void stop() {
        if (preview != null) {
            preview.stop();
            preview = null;
        }
    }

    private void state(String text) {
        if (canvas.control().isDisposed() || preview == null) {
            return;
        }
        canvas.banner(text);
        if (text != null && !text.startsWith("Preview running")) {
            status.accept(text);
        }
    }

    private void refresh() {
        if (preview == null || canvas.control().isDisposed()) {
            return;
        }
        String state = preview.poll();
        if (state != null) {
            canvas.banner(state);
        }
        canvas.control().redraw();
        canvas.control().getDisplay().timerExec(REFRESH_MS, refresh);
    }
}
