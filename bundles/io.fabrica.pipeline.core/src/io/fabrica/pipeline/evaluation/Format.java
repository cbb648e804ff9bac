package io.fabrica.pipeline.evaluation;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Text for the reports: XML escaping and numbers and times in {@link Locale#ROOT}, so that a report
 * looks the same on every machine.
 */
final class Format {

    /** What the reports show for an undefined ratio. */
    static final String NOT_AVAILABLE = "n/a";

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Format() {
    }

    /**
     * @param text any text, may be null
     * @return the text safe inside XML and HTML elements and quoted attributes; control characters
     *         that XML forbids are dropped
     */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** @return the value with three decimals, or {@value #NOT_AVAILABLE} if NaN */
    static String ratio(double value) {
        return Double.isNaN(value) ? NOT_AVAILABLE : String.format(Locale.ROOT, "%.3f", value);
    }

    /** @return the value with three significant digits and no trailing zeros, e.g. 12.3, 0.5, 1200 */
    static String significant(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.isNaN(value) ? NOT_AVAILABLE : value > 0 ? "∞" : "-∞";
        }
        if (value == 0) {
            return "0";
        }
        return new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }

    /** @return a duration in µs, ms or s with three significant digits */
    static String micros(double micros) {
        if (micros >= 1_000_000) {
            return significant(micros / 1_000_000) + " s";
        }
        if (micros >= 1000) {
            return significant(micros / 1000) + " ms";
        }
        return significant(micros) + " µs";
    }

    /** @return seconds with one decimal, e.g. 3.0 s, or {@value #NOT_AVAILABLE} if NaN */
    static String seconds(double seconds) {
        return Double.isNaN(seconds) ? NOT_AVAILABLE : String.format(Locale.ROOT, "%.1f s", seconds);
    }

    /** @return the time as UTC date and time with milliseconds */
    static String timestamp(long millis) {
        return TIMESTAMP.format(Instant.ofEpochMilli(millis));
    }

    /** @return an SVG coordinate with at most one decimal: small files, sub-pixel precision is invisible */
    static String coordinate(double value) {
        long tenths = Math.round(value * 10);
        long whole = tenths / 10;
        long fraction = Math.abs(tenths % 10);
        String sign = tenths < 0 && whole == 0 ? "-" : "";
        return fraction == 0 ? sign + whole : sign + whole + "." + fraction;
    }
}
