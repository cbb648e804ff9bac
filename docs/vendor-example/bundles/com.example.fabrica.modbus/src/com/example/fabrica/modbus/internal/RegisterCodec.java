package com.example.fabrica.modbus.internal;

import java.nio.ByteBuffer;
import java.util.Locale;

import com.example.fabrica.modbus.ModbusAddress;
import com.example.fabrica.modbus.ModbusAddress.Type;

/**
 * Converts between Modbus registers and engineering values as an address describes them: byte
 * order, raw type and linear scaling. Pure functions, no protocol; thread-safe.
 *
 * <p>Registers are passed as ints holding the unsigned 16-bit register value (0..65535), register
 * 0 first.
 */
final class RegisterCodec {

    /** How far a scaled write may be from a whole raw number and still count as exact (float noise of the division). */
    private static final double WHOLE_TOLERANCE = 1e-9;

    private RegisterCodec() {
    }

    /**
     * The engineering value of registers.
     *
     * @param address a register address
     * @param registers exactly {@code address.count()} register values
     * @return Integer (int16, uint16, int32), Long (uint32), Float (float32) or Double (float64, or any scaled value)
     * @throws IllegalArgumentException if the number of registers does not match
     */
    static Object decode(ModbusAddress address, int[] registers) {
        if (registers.length != address.count()) {
            throw new IllegalArgumentException(address + " needs " + address.count() + " registers, got " + registers.length);
        }
        byte[] wire = new byte[registers.length * 2];
        for (int i = 0; i < registers.length; i++) {
            wire[2 * i] = (byte) (registers[i] >> 8);
            wire[2 * i + 1] = (byte) registers[i];
        }
        ByteBuffer bigEndian = ByteBuffer.wrap(reorder(address, wire));
        Number raw = switch (address.type()) {
            case INT16 -> (int) bigEndian.getShort();
            case UINT16 -> bigEndian.getShort() & 0xFFFF;
            case INT32 -> bigEndian.getInt();
            case UINT32 -> bigEndian.getInt() & 0xFFFF_FFFFL;
            case FLOAT32 -> bigEndian.getFloat();
            case FLOAT64 -> bigEndian.getDouble();
            case BOOL -> throw new IllegalArgumentException(address + " is a bit, not a register");
        };
        return address.isScaled() ? raw.doubleValue() * address.scale() + address.engineeringOffset() : raw;
    }

    /**
     * The registers that hold an engineering value.
     *
     * @param address a register address
     * @param value a Number or a numeric String
     * @return {@code address.count()} register values
     * @throws IllegalArgumentException naming the value and why it does not fit (wrong type, out of the
     *         raw type's range, not representable with the scaling)
     */
    static int[] encode(ModbusAddress address, Object value) {
        double engineering = number(address, value);
        double raw = address.isScaled() ? (engineering - address.engineeringOffset()) / address.scale() : engineering;
        ByteBuffer bigEndian = ByteBuffer.allocate(address.count() * 2);
        Type type = address.type();
        switch (type) {
            case INT16 -> bigEndian.putShort((short) whole(address, value, raw, Short.MIN_VALUE, Short.MAX_VALUE));
            case UINT16 -> bigEndian.putShort((short) whole(address, value, raw, 0, 0xFFFF));
            case INT32 -> bigEndian.putInt((int) whole(address, value, raw, Integer.MIN_VALUE, Integer.MAX_VALUE));
            case UINT32 -> bigEndian.putInt((int) whole(address, value, raw, 0, 0xFFFF_FFFFL));
            case FLOAT32 -> bigEndian.putFloat(toFloat(address, value, raw));
            case FLOAT64 -> bigEndian.putDouble(raw);
            case BOOL -> throw new IllegalArgumentException(address + " is a bit, not a register");
        }
        byte[] wire = reorder(address, bigEndian.array());
        int[] registers = new int[address.count()];
        for (int i = 0; i < registers.length; i++) {
            registers[i] = (wire[2 * i] & 0xFF) << 8 | (wire[2 * i + 1] & 0xFF);
        }
        return registers;
    }

    /**
     * The state of a coil to write.
     *
     * @param address the coil's address, for messages
     * @param value a Boolean, the number 0 or 1, or one of the texts true/false/1/0/on/off
     * @return the state
     * @throws IllegalArgumentException naming the value if it is none of these
     */
    static boolean encodeBit(ModbusAddress address, Object value) {
        if (value instanceof Boolean bool) {
            return bool;
        }
        if (value instanceof Number number && (number.doubleValue() == 0 || number.doubleValue() == 1)) {
            return number.doubleValue() == 1;
        }
        if (value instanceof String text) {
            switch (text.strip().toLowerCase(Locale.ROOT)) {
                case "true", "1", "on" -> {
                    return true;
                }
                case "false", "0", "off" -> {
                    return false;
                }
                default -> {
                    // falls through to the error below
                }
            }
        }
        throw new IllegalArgumentException("value " + describe(value) + " is not a bool for " + address + "; write true or false");
    }

    /** The wire image from the big-endian image or back: every order is its own inverse. */
    private static byte[] reorder(ModbusAddress address, byte[] bytes) {
        byte[] result = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            result[i] = bytes[address.order().map(i, bytes.length)];
        }
        return result;
    }

    private static double number(ModbusAddress address, Object value) {
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value instanceof String text) {
            try {
                return Double.parseDouble(text.strip());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("value " + describe(value) + " is not a number for " + address + " ("
                + address.type().token() + ")");
    }

    private static long whole(ModbusAddress address, Object value, double raw, long min, long max) {
        double rounded = Math.rint(raw);
        if (Double.isNaN(raw) || Math.abs(raw - rounded) > WHOLE_TOLERANCE * Math.max(1, Math.abs(raw))) {
            throw new IllegalArgumentException("value " + describe(value) + " cannot be written exactly to " + address + ": "
                    + (address.isScaled() ? "the raw value would be " + raw + ", but " : "") + address.type().token()
                    + " holds whole numbers only");
        }
        if (rounded < min || rounded > max) {
            throw new IllegalArgumentException("value " + describe(value) + " is out of range for " + address + ": "
                    + (address.isScaled() ? "the raw value " + (long) rounded + " is " : "it is ") + "outside "
                    + address.type().token() + " (" + min + ".." + max + ")");
        }
        return (long) rounded;
    }

    private static float toFloat(ModbusAddress address, Object value, double raw) {
        if (Double.isFinite(raw) && Math.abs(raw) > Float.MAX_VALUE) {
            throw new IllegalArgumentException("value " + describe(value) + " is out of range for " + address + " (float32)");
        }
        return (float) raw;
    }

    private static String describe(Object value) {
        return value == null ? "null" : value instanceof String ? "\"" + value + "\"" : value + " (" + value.getClass().getSimpleName() + ")";
    }
}
