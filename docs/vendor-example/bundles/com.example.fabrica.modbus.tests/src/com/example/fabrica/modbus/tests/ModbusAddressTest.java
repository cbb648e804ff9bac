package com.example.fabrica.modbus.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.example.fabrica.modbus.ModbusAddress;
import com.example.fabrica.modbus.ModbusAddress.Order;
import com.example.fabrica.modbus.ModbusAddress.Table;
import com.example.fabrica.modbus.ModbusAddress.Type;
import com.example.fabrica.modbus.ModbusEndpoint;

/** The address and endpoint syntax: parsing, defaults, canonical text and errors that name the bad part. Plain logic. */
class ModbusAddressTest {

    @Test
    void parsesTheFullForm() {
        ModbusAddress address = ModbusAddress.parse("hr:100:float32:CDAB:scale=0.1:offset=-40");
        assertEquals(Table.HOLDING_REGISTER, address.table());
        assertEquals(100, address.offset());
        assertEquals(Type.FLOAT32, address.type());
        assertEquals(Order.CDAB, address.order());
        assertEquals(0.1, address.scale());
        assertEquals(-40, address.engineeringOffset());
        assertEquals(2, address.count());
        assertEquals("Double", address.deviceDataType());
        assertEquals("hr:100:float32:CDAB:scale=0.1:offset=-40", address.text());
    }

    @Test
    void appliesDefaultsAndLongNames() {
        assertEquals(new ModbusAddress(Table.COIL, 0, Type.BOOL, Order.ABCD, 1, 0), ModbusAddress.parse("co:0"));
        assertEquals(new ModbusAddress(Table.INPUT_REGISTER, 7, Type.UINT16, Order.ABCD, 1, 0), ModbusAddress.parse(" input : 7 "));
        assertEquals(ModbusAddress.parse("hr:3:int32:dcba"), ModbusAddress.parse("Holding:3:DCBA:INT32"));
        assertEquals("di:5:bool", ModbusAddress.parse("discrete:5").text());
        assertEquals("UInt16", ModbusAddress.parse("ir:1").deviceDataType());
        assertFalse(ModbusAddress.parse("ir:1").table().isWritable());
        assertTrue(ModbusAddress.parse("co:1").table().isWritable());
    }

    @Test
    void canonicalTextParsesBack() {
        for (String text : new String[] {"co:65535:bool", "ir:10:int16:scale=0.01", "hr:0:float64:BADC", "hr:9:uint32:offset=2.5",
                "hr:65534:int32:scale=1.0E-6"}) {
            ModbusAddress address = ModbusAddress.parse(text);
            assertEquals(address, ModbusAddress.parse(address.text()), text);
        }
    }

    @Test
    void errorsNameTheBadPart() {
        assertProblem("hr", "table and an offset");
        assertProblem("xx:1", "table \"xx\"");
        assertProblem("hr:1x", "offset \"1x\"");
        assertProblem("hr:70000", "offset \"70000\"");
        assertProblem("hr:1:float33", "\"float33\" is neither");
        assertProblem("hr:1:float32:scale=abc", "scale \"abc\"");
        assertProblem("hr:1:float32:gain=2", "option \"gain\"");
        assertProblem("hr:1:int16:uint16", "data type is given twice");
        assertProblem("hr:1::int16", "part 3 is empty");
        assertProblem("co:1:float32", "coil holds a bool");
        assertProblem("hr:1:bool", "bool needs a coil");
        assertProblem("hr:65535:float32", "runs past 65535");
        assertProblem("co:1:CDAB", "byte order CDAB applies to registers");
        assertProblem("hr:1:scale=0", "scale 0.0");
        assertProblem("di:1:scale=2", "cannot be scaled");
    }

    @Test
    void parsesEndpoints() {
        assertEquals(new ModbusEndpoint("plc", 502, 1), ModbusEndpoint.parse("modbus-tcp://plc"));
        assertEquals(new ModbusEndpoint("10.0.0.5", 1502, 17), ModbusEndpoint.parse("modbus-tcp://10.0.0.5:1502?unit=17"));
        assertEquals(new ModbusEndpoint("::1", 502, 1), ModbusEndpoint.parse("modbus-tcp://[::1]:502/"));
        assertEquals("modbus-tcp://plc:502?unit=1", ModbusEndpoint.parse("modbus-tcp://plc").url());
        assertEndpointProblem("opc.tcp://plc:4840", "scheme is not modbus-tcp");
        assertEndpointProblem("modbus-tcp://plc?unit=300", "unit 300 is outside 0..255");
        assertEndpointProblem("modbus-tcp://plc?unit=x", "unit \"x\"");
        assertEndpointProblem("modbus-tcp://plc?slave=3", "query \"slave=3\"");
        assertEndpointProblem("modbus-tcp://plc/path", "only host, port");
        assertEndpointProblem("modbus-tcp://", "bad Modbus endpoint");
    }

    private static void assertProblem(String text, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModbusAddress.parse(text), text);
        assertTrue(e.getMessage().contains(expected), () -> text + " gave: " + e.getMessage());
        assertTrue(e.getMessage().contains("\"" + text + "\""), () -> "the message should quote the address: " + e.getMessage());
    }

    private static void assertEndpointProblem(String text, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModbusEndpoint.parse(text), text);
        assertTrue(e.getMessage().contains(expected), () -> text + " gave: " + e.getMessage());
    }
}
