package io.fabrica.model.edit.validation;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

import org.fhir.ucum.UcumEssenceService;
import org.fhir.ucum.UcumException;

/**
 * Checks unit codes against UCUM (the Unified Code for Units of Measure) with the official
 * {@code ucum-essence.xml} definitions shipped in the {@code org.fhir.ucum} library. Loaded once,
 * on first use (about 80 KB of XML); thread-safe afterwards.
 */
public final class Units {

    private static volatile UcumEssenceService service;

    private Units() {
    }

    /**
     * @param code a unit code such as {@code Cel}, {@code mm/s}, {@code 1/min}
     * @return empty when the code is valid UCUM, otherwise the reason it is not
     */
    public static Optional<String> problem(String code) {
        return Optional.ofNullable(service().validate(code));
    }

    /**
     * @param code a valid UCUM code
     * @param other another valid UCUM code
     * @return whether values in one can be converted to the other (same dimension)
     */
    public static boolean comparable(String code, String other) {
        try {
            return service().isComparable(code, other);
        } catch (UcumException e) {
            return false;
        }
    }

    private static UcumEssenceService service() {
        UcumEssenceService s = service;
        if (s == null) {
            synchronized (Units.class) {
                s = service;
                if (s == null) {
                    service = s = load();
                }
            }
        }
        return s;
    }

    private static UcumEssenceService load() {
        try (InputStream essence = UcumEssenceService.class.getResourceAsStream("/ucum-essence.xml")) {
            if (essence == null) {
                throw new IllegalStateException("ucum-essence.xml is missing from the org.fhir.ucum library");
            }
            return new UcumEssenceService(essence);
        } catch (IOException | UcumException e) {
            throw new IllegalStateException("cannot load the UCUM unit definitions: " + e.getMessage(), e);
        }
    }
}
