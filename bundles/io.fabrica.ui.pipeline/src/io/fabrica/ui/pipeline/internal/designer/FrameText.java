package io.fabrica.ui.pipeline.internal.designer;

import java.util.Locale;

import io.fabrica.pipeline.api.Decision;
import io.fabrica.pipeline.api.Frame;

/** Short text for a value on a connection: a number, the start of a vector, an image size or a decision. Pure. */
final class FrameText {

    private FrameText() {
    }

    /** @return e.g. {@code 41.2}, {@code [0.12, 0.3, …] (13)}, {@code 96×96 image}, {@code anomaly (0.82)} */
    static String of(Frame frame) {
        Decision d = frame.decision();
        if (d != null) {
            return d.outcome() + " (" + number(d.score()) + ")";
        }
        if (frame.width() > 0 && frame.height() > 0) {
            return frame.width() + "×" + frame.height() + (frame.channels() == 3 ? " colour" : "") + " image";
        }
        int n = frame.length();
        if (n == 0) {
            return "–";
        }
        float[] v = frame.values();
        if (n == 1) {
            return number(v[0]);
        }
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < Math.min(n, 3); i++) {
            b.append(i > 0 ? ", " : "").append(number(v[i]));
        }
        return b.append(n > 3 ? ", …] (" + n + ")" : "]").toString();
    }

    static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return String.valueOf(v);
        }
        double a = Math.abs(v);
        return a != 0 && (a < 0.001 || a >= 100_000) ? String.format(Locale.ROOT, "%.3g", v) : String.format(Locale.ROOT, "%.3f", v)
                .replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
