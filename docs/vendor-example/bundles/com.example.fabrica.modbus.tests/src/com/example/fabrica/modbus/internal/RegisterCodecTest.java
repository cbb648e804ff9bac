package com.example.fabrica.modbus.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.example.fabrica.modbus.ModbusAddress;

/**
 * Register images of every type and byte order, written out by hand from the order's letters, so
 * that the codec is checked against the documented layout rather than against itself. Plain logic;
 * lives in the host's internal package (the fragment shares it) to reach the package-private codec.
 */
class RegisterCodecTest {

    @Test
    void decodesFloat32InEveryOrder() {
        // 12.5f = 0x41480000: A=41 B=48 C=00 D=00
        assertEquals(12.5f, decode("hr:0:float32:ABCD", 0x4148, 0x0000));
        assertEquals(12.5f, decode("hr:0:float32:DCBA", 0x0000, 0x4841));
        assertEquals(12.5f, decode("hr:0:float32:BADC", 0x4841, 0x0000));
        assertEquals(12.5f, decode("hr:0:float32:CDAB", 0x0000, 0x4148));
    }

    @Test
    void decodesIntegersInEveryOrder() {
        // -123456789 = 0xF8A432EB
        assertEquals(-123456789, decode("hr:0:int32", 0xF8A4, 0x32EB));
        assertEquals(-123456789, decode("hr:0:int32:DCBA", 0xEB32, 0xA4F8));
        assertEquals(-123456789, decode("hr:0:int32:BADC", 0xA4F8, 0xEB32));
        assertEquals(-123456789, decode("hr:0:int32:CDAB", 0x32EB, 0xF8A4));
        assertEquals(3_000_000_000L, decode("ir:0:uint32", 0xB2D0, 0x5E00));
        assertEquals(3_000_000_000L, decode("ir:0:uint32:CDAB", 0x5E00, 0xB2D0));
        assertEquals(-2, decode("hr:0:int16", 0xFFFE));
        assertEquals(65534, decode("hr:0:uint16", 0xFFFE));
        assertEquals(0x3412, decode("hr:0:uint16:BADC", 0x1234));
        assertEquals(0x3412, decode("hr:0:uint16:DCBA", 0x1234));
        assertEquals(0x1234, decode("hr:0:uint16:CDAB", 0x1234));
    }

    @Test
    void decodesFloat64InEveryOrder() {
        // pi = 0x400921FB54442D18: A=40 B=09 C=21 D=FB E=54 F=44 G=2D H=18
        assertEquals(Math.PI, decode("hr:0:float64", 0x4009, 0x21FB, 0x5444, 0x2D18));
        assertEquals(Math.PI, decode("hr:0:float64:DCBA", 0x182D, 0x4454, 0xFB21, 0x0940));
        assertEquals(Math.PI, decode("hr:0:float64:BADC", 0x0940, 0xFB21, 0x4454, 0x182D));
        assertEquals(Math.PI, decode("hr:0:float64:CDAB", 0x2D18, 0x5444, 0x21FB, 0x4009));
    }

    @Test
    void scalesReadsAndInvertsWrites() {
        assertEquals(25.5, (Double) decode("ir:0:int16:scale=0.1:offset=-40", 655), 1e-9);
        ModbusAddress address = ModbusAddress.parse("hr:0:uint16:scale=0.1:offset=-40");
        assertArrayEquals(new int[] {655}, RegisterCodec.encode(address, 25.5));
        assertArrayEquals(new int[] {123}, RegisterCodec.encode(ModbusAddress.parse("hr:0:uint16:scale=0.1"), 12.3));
    }

    @Test
    void encodingIsTheInverseOfDecoding() {
        for (String order : new String[] {"ABCD", "DCBA", "BADC", "CDAB"}) {
            roundTrip("hr:0:int16:" + order, (short) -1234);
            roundTrip("hr:0:uint16:" + order, 54321);
            roundTrip("hr:0:int32:" + order, -7654321);
            roundTrip("hr:0:uint32:" + order, 4_000_000_000L);
            roundTrip("hr:0:float32:" + order, -3.25f);
            roundTrip("hr:0:float64:" + order, -1.0e-3);
        }
        assertArrayEquals(new int[] {0x0000, 0x4148}, RegisterCodec.encode(ModbusAddress.parse("hr:0:float32:CDAB"), 12.5));
    }

    @Test
    void refusesValuesThatDoNotFit() {
        assertRefused("hr:0:uint16", 70000, "outside uint16 (0..65535)");
        assertRefused("hr:0:int16", -40000, "outside int16");
        assertRefused("hr:0:uint16", -1, "outside uint16");
        assertRefused("hr:0:int16", 2.5, "whole numbers only");
        assertRefused("hr:0:uint16:scale=0.1", 12.34, "whole numbers only");
        assertRefused("hr:0:uint16", "abc", "not a number");
        assertRefused("hr:0:uint16", true, "not a number");
        assertRefused("hr:0:float32", 1e300, "out of range");
        assertEquals(42, decode("hr:0:uint16", RegisterCodec.encode(ModbusAddress.parse("hr:0:uint16"), "42")));
    }

    @Test
    void convertsBits() {
        ModbusAddress coil = ModbusAddress.parse("co:0");
        assertTrue(RegisterCodec.encodeBit(coil, true));
        assertTrue(RegisterCodec.encodeBit(coil, 1));
        assertFalse(RegisterCodec.encodeBit(coil, "off"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RegisterCodec.encodeBit(coil, 2));
        assertTrue(e.getMessage().contains("co:0:bool"), e.getMessage());
    }

    private static Object decode(String address, int... registers) {
        return RegisterCodec.decode(ModbusAddress.parse(address), registers);
    }

    private static void roundTrip(String text, Number value) {
        ModbusAddress address = ModbusAddress.parse(text);
        Object back = RegisterCodec.decode(address, RegisterCodec.encode(address, value));
        assertEquals(value.doubleValue(), ((Number) back).doubleValue(), 0, text);
    }

    private static void assertRefused(String address, Object value, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RegisterCodec.encode(ModbusAddress.parse(address), value), address + " " + value);
        assertTrue(e.getMessage().contains(expected), () -> address + " " + value + " gave: " + e.getMessage());
    }
}
