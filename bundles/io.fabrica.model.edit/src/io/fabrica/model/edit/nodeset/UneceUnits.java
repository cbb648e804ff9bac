package io.fabrica.model.edit.nodeset;

import java.util.Map;
import java.util.Optional;

/**
 * Maps OPC UA engineering units (UNECE Recommendation 20 common codes, as carried by
 * {@code EUInformation.UnitId}) to UCUM codes, for the units found on machines. Codes without a
 * mapping return empty; the importer then keeps the unit's display name and validation asks the
 * user to choose a UCUM code.
 */
public final class UneceUnits {

    /** The namespace URI OPC UA uses for UNECE codes in EUInformation. */
    public static final String UNECE_NAMESPACE = "http://www.opcfoundation.org/UA/units/un/cefact";

    private static final Map<String, String> UNECE_TO_UCUM = Map.ofEntries(
            Map.entry("CEL", "Cel"), Map.entry("KEL", "K"), Map.entry("FAH", "[degF]"),
            Map.entry("MTR", "m"), Map.entry("CMT", "cm"), Map.entry("MMT", "mm"), Map.entry("4H", "um"),
            Map.entry("KMT", "km"), Map.entry("SEC", "s"), Map.entry("C26", "ms"), Map.entry("MIN", "min"),
            Map.entry("HUR", "h"), Map.entry("HTZ", "Hz"), Map.entry("KHZ", "kHz"), Map.entry("RPM", "{rev}/min"),
            Map.entry("AMP", "A"), Map.entry("VLT", "V"), Map.entry("WTT", "W"), Map.entry("KWT", "kW"),
            Map.entry("NEU", "N"), Map.entry("PAL", "Pa"), Map.entry("KPA", "kPa"), Map.entry("BAR", "bar"),
            Map.entry("KGM", "kg"), Map.entry("GRM", "g"), Map.entry("LTR", "L"), Map.entry("MTS", "m/s"),
            Map.entry("MSK", "m/s2"), Map.entry("P1", "%"));

    private UneceUnits() {
    }

    /**
     * @param unitId an EUInformation UnitId: the UNECE code's characters packed big-endian into an Int32
     * @return the UNECE code, e.g. {@code "CEL"} for 4408652
     */
    public static String code(int unitId) {
        StringBuilder code = new StringBuilder();
        for (int shift = 24; shift >= 0; shift -= 8) {
            int c = (unitId >>> shift) & 0xFF;
            if (c != 0) {
                code.append((char) c);
            }
        }
        return code.toString();
    }

    /**
     * @param units the EUInformation of a variable
     * @return the UCUM code if the unit is a UNECE code Fabrica knows
     */
    public static Optional<String> toUcum(UaNode.EngineeringUnits units) {
        if (units.unitId() < 0 || !UNECE_NAMESPACE.equals(units.namespaceUri())) {
            return Optional.empty();
        }
        return Optional.ofNullable(UNECE_TO_UCUM.get(code(units.unitId())));
    }
}
