package com.example.fabrica.modbus.tests;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalIn;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalOut;
import com.ghgande.j2mod.modbus.procimg.SimpleInputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;

/**
 * An in-process Modbus TCP server (j2mod's slave) on a free loopback port, with a process image of
 * {@value #SIZE} coils, discrete inputs, input registers and holding registers, all 0 at first.
 * Tests change the image directly and watch the driver see it.
 *
 * <p>Not thread-safe beyond what j2mod's image offers; one test uses one server.
 */
final class ModbusTestServer implements AutoCloseable {

    /** Entries per table. */
    static final int SIZE = 200;

    private final int unit;
    private final int port;
    private final SimpleProcessImage image;
    private ModbusSlave slave;

    private ModbusTestServer(int unit, int port) {
        this.unit = unit;
        this.port = port;
        this.image = new SimpleProcessImage(unit);
        for (int i = 0; i < SIZE; i++) {
            image.addDigitalOut(new SimpleDigitalOut(false));
            image.addDigitalIn(new SimpleDigitalIn(false));
            image.addInputRegister(new SimpleInputRegister(0));
            image.addRegister(new SimpleRegister(0));
        }
    }

    /**
     * Starts a server for one unit identifier on a free loopback port.
     *
     * @param unit the unit identifier the image answers for
     * @return the running server
     * @throws Exception if the port cannot be bound
     */
    static ModbusTestServer start(int unit) throws Exception {
        ModbusTestServer server = new ModbusTestServer(unit, freePort());
        server.open();
        return server;
    }

    /** (Re)opens the listener on the same port with the same image. */
    void open() throws ModbusException {
        slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 5, false);
        slave.addProcessImage(unit, image);
        slave.open();
    }

    /** Stops listening and drops the connections: the device is "gone". */
    void stop() {
        if (slave != null) {
            ModbusSlaveFactory.close(slave);
            slave = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** @return {@code modbus-tcp://127.0.0.1:<port>?unit=<unit>} */
    String endpoint() {
        return "modbus-tcp://127.0.0.1:" + port + "?unit=" + unit;
    }

    int port() {
        return port;
    }

    void setHolding(int offset, int... values) {
        for (int i = 0; i < values.length; i++) {
            image.getRegister(offset + i).setValue(values[i]);
        }
    }

    int holding(int offset) {
        return image.getRegister(offset).toUnsignedShort();
    }

    void setInput(int offset, int... values) {
        for (int i = 0; i < values.length; i++) {
            image.setInputRegister(offset + i, new SimpleInputRegister(values[i]));
        }
    }

    void setCoil(int offset, boolean value) {
        image.getDigitalOut(offset).set(value);
    }

    boolean coil(int offset) {
        return image.getDigitalOut(offset).isSet();
    }

    void setDiscrete(int offset, boolean value) {
        ((SimpleDigitalIn) image.getDigitalIn(offset)).set(value);
    }

    /** @return a port nobody listens on right now */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
