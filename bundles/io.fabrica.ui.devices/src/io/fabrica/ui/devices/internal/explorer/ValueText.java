package io.fabrica.ui.devices.internal.explorer;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

import io.fabrica.devices.api.SampledValue;

/** How the explorer shows values, qualities and times: short, readable, never a huge array. */
final class ValueText {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
    private static final int MAX = 80;

    private ValueText() {
    }

    /** @return the value as text: numbers to 6 significant digits, arrays and images summarised */
    static String value(SampledValue sample) {
        if (sample == null) {
            return "";
        }
        Object v = sample.value();
        if (v == null) {
            return "";
        }
        if (v instanceof Double || v instanceof Float) {
            return number(((Number) v).doubleValue());
        }
        if (v instanceof double[] array) {
            return summary(array);
        }
        if (v instanceof byte[] bytes) {
            return isPng(bytes) ? "PNG image, " + kilobytes(bytes.length) : bytes.length + " bytes";
        }
        if (v instanceof Object[] array) {
            return cut(Arrays.toString(array));
        }
        return cut(String.valueOf(v));
    }

    static String number(double d) {
        if (!Double.isFinite(d)) {
            return Double.toString(d);
        }
        return new BigDecimal(d).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }

    /** @return "Good", or the quality with the device's status text */
    static String quality(SampledValue sample) {
        if (sample == null) {
            return "";
        }
        String name = switch (sample.quality()) {
            case GOOD -> "Good";
            case UNCERTAIN -> "Uncertain";
            case BAD -> "Bad";
        };
        return sample.status() == null || sample.status().isEmpty() || sample.isGood() ? name : name + " (" + sample.status() + ")";
    }

    /** @return the source time (else the server's) as local time of day with milliseconds */
    static String time(SampledValue sample) {
        if (sample == null) {
            return "";
        }
        Instant t = sample.sourceTime() != null ? sample.sourceTime() : sample.serverTime();
        return t == null ? "" : TIME.format(t);
    }

    private static String summary(double[] array) {
        if (array.length == 0) {
            return "[]";
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double d : array) {
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        return "[" + array.length + " values, " + number(min) + " … " + number(max) + "]";
    }

    private static String kilobytes(int bytes) {
        return number(Math.round(bytes / 102.4) / 10.0) + " kB";
    }

    private static boolean isPng(byte[] bytes) {
        return bytes.length > 8 && bytes[0] == (byte) 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G';
    }

    private static String cut(String text) {
        return text.length() <= MAX ? text : text.substring(0, MAX - 1) + "…";
    }
}
