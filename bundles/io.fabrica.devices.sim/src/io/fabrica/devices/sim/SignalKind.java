package io.fabrica.devices.sim;

import java.util.Locale;

import io.fabrica.model.plant.DataType;
import io.fabrica.model.plant.ProcessParameter;
import io.fabrica.model.plant.Signal;

/**
 * What a plant signal measures, guessed from its type, unit and name, so that the simulator can
 * give it a realistic generator. Anything unrecognised gets a slow random walk inside its range.
 */
enum SignalKind {
    VIBRATION, TEMPERATURE, CURRENT, SPEED, SPEED_SETPOINT, FEED_RATE, PART_IMAGE, PART_COUNT, SWITCH, TEXT, GENERIC;

    static SignalKind of(Signal signal) {
        String name = signal.getName() == null ? "" : signal.getName().toLowerCase(Locale.ROOT);
        String unit = signal.getUnit() == null ? "" : signal.getUnit();
        DataType type = signal.getDataType();
        if (signal instanceof ProcessParameter) {
            return name.contains("feed") ? FEED_RATE : name.contains("speed") || unit.equals("1/min") ? SPEED_SETPOINT : GENERIC;
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
