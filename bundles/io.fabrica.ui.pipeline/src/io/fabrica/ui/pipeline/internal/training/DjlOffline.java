package io.fabrica.ui.pipeline.internal.training;

/**
 * Keeps DJL off the network in the workbench, as the command line and the tests do: DJL reads these
 * switches once, on its first use, so they are set before any view touches a pipeline engine. Values the
 * user gave on the command line ({@code -D...}) win. Thread-safe and idempotent.
 */
public final class DjlOffline {

    private static volatile boolean done;

    private DjlOffline() {
    }

    /** Sets {@code ai.djl.offline}, {@code OPT_OUT_TRACKING} and {@code ai.djl.onnx.disable_alternative} unless already set. */
    public static void ensure() {
        if (done) {
            return;
        }
        synchronized (DjlOffline.class) {
            setIfUnset("ai.djl.offline", "true");
            // DJL would otherwise report usage to a tracking service on start
            setIfUnset("OPT_OUT_TRACKING", "true");
            // ONNX Runtime must not load PyTorch as its "alternative" engine: that breaks ONNX Runtime JVM-wide
            setIfUnset("ai.djl.onnx.disable_alternative", "true");
            done = true;
        }
    }

    private static void setIfUnset(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
