package com.example.fabrica.modbus.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.osgi.service.component.annotations.Component;

import io.fabrica.devices.api.DeviceDescriptionImporter;

/**
 * Example Corp's register-map CSV (see {@link RegisterMapReader} for the format) as a device
 * description importer: each row becomes a signal, or a process parameter for a writable holding
 * register with bounds, bound to a Modbus {@code DeviceAddress} through one {@code modbus-tcp}
 * connection.
 *
 * <p>Stateless and thread-safe; {@link #canImport} and {@link #importFile} read the file, so call
 * them from worker threads.
 */
@Component(service = DeviceDescriptionImporter.class)
public final class RegisterMapImporter implements DeviceDescriptionImporter {

    /** The importer id. */
    public static final String ID = "modbus-register-map";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String label() {
        return "Modbus register map (CSV)";
    }

    /** Recognises a {@code .csv} file whose header names at least the columns name, table and offset. */
    @Override
    public boolean canImport(Path file) {
        if (file == null || !Files.isRegularFile(file) || !file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
            return false;
        }
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < 50; i++) {
                String line = reader.readLine();
                if (line == null) {
                    return false;
                }
                if (!RegisterMapReader.isSkipped(line)) {
                    List<String> header = RegisterMapReader.columnsOf(line);
                    return header.containsAll(RegisterMapReader.REQUIRED_COLUMNS);
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public Result importFile(Path file, String endpoint) throws IOException {
        return RegisterMapReader.read(file, endpoint);
    }
}
