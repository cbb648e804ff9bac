package io.fabrica.devices.sim;

import java.util.Locale;

import io.fabrica.model.plant.DataType;
import io.fabrica.model.plant.ProcessParameter;
import io.fabrica.model.plant.Signal;

/**
 * What a plant signal measures, guessed from its type, unit and name, so that the simulator can
 * give it a realistic generator. Anything unrecognised gets a slow random walk inside its range.
 * The per-part kinds (from {@link #PART_NUMBER} to {@link #DIAMETER_DEVIATION}) are published by the
 * {@link PartLine} once per part rather than by a periodic generator.
 */
enum SignalKind {
    VIBRATION, TEMPERATURE, CURRENT, SPEED, SPEED_SETPOINT, FEED_RATE, PART_IMAGE, PART_COUNT, SWITCH, TEXT, GENERIC,
    /** Number of the part just machined. */
    PART_NUMBER,
    /** Parts the insert cut before the current part (the tool-wear proxy). */
    TOOL_USAGE,
    /** Material batch of the current part. */
    MATERIAL_BATCH,
    /** Certified hardness of the current part's material batch. */
    MATERIAL_HARDNESS,
    /** Mean motor current while the current part was cut. */
    CUTTING_CURRENT,
    /** Time the current part took. */
    CYCLE_TIME,
    /** Number of the part just measured at the gauge. */
    MEASURED_PART,
    /** Roughness Ra of the measured part's bore. */
    ROUGHNESS,
    /** Diameter deviation of the measured part's bore. */
    DIAMETER_DEVIATION;

    /** @return whether the {@link PartLine} publishes signals of this kind */
    boolean perPart() {
        return ordinal() >= PART_NUMBER.ordinal();
    }

    static SignalKind of(Signal signal) {
        String name = signal.getName() == null ? "" : signal.getName().toLowerCase(Locale.ROOT);
        String unit = signal.getUnit() == null ? "" : signal.getUnit();
        DataType type = signal.getDataType();
        if (signal instanceof ProcessParameter) {
            return name.contains("feed") ? FEED_RATE : name.contains("speed") || unit.equals("1/min") ? SPEED_SETPOINT : GENERIC;
        }
        SignalKind part = perPart(name, type);
        if (part != null) {
            return part;
        }
        return switch (type) {
            case NUMBER_ARRAY -> VIBRATION;
            case IMAGE -> PART_IMAGE;
            case BOOLEAN -> SWITCH;
            case STRING -> TEXT;
            case INT -> name.contains("part") || name.contains("count") ? PART_COUNT : GENERIC;
            default -> numeric(name, unit);
        };
    }

    /** The per-part kinds, by the names the demo plant gives them; null for any other signal. */
    private static SignalKind perPart(String name, DataType type) {
        boolean number = type == DataType.INT || type == DataType.DOUBLE || type == DataType.FLOAT;
        if (!number) {
            return null;
        }
        if (name.contains("part number")) {
            return PART_NUMBER;
        }
        if (name.contains("measured part")) {
            return MEASURED_PART;
        }
        if (name.contains("tool change")) {
            return TOOL_USAGE;
        }
        if (name.contains("hardness")) {
            return MATERIAL_HARDNESS;
        }
        if (name.contains("batch")) {
            return MATERIAL_BATCH;
        }
        if (name.contains("cutting current")) {
            return CUTTING_CURRENT;
        }
        if (name.contains("cycle time")) {
            return CYCLE_TIME;
        }
        if (name.contains("roughness")) {
            return ROUGHNESS;
        }
        return name.contains("diameter") ? DIAMETER_DEVIATION : null;
    }

    private static SignalKind numeric(String name, String unit) {
        if (unit.equals("Cel") || unit.equals("K") || name.contains("temperature")) {
            return TEMPERATURE;
        }
        if (unit.equals("A") || name.contains("current")) {
            return CURRENT;
        }
        if (unit.equals("1/min") || unit.equals("{rev}/min") || name.contains("speed")) {
            return SPEED;
        }
        if (name.contains("vibration")) {
            return VIBRATION;
        }
        return GENERIC;
    }
}
