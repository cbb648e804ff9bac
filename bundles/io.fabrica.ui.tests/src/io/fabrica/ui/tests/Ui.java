package io.fabrica.ui.tests;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Widget;

import io.fabrica.ui.FabricaUi;

/**
 * The small widget-driving helper of the UI tests (SWTBot is not on Maven Central). Tests run on the
 * UI thread, so waiting means dispatching events until a condition holds.
 */
final class Ui {

    private Ui() {
    }

    /** Dispatches events for the given time. */
    static void settle(long millis) {
        Display display = Display.getCurrent();
        long until = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < until) {
            if (!display.readAndDispatch()) {
                sleep();
            }
        }
    }

    /** Dispatches events for 300 ms. */
    static void settle() {
        settle(300);
    }

    /**
     * Dispatches events until the condition holds.
     *
     * @throws AssertionError with the message (and the detail, evaluated at the time out) when it does not within the time
     */
    static void waitUntil(BooleanSupplier condition, long timeoutMillis, Supplier<String> message) {
        Display display = Display.getCurrent();
        long until = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            // drain the queue first: SWT runs asyncExec runnables only in a readAndDispatch that found no
            // other event, so a condition that itself causes events (expanding a tree) would starve them
            long drainUntil = System.currentTimeMillis() + 500;
            while (display.readAndDispatch() && System.currentTimeMillis() < drainUntil) {
                // keep dispatching
            }
            if (condition.getAsBoolean()) {
                return;
            }
            if (System.currentTimeMillis() > until) {
                throw new AssertionError("timed out after " + timeoutMillis + " ms: " + message.get());
            }
            sleep();
        }
    }

    /** The first widget of a type under a parent with {@code getData(FabricaUi.WIDGET_KEY)} equal to the key, or null. */
    static <T extends Widget> T find(Composite parent, Class<T> type, String key) {
        for (Control c : parent.getChildren()) {
            if (type.isInstance(c) && key.equals(c.getData(FabricaUi.WIDGET_KEY))) {
                return type.cast(c);
            }
            if (c instanceof Composite child) {
                T found = find(child, type, key);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** Like {@link #find} but fails the test naming the key when there is no such widget. */
    static <T extends Widget> T require(Composite parent, Class<T> type, String key) {
        T found = find(parent, type, key);
        if (found == null) {
            throw new AssertionError("no " + type.getSimpleName() + " with " + FabricaUi.WIDGET_KEY + "=" + key);
        }
        return found;
    }

    private static void sleep() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
