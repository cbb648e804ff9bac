package io.fabrica.ui.devices.internal.explorer;

import java.util.Locale;

/**
 * Turns what a user typed into a value for a device node of a given OPC UA data type, refusing
 * text that does not parse for the type, integers outside the type's range, and numbers outside
 * the engineering bounds when they are known. Pure logic, any thread.
 */
public final class WriteValues {

    /**
     * Known bounds, or none.
     *
     * @param minimum lowest allowed value, or {@code null}
     * @param maximum highest allowed value, or {@code null}
     */
    public record Bounds(Double minimum, Double maximum) {

        /** No bounds known. */
        public static final Bounds NONE = new Bounds(null, null);

        /** @return whether any bound is known */
        public boolean known() {
            return minimum != null || maximum != null;
        }

        @Override
        public String toString() {
            return (minimum != null ? ValueText.number(minimum) : "−∞") + " … " + (maximum != null ? ValueText.number(maximum) : "+∞");
        }
    }

    private WriteValues() {
    }

    /** @return whether a node of this data type can be written from a single line of text */
    static boolean supported(String dataType) {
        return dataType != null && switch (dataType) {
            case "Boolean", "SByte", "Byte", "Int16", "UInt16", "Int32", "UInt32", "Int64", "UInt64", "Float", "Double", "String" -> true;
            default -> false;
        };
    }

    /**
     * @param text what the user typed
     * @param dataType the node's OPC UA data type name
     * @param bounds engineering bounds to enforce for numbers
     * @return Boolean, Long, Double or String
     * @throws IllegalArgumentException with a sentence saying what is wrong
     */
    static Object parse(String text, String dataType, Bounds bounds) {
        String t = text == null ? "" : text.strip();
        if (!supported(dataType)) {
            throw new IllegalArgumentException("Values of type " + dataType + " cannot be written here");
        }
        return switch (dataType) {
            case "String" -> text == null ? "" : text;
            case "Boolean" -> bool(t);
            case "Float", "Double" -> bounded(real(t, dataType), bounds);
            default -> {
                long value = integer(t, dataType);
                bounded(value, bounds);
                yield value;
            }
        };
    }

    private static Boolean bool(String t) {
        return switch (t.toLowerCase(Locale.ROOT)) {
            case "true", "1", "on", "yes" -> Boolean.TRUE;
            case "false", "0", "off", "no" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("'" + t + "' is not a Boolean; type true or false");
        };
    }

    private static double real(String t, String dataType) {
        try {
            double d = Double.parseDouble(t);
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            if (dataType.equals("Float") && Math.abs(d) > Float.MAX_VALUE) {
                throw new IllegalArgumentException("'" + t + "' is too large for a Float");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + t + "' is not a number (" + dataType + "); use a dot for decimals, e.g. 1200.5");
        }
    }

    private static long integer(String t, String dataType) {
        long value;
        try {
            value = Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + t + "' is not a whole number (" + dataType + ")");
        }
        long[] range = switch (dataType) {
            case "SByte" -> new long[] {Byte.MIN_VALUE, Byte.MAX_VALUE};
            case "Byte" -> new long[] {0, 255};
            case "Int16" -> new long[] {Short.MIN_VALUE, Short.MAX_VALUE};
            case "UInt16" -> new long[] {0, 65535};
            case "Int32" -> new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE};
            case "UInt32" -> new long[] {0, 4294967295L};
            case "UInt64" -> new long[] {0, Long.MAX_VALUE};
            default -> new long[] {Long.MIN_VALUE, Long.MAX_VALUE};
        };
        if (value < range[0] || value > range[1]) {
            throw new IllegalArgumentException(t + " does not fit a " + dataType + " (" + range[0] + " … " + range[1] + ")");
        }
        return value;
    }

    private static double bounded(double value, Bounds bounds) {
        if ((bounds.minimum() != null && value < bounds.minimum()) || (bounds.maximum() != null && value > bounds.maximum())) {
            throw new IllegalArgumentException(ValueText.number(value) + " is outside the bounds " + bounds);
        }
        return value;
    }
}
