package com.example.fabrica.modbus.internal;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.example.fabrica.modbus.ModbusAddress;
import com.example.fabrica.modbus.ModbusAddress.Order;
import com.example.fabrica.modbus.ModbusAddress.Table;
import com.example.fabrica.modbus.ModbusAddress.Type;
import com.example.fabrica.modbus.ModbusEndpoint;

import io.fabrica.devices.api.DeviceDescriptionImporter.Result;
import io.fabrica.model.plant.Access;
import io.fabrica.model.plant.Area;
import io.fabrica.model.plant.DataType;
import io.fabrica.model.plant.DeviceAddress;
import io.fabrica.model.plant.DeviceConnection;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.plant.Equipment;
import io.fabrica.model.plant.Line;
import io.fabrica.model.plant.PlantFactory;
import io.fabrica.model.plant.ProcessParameter;
import io.fabrica.model.plant.Signal;
import io.fabrica.model.plant.SignalBinding;
import io.fabrica.model.plant.Site;

/**
 * Reads a register-map CSV into a new plant model.
 *
 * <h2>Format</h2>
 * UTF-8 text; blank lines and lines starting with {@code #} are skipped. The first other line is
 * the header naming the columns (case-insensitive, any order); each further line is one value.
 * Fields may be quoted with {@code "} (a quote inside is doubled), so descriptions may contain
 * commas.
 * <table>
 * <caption>Columns</caption>
 * <tr><th>column</th><th>required</th><th>meaning</th></tr>
 * <tr><td>name</td><td>yes</td><td>the signal's name, unique within its equipment</td></tr>
 * <tr><td>table</td><td>yes</td><td>co, di, ir or hr (or coil, discrete, input, holding)</td></tr>
 * <tr><td>offset</td><td>yes</td><td>0-based register or coil offset</td></tr>
 * <tr><td>type</td><td>no</td><td>bool, int16, uint16, int32, uint32, float32, float64 (default bool for
 * bits, uint16 for registers)</td></tr>
 * <tr><td>order</td><td>no</td><td>ABCD, DCBA, BADC, CDAB (default ABCD)</td></tr>
 * <tr><td>scale, offset_eng</td><td>no</td><td>engineering value = raw * scale + offset_eng (default 1, 0)</td></tr>
 * <tr><td>unit</td><td>no</td><td>UCUM unit code, e.g. Cel, bar, kN, mm/s</td></tr>
 * <tr><td>access</td><td>no</td><td>read, write or read-write (default read-write for coils and
 * holding registers, read otherwise)</td></tr>
 * <tr><td>min, max</td><td>no</td><td>engineering range</td></tr>
 * <tr><td>description</td><td>no</td><td>free text</td></tr>
 * <tr><td>equipment</td><td>no</td><td>the equipment the signal belongs to (default: named after the file)</td></tr>
 * <tr><td>sampling_ms</td><td>no</td><td>nominal sampling interval in milliseconds</td></tr>
 * </table>
 *
 * <h2>What becomes what</h2>
 * Enterprise (named after the file) &gt; Site "Imported" &gt; Area "Imported" &gt; Line (named after
 * the file) &gt; one Equipment per distinct {@code equipment} value, in order of first appearance. A
 * row becomes one of the equipment's parameters, a {@link ProcessParameter}, when it is a writable
 * holding register with both min and max (its safe bounds and engineering range are min..max, writes
 * need approval), otherwise one of its {@link Signal}s. Data type: bool &rarr; Boolean, unscaled integers &rarr; Int, unscaled float32
 * &rarr; Float, float64 and every scaled value &rarr; Double. Each is bound through one
 * {@code modbus-tcp} connection to a {@link DeviceAddress} holding the canonical address text (see
 * {@link ModbusAddress#text()}) and the engineering value's type name as device data type.
 *
 * <h2>Errors</h2>
 * A line that cannot be imported fails the whole import with an {@link IOException} whose message
 * names the file, the line number and the column. Unknown columns and writable holding registers
 * without bounds give warnings.
 */
final class RegisterMapReader {

    /** The columns every register map must have. */
    static final List<String> REQUIRED_COLUMNS = List.of("name", "table", "offset");

    private static final Set<String> KNOWN_COLUMNS = Set.of("name", "table", "offset", "type", "order", "scale", "offset_eng", "unit",
            "access", "min", "max", "description", "equipment", "sampling_ms");

    /** The endpoint used when the caller gives none. */
    static final String DEFAULT_ENDPOINT = ModbusEndpoint.SCHEME + "://localhost:" + ModbusEndpoint.DEFAULT_PORT;

    /** The name of the site and area an import creates. */
    static final String IMPORTED = "Imported";

    private static final PlantFactory FACTORY = PlantFactory.eINSTANCE;

    private final String fileName;
    private final String baseName;
    private final List<String> warnings = new ArrayList<>();
    private final Map<String, Equipment> equipmentByName = new LinkedHashMap<>();
    private final Map<String, Integer> firstLineOfName = new HashMap<>();
    private Map<String, Integer> columns;
    private DeviceConnection connection;
    private Line line;

    private RegisterMapReader(String fileName) {
        this.fileName = fileName;
        String base = fileName.replaceFirst("(?i)\\.csv$", "").strip();
        this.baseName = base.isEmpty() ? "Register map" : base;
    }

    /**
     * Imports a register map.
     *
     * @param file the CSV file
     * @param endpoint the device's endpoint for the new connection, or {@code null} / blank for
     *        {@value #DEFAULT_ENDPOINT}
     * @return the new plant and the warnings
     * @throws IOException if the file cannot be read, the endpoint is not a Modbus endpoint, or a
     *         line is invalid; the message names the file, line and column
     */
    static Result read(Path file, String endpoint) throws IOException {
        RegisterMapReader reader = new RegisterMapReader(String.valueOf(file.getFileName()));
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new IOException(file.getFileName() + " is not UTF-8 text", e);
        }
        return reader.importLines(lines, endpoint);
    }

    /**
     * @param line a line of the file
     * @return whether it is blank or a comment
     */
    static boolean isSkipped(String line) {
        String t = line.strip();
        return t.isEmpty() || t.startsWith("#");
    }

    /**
     * The column names of a header line, lower case and trimmed.
     *
     * @param header the header line
     * @return its column names
     * @throws IllegalArgumentException if a quote is not closed
     */
    static List<String> columnsOf(String header) {
        return split(header).stream().map(c -> c.strip().toLowerCase(Locale.ROOT)).toList();
    }

    private Result importLines(List<String> lines, String endpoint) throws IOException {
        Enterprise enterprise = createPlant(endpoint);
        int number = 0;
        for (String text : lines) {
            number++;
            if (isSkipped(text)) {
                continue;
            }
            if (columns == null) {
                readHeader(text, number);
            } else {
                importRow(new Row(number, fields(text, number)));
            }
        }
        if (columns == null) {
            throw new IOException(fileName + ": no header line; the first line must name the columns, e.g. "
                    + "name,table,offset,type,order,scale,offset_eng,unit,access,min,max,description");
        }
        if (equipmentByName.isEmpty()) {
            warnings.add(fileName + ": the register map has no rows; the line is empty");
        }
        return new Result(enterprise, List.copyOf(warnings));
    }

    private Enterprise createPlant(String endpoint) throws IOException {
        String url = endpoint == null || endpoint.isBlank() ? DEFAULT_ENDPOINT : endpoint.strip();
        try {
            ModbusEndpoint.parse(url);
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot import " + fileName + ": " + e.getMessage(), e);
        }
        Enterprise enterprise = FACTORY.createEnterprise();
        enterprise.setName(baseName);
        enterprise.setDescription("Imported from Modbus register map " + fileName);
        connection = FACTORY.createDeviceConnection();
        connection.setName(baseName);
        connection.setDriverId(ModbusTcpDriver.ID);
        connection.setEndpoint(url);
        enterprise.getConnections().add(connection);
        Site site = FACTORY.createSite();
        site.setName(IMPORTED);
        enterprise.getSites().add(site);
        Area area = FACTORY.createArea();
        area.setName(IMPORTED);
        site.getAreas().add(area);
        line = FACTORY.createLine();
        line.setName(baseName);
        area.getLines().add(line);
        return enterprise;
    }

    private void readHeader(String text, int number) throws IOException {
        List<String> names = fields(text, number).stream().map(c -> c.strip().toLowerCase(Locale.ROOT)).toList();
        columns = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (columns.containsKey(name)) {
                throw new IOException(fileName + " line " + number + ", column " + (i + 1) + ": column \"" + name + "\" appears twice");
            }
            columns.put(name, i);
            if (!KNOWN_COLUMNS.contains(name)) {
                warnings.add(fileName + " line " + number + ": column \"" + name + "\" is unknown and ignored");
            }
        }
        for (String required : REQUIRED_COLUMNS) {
            if (!columns.containsKey(required)) {
                throw new IOException(fileName + " line " + number + ": the header has no column \"" + required
                        + "\"; required are " + REQUIRED_COLUMNS);
            }
        }
    }

    private List<String> fields(String text, int number) throws IOException {
        try {
            return split(text);
        } catch (IllegalArgumentException e) {
            throw new IOException(fileName + " line " + number + ": " + e.getMessage(), e);
        }
    }

    private void importRow(Row row) throws IOException {
        String name = row.required("name");
        String equipmentName = row.text("equipment").isEmpty() ? baseName : row.text("equipment");
        Integer earlier = firstLineOfName.putIfAbsent(equipmentName + "\u0000" + name, row.number);
        if (earlier != null) {
            throw row.error("name", "\"" + name + "\" is already used by line " + earlier + " in equipment " + equipmentName);
        }
        ModbusAddress address = address(row);
        Access access = access(row, address.table());
        Double min = row.number("min");
        Double max = row.number("max");
        if (min != null && max != null && !(min < max)) {
            throw row.error("max", "max " + max + " is not above min " + min);
        }
        boolean setpoint = address.table() == Table.HOLDING_REGISTER && access != Access.READ;
        Signal signal;
        if (setpoint && min != null && max != null) {
            ProcessParameter parameter = FACTORY.createProcessParameter();
            parameter.setSafeMinimum(min);
            parameter.setSafeMaximum(max);
            signal = parameter;
        } else {
            if (setpoint) {
                warnings.add(fileName + " line " + row.number + ": " + name + " is a writable holding register without min and max;"
                        + " imported as a read-write signal, not as a process parameter (give both bounds to make it a bounded setpoint)");
            }
            signal = FACTORY.createSignal();
        }
        signal.setName(name);
        signal.setDataType(dataType(address));
        signal.setAccess(access);
        signal.setMinimum(min);
        signal.setMaximum(max);
        String unit = row.text("unit");
        signal.setUnit(unit.isEmpty() ? null : unit);
        String description = row.text("description");
        signal.setDescription(description.isEmpty() ? null : description);
        Double sampling = row.number("sampling_ms");
        if (sampling != null) {
            if (sampling < 0) {
                throw row.error("sampling_ms", "sampling interval " + sampling + " is negative");
            }
            signal.setSamplingInterval(sampling);
        }
        signal.setBinding(binding(address));
        Equipment owner = equipment(equipmentName);
        if (signal instanceof ProcessParameter parameter) {
            owner.getParameters().add(parameter);
        } else {
            owner.getSignals().add(signal);
        }
    }

    private ModbusAddress address(Row row) throws IOException {
        Table table;
        try {
            table = Table.of(row.required("table"));
        } catch (IllegalArgumentException e) {
            throw row.error("table", e.getMessage());
        }
        String offsetText = row.required("offset");
        if (!offsetText.matches("\\d{1,5}") || Integer.parseInt(offsetText) > ModbusAddress.MAX_OFFSET) {
            throw row.error("offset", "\"" + offsetText + "\" is not a whole number from 0 to " + ModbusAddress.MAX_OFFSET);
        }
        String typeText = row.text("type");
        Type type = typeText.isEmpty() ? (table.isBit() ? Type.BOOL : Type.UINT16) : Type.orNull(typeText);
        if (type == null) {
            throw row.error("type", "\"" + typeText + "\" is not one of bool, int16, uint16, int32, uint32, float32, float64");
        }
        String orderText = row.text("order");
        Order order = orderText.isEmpty() ? Order.ABCD : Order.orNull(orderText);
        if (order == null) {
            throw row.error("order", "\"" + orderText + "\" is not one of ABCD, DCBA, BADC, CDAB");
        }
        Double scale = row.number("scale");
        Double offset = row.number("offset_eng");
        try {
            return new ModbusAddress(table, Integer.parseInt(offsetText), type, order, scale == null ? 1 : scale, offset == null ? 0 : offset);
        } catch (IllegalArgumentException e) {
            throw row.error(columnOf(e.getMessage()), e.getMessage());
        }
    }

    /** The column a ModbusAddress combination error is about, judged from its message. */
    private static String columnOf(String problem) {
        if (problem.startsWith("scale") || problem.contains("cannot be scaled")) {
            return problem.contains("cannot be scaled") ? "table" : "scale";
        }
        if (problem.startsWith("offset")) {
            return "offset_eng";
        }
        if (problem.contains("byte order")) {
            return "order";
        }
        return problem.contains("runs past") ? "offset" : "type";
    }

    private static Access access(Row row, Table table) throws IOException {
        String text = row.text("access").toLowerCase(Locale.ROOT);
        Access access = switch (text) {
            case "" -> table.isWritable() ? Access.READ_WRITE : Access.READ;
            case "read", "r", "ro" -> Access.READ;
            case "write", "w", "wo" -> Access.WRITE;
            case "read-write", "readwrite", "read_write", "rw" -> Access.READ_WRITE;
            default -> throw row.error("access", "\"" + text + "\" is not one of read, write, read-write");
        };
        if (access != Access.READ && !table.isWritable()) {
            throw row.error("access", access.getLiteral() + " is impossible: " + table.label() + "s are read-only in Modbus");
        }
        return access;
    }

    private static DataType dataType(ModbusAddress address) {
        if (address.type() == Type.BOOL) {
            return DataType.BOOLEAN;
        }
        if (address.isScaled() || address.type() == Type.FLOAT64) {
            return DataType.DOUBLE;
        }
        return address.type() == Type.FLOAT32 ? DataType.FLOAT : DataType.INT;
    }

    private SignalBinding binding(ModbusAddress address) {
        DeviceAddress deviceAddress = FACTORY.createDeviceAddress();
        deviceAddress.setAddress(address.text());
        deviceAddress.setDeviceDataType(address.deviceDataType());
        SignalBinding binding = FACTORY.createSignalBinding();
        binding.setConnection(connection);
        binding.setAddress(deviceAddress);
        return binding;
    }

    private Equipment equipment(String name) {
        return equipmentByName.computeIfAbsent(name, n -> {
            Equipment equipment = FACTORY.createEquipment();
            equipment.setName(n);
            line.getEquipment().add(equipment);
            return equipment;
        });
    }

    /**
     * Splits one CSV line: commas separate fields; a field starting with a quote runs to the next
     * lone quote, and a doubled quote inside stands for one.
     *
     * @throws IllegalArgumentException if a quote is not closed
     */
    static List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == ',') {
                fields.add(wasQuoted ? field.toString() : field.toString().strip());
                field.setLength(0);
                wasQuoted = false;
            } else if (c == '"' && field.toString().isBlank()) {
                quoted = true;
                wasQuoted = true;
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("a quoted field is not closed (quote at column " + (fields.size() + 1) + ")");
        }
        fields.add(wasQuoted ? field.toString() : field.toString().strip());
        return fields;
    }

    /** One data line with access to its fields by column name. */
    private final class Row {
        final int number;
        private final List<String> fields;

        Row(int number, List<String> fields) throws IOException {
            this.number = number;
            this.fields = fields;
            if (fields.size() > columns.size()) {
                throw new IOException(fileName + " line " + number + ": " + fields.size() + " fields, but the header names only "
                        + columns.size() + " columns (quote fields that contain commas)");
            }
        }

        /** @return the field, trimmed, or "" when the column is missing or the line shorter */
        String text(String column) {
            Integer index = columns.get(column);
            return index == null || index >= fields.size() ? "" : fields.get(index).strip();
        }

        String required(String column) throws IOException {
            String value = text(column);
            if (value.isEmpty()) {
                throw error(column, "is empty, but every row needs a " + column);
            }
            return value;
        }

        Double number(String column) throws IOException {
            String value = text(column);
            if (value.isEmpty()) {
                return null;
            }
            try {
                double number = Double.parseDouble(value);
                if (Double.isFinite(number)) {
                    return number;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw error(column, "\"" + value + "\" is not a number");
        }

        IOException error(String column, String problem) {
            Integer index = columns.get(column);
            String where = index == null ? "column " + column : "column " + column + " (" + (index + 1) + ")";
            return new IOException(fileName + " line " + number + ", " + where + ": " + problem);
        }
    }
}
