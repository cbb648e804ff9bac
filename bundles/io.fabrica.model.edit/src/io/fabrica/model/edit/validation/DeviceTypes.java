package io.fabrica.model.edit.validation;

import java.util.Set;

import io.fabrica.model.plant.DataType;

/**
 * Whether a signal's data type can hold the values a device delivers, judged from the device's
 * type name (OPC UA built-in type names such as {@code Int32}, {@code Double}, {@code Float[]},
 * {@code ImagePNG}). Unknown names (vendor drivers' own) are not judged.
 */
final class DeviceTypes {

    private static final Set<String> INTEGERS = Set.of("SByte", "Byte", "Int16", "UInt16", "Int32", "UInt32", "Int64", "UInt64");
    private static final Set<String> TEXT = Set.of("String", "LocalizedText", "QualifiedName", "DateTime", "Guid", "NodeId", "XmlElement");
    private static final Set<String> IMAGES = Set.of("ByteString", "Image", "ImageBMP", "ImageGIF", "ImageJPG", "ImagePNG");

    private DeviceTypes() {
    }

    /** @return whether the name is one this check knows */
    static boolean known(String deviceType) {
        String base = base(deviceType);
        return INTEGERS.contains(base) || TEXT.contains(base) || IMAGES.contains(base)
                || base.equals("Boolean") || base.equals("Float") || base.equals("Double");
    }

    /** @return whether a signal of the given type can hold the device's values without loss */
    static boolean fits(DataType signal, String deviceType) {
        String base = base(deviceType);
        boolean array = deviceType.trim().endsWith("]");
        if (signal == DataType.NUMBER_ARRAY) {
            return array && numeric(base);
        }
        if (array) {
            return false;
        }
        return switch (signal) {
            case BOOLEAN -> base.equals("Boolean");
            case INT -> INTEGERS.contains(base);
            case FLOAT -> INTEGERS.contains(base) || base.equals("Float");
            case DOUBLE -> numeric(base);
            case STRING -> TEXT.contains(base);
            case IMAGE -> IMAGES.contains(base);
            default -> true;
        };
    }

    private static boolean numeric(String base) {
        return INTEGERS.contains(base) || base.equals("Float") || base.equals("Double");
    }

    private static String base(String deviceType) {
        String t = deviceType.trim();
        int bracket = t.indexOf('[');
        return bracket >= 0 ? t.substring(0, bracket).trim() : t;
    }
}
