package com.example.fabrica.modbus;

import java.util.Locale;
import java.util.Objects;

/**
 * Where a value lives on a Modbus device and how its registers become an engineering value: the
 * register table, the 0-based offset, the data type, the byte/word order and a linear scaling. The
 * text form is what a plant model keeps in a {@code DeviceAddress}; the syntax is described in the
 * {@linkplain com.example.fabrica.modbus package documentation}, e.g.
 * {@code hr:100:float32:CDAB:scale=0.1:offset=-40}.
 *
 * <p>Immutable and thread-safe. The compact constructor checks the combination (a coil holds a
 * bool, a bool lives in a coil or discrete input, the value fits below register 65535, scaling is
 * finite and non-zero) and throws {@link IllegalArgumentException} naming the problem.
 *
 * @param table the register table
 * @param offset the 0-based offset of the first coil or register (protocol address, not the
 *        1-based "40001" notation)
 * @param type how the registers (or the bit) are read as a raw value
 * @param order how the raw value's bytes are laid out over the registers
 * @param scale factor of the linear scaling: engineering value = raw * scale + engineeringOffset
 * @param engineeringOffset summand of the linear scaling
 */
public record ModbusAddress(Table table, int offset, Type type, Order order, double scale, double engineeringOffset) {

    /** The highest protocol address of a Modbus table. */
    public static final int MAX_OFFSET = 0xFFFF;

    /** The syntax, for error messages. */
    public static final String SYNTAX = "table:offset[:type][:order][:scale=S][:offset=O]";

    /**
     * The four Modbus tables. Coils and holding registers may be written; discrete inputs and input
     * registers are read-only.
     */
    public enum Table {
        /** single read-write bits (function codes 1, 5, 15) */
        COIL("co", "coil", true, true),
        /** single read-only bits (function code 2) */
        DISCRETE_INPUT("di", "discrete input", true, false),
        /** read-only 16-bit registers (function code 4) */
        INPUT_REGISTER("ir", "input register", false, false),
        /** read-write 16-bit registers (function codes 3, 6, 16) */
        HOLDING_REGISTER("hr", "holding register", false, true);

        private final String token;
        private final String label;
        private final boolean bit;
        private final boolean writable;

        Table(String token, String label, boolean bit, boolean writable) {
            this.token = token;
            this.label = label;
            this.bit = bit;
            this.writable = writable;
        }

        /** @return the short name used in address texts: {@code co}, {@code di}, {@code ir} or {@code hr} */
        public String token() {
            return token;
        }

        /** @return the name for people, e.g. "input register" */
        public String label() {
            return label;
        }

        /** @return whether the table holds single bits rather than 16-bit registers */
        public boolean isBit() {
            return bit;
        }

        /** @return whether clients may write the table */
        public boolean isWritable() {
            return writable;
        }

        /**
         * Finds a table by its token or a long name ({@code coil}, {@code discrete}, {@code input},
         * {@code holding}, with or without a trailing {@code s}, {@code -input}, {@code -register}).
         *
         * @param text the name, case-insensitive
         * @return the table
         * @throws IllegalArgumentException naming the text and the valid names
         */
        public static Table of(String text) {
            String t = text.strip().toLowerCase(Locale.ROOT);
            return switch (t) {
                case "co", "coil", "coils" -> COIL;
                case "di", "discrete", "discrete-input", "discrete-inputs", "discrete_input" -> DISCRETE_INPUT;
                case "ir", "input", "input-register", "input-registers", "input_register" -> INPUT_REGISTER;
                case "hr", "holding", "holding-register", "holding-registers", "holding_register" -> HOLDING_REGISTER;
                default -> throw new IllegalArgumentException("table \"" + text + "\" is not one of co (coil), di (discrete input), "
                        + "ir (input register), hr (holding register)");
            };
        }
    }

    /** Raw data types: how many registers a value takes and how they are read. */
    public enum Type {
        /** a coil or discrete input */
        BOOL(0, "Boolean"),
        /** one register, two's complement */
        INT16(1, "Int16"),
        /** one register, unsigned */
        UINT16(1, "UInt16"),
        /** two registers, two's complement */
        INT32(2, "Int32"),
        /** two registers, unsigned */
        UINT32(2, "UInt32"),
        /** two registers, IEEE 754 single precision */
        FLOAT32(2, "Float"),
        /** four registers, IEEE 754 double precision */
        FLOAT64(4, "Double");

        private final int registers;
        private final String deviceTypeName;

        Type(int registers, String deviceTypeName) {
            this.registers = registers;
            this.deviceTypeName = deviceTypeName;
        }

        /** @return the token used in address texts, e.g. {@code float32} */
        public String token() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @return registers per value; 0 for {@link #BOOL}, which is a single bit */
        public int registers() {
            return registers;
        }

        /** @return the OPC UA built-in type name of the unscaled value, which Fabrica's validation understands */
        public String deviceTypeName() {
            return deviceTypeName;
        }

        /** @return whether the type is an integer type */
        public boolean isInteger() {
            return this == INT16 || this == UINT16 || this == INT32 || this == UINT32;
        }

        /**
         * @param text a token such as {@code float32}, case-insensitive
         * @return the type, or {@code null} when the text names none
         */
        public static Type orNull(String text) {
            for (Type type : values()) {
                if (type.token().equalsIgnoreCase(text.strip())) {
                    return type;
                }
            }
            return null;
        }
    }

    /**
     * Byte orders of multi-register values, named by where the bytes A B C D of the big-endian value
     * (A most significant) appear on the wire (register 0 high byte, register 0 low byte, register 1
     * high byte, ...). For 64-bit values the pattern extends to eight bytes (CDAB reverses the order
     * of the four words); for 16-bit values only the byte swap counts (ABCD = CDAB, BADC = DCBA).
     */
    public enum Order {
        /** big-endian: the Modbus standard */
        ABCD,
        /** little-endian: bytes fully reversed */
        DCBA,
        /** big-endian words with their bytes swapped */
        BADC,
        /** little-endian word order ("word swap"), bytes big-endian in each word */
        CDAB;

        /**
         * @param text an order name, case-insensitive
         * @return the order, or {@code null} when the text names none
         */
        public static Order orNull(String text) {
            for (Order order : values()) {
                if (order.name().equalsIgnoreCase(text.strip())) {
                    return order;
                }
            }
            return null;
        }

        /**
         * Where byte {@code index} of the wire image comes from in the big-endian image (and,
         * because every order is its own inverse, the other way round).
         *
         * @param index a byte index in a value of {@code size} bytes
         * @param size 2, 4 or 8
         * @return the index of the matching byte in the other image
         */
        public int map(int index, int size) {
            return switch (this) {
                case ABCD -> index;
                case DCBA -> size - 1 - index;
                case BADC -> index ^ 1;
                case CDAB -> (size / 2 - 1 - index / 2) * 2 + index % 2;
            };
        }
    }

    /**
     * Checks the combination.
     *
     * @throws NullPointerException if table, type or order is {@code null}
     * @throws IllegalArgumentException naming the problem
     */
    public ModbusAddress {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(order, "order");
        if (offset < 0 || offset > MAX_OFFSET) {
            throw new IllegalArgumentException("offset " + offset + " is outside 0.." + MAX_OFFSET);
        }
        if (table.isBit() != (type == Type.BOOL)) {
            throw new IllegalArgumentException(table.isBit() ? "a " + table.label() + " holds a bool, not " + type.token()
                    : "bool needs a coil (co) or discrete input (di), not a " + table.label() + "; use uint16 for a register");
        }
        if (!table.isBit() && offset + type.registers() - 1 > MAX_OFFSET) {
            throw new IllegalArgumentException(type.token() + " at offset " + offset + " needs " + type.registers()
                    + " registers and runs past " + MAX_OFFSET);
        }
        if (table.isBit() && order != Order.ABCD) {
            throw new IllegalArgumentException("byte order " + order + " applies to registers, not to a " + table.label());
        }
        if (!Double.isFinite(scale) || scale == 0) {
            throw new IllegalArgumentException("scale " + scale + " must be a finite number other than 0");
        }
        if (!Double.isFinite(engineeringOffset)) {
            throw new IllegalArgumentException("offset " + engineeringOffset + " must be a finite number");
        }
        if (table.isBit() && (scale != 1 || engineeringOffset != 0)) {
            throw new IllegalArgumentException("a " + table.label() + " is a bool and cannot be scaled");
        }
    }

    /**
     * An unscaled, big-endian address with the table's default type (bool for bits, uint16 for
     * registers).
     *
     * @param table the table
     * @param offset the 0-based offset
     * @return the address
     * @throws IllegalArgumentException if the offset is outside 0..65535
     */
    public static ModbusAddress of(Table table, int offset) {
        return new ModbusAddress(table, offset, table.isBit() ? Type.BOOL : Type.UINT16, Order.ABCD, 1, 0);
    }

    /**
     * Parses the text form ({@value #SYNTAX}, see the package documentation). Spaces around parts are
     * ignored; names are case-insensitive.
     *
     * @param text e.g. {@code hr:100:float32:CDAB:scale=0.1}
     * @return the address
     * @throws IllegalArgumentException whose message quotes the text and names the bad part
     * @throws NullPointerException if the text is {@code null}
     */
    public static ModbusAddress parse(String text) {
        Objects.requireNonNull(text, "text");
        try {
            return new Parser(text).parse();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad Modbus address \"" + text + "\": " + e.getMessage() + " (syntax " + SYNTAX + ")", e);
        }
    }

    /** @return a copy with this data type */
    public ModbusAddress withType(Type newType) {
        return new ModbusAddress(table, offset, newType, order, scale, engineeringOffset);
    }

    /** @return a copy with this byte order */
    public ModbusAddress withOrder(Order newOrder) {
        return new ModbusAddress(table, offset, type, newOrder, scale, engineeringOffset);
    }

    /** @return a copy with this linear scaling (engineering value = raw * scale + offset) */
    public ModbusAddress withScaling(double newScale, double newOffset) {
        return new ModbusAddress(table, offset, type, order, newScale, newOffset);
    }

    /** @return how many registers (or bits) one value takes */
    public int count() {
        return table.isBit() ? 1 : type.registers();
    }

    /** @return whether a linear scaling other than the identity applies */
    public boolean isScaled() {
        return scale != 1 || engineeringOffset != 0;
    }

    /**
     * The type name of the engineering value, for {@code Address.deviceDataType}.
     *
     * @return {@code Double} when scaled, else the raw type's OPC UA built-in name ({@code Boolean},
     *         {@code Int16}, {@code UInt16}, {@code Int32}, {@code UInt32}, {@code Float}, {@code Double})
     */
    public String deviceDataType() {
        return isScaled() ? "Double" : type.deviceTypeName();
    }

    /**
     * The canonical text: table, offset and type always; the order when it is not ABCD; scale and
     * offset when they are not 1 and 0. {@code parse(a.text())} equals {@code a}.
     *
     * @return e.g. {@code hr:100:float32:CDAB:scale=0.1}
     */
    public String text() {
        StringBuilder text = new StringBuilder(table.token()).append(':').append(offset).append(':').append(type.token());
        if (order != Order.ABCD) {
            text.append(':').append(order);
        }
        if (scale != 1) {
            text.append(":scale=").append(number(scale));
        }
        if (engineeringOffset != 0) {
            text.append(":offset=").append(number(engineeringOffset));
        }
        return text.toString();
    }

    /** @return {@link #text()} */
    @Override
    public String toString() {
        return text();
    }

    /** Integral numbers without ".0", everything else as {@link Double#toString}, which parses back exactly. */
    private static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    /** One parse of one text; each method throws IllegalArgumentException naming the bad part. */
    private static final class Parser {
        private final String[] parts;
        private Type type;
        private Order order;
        private Double scale;
        private Double engineeringOffset;

        Parser(String text) {
            this.parts = text.strip().split(":", -1);
        }

        ModbusAddress parse() {
            if (parts.length < 2 || parts[0].isBlank()) {
                throw new IllegalArgumentException("it needs at least a table and an offset, e.g. hr:100");
            }
            Table table = Table.of(parts[0]);
            int offset = offset(parts[1]);
            for (int i = 2; i < parts.length; i++) {
                option(parts[i].strip(), i + 1);
            }
            Type chosenType = type != null ? type : table.isBit() ? Type.BOOL : Type.UINT16;
            return new ModbusAddress(table, offset, chosenType, order != null ? order : Order.ABCD,
                    scale != null ? scale : 1, engineeringOffset != null ? engineeringOffset : 0);
        }

        private static int offset(String text) {
            String t = text.strip();
            if (!t.matches("\\d{1,5}") || Integer.parseInt(t) > MAX_OFFSET) {
                throw new IllegalArgumentException("offset \"" + text + "\" is not a whole number from 0 to " + MAX_OFFSET);
            }
            return Integer.parseInt(t);
        }

        private void option(String part, int position) {
            if (part.isEmpty()) {
                throw new IllegalArgumentException("part " + position + " is empty");
            }
            int equals = part.indexOf('=');
            if (equals >= 0) {
                keyValue(part.substring(0, equals).strip().toLowerCase(Locale.ROOT), part.substring(equals + 1).strip());
                return;
            }
            Type asType = Type.orNull(part);
            Order asOrder = Order.orNull(part);
            if (asType != null) {
                type = once(type, asType, "data type");
            } else if (asOrder != null) {
                order = once(order, asOrder, "byte order");
            } else {
                throw new IllegalArgumentException("\"" + part + "\" is neither a data type (bool, int16, uint16, int32, uint32, "
                        + "float32, float64), nor a byte order (ABCD, DCBA, BADC, CDAB), nor scale=... or offset=...");
            }
        }

        private void keyValue(String key, String value) {
            switch (key) {
                case "scale" -> scale = once(scale, number(key, value), "scale");
                case "offset" -> engineeringOffset = once(engineeringOffset, number(key, value), "offset");
                default -> throw new IllegalArgumentException("option \"" + key + "\" is unknown; use scale=... or offset=...");
            }
        }

        private static double number(String key, String value) {
            try {
                double number = Double.parseDouble(value);
                if (Double.isFinite(number)) {
                    return number;
                }
            } catch (NumberFormatException e) {
                // reported below with the key, which the exception's message lacks
            }
            throw new IllegalArgumentException(key + " \"" + value + "\" is not a number");
        }

        private static <T> T once(T previous, T value, String what) {
            if (previous != null) {
                throw new IllegalArgumentException(what + " is given twice (" + previous + " and " + value + ")");
            }
            return value;
        }
    }
}
