package com.example.fabrica.controller.internal;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Turns free names ("Vibration.band-energy[0-1000 Hz]") into IEC 61131-3 identifiers: letters, digits
 * and single underscores, not starting with a digit or ending with an underscore. IEC identifiers are
 * case-insensitive, so uniqueness is checked ignoring case. Not thread-safe (one instance per STRUCT).
 */
final class IecNames {

    private final Set<String> used = new HashSet<>();

    /**
     * @param name any text
     * @return a valid identifier close to it
     */
    static String identifier(String name) {
        String id = name == null ? "" : name.replaceAll("[^A-Za-z0-9]+", "_").replaceAll("^_+|_+$", "");
        if (id.isEmpty()) {
            return "Value";
        }
        return Character.isDigit(id.charAt(0)) ? "X_" + id : id;
    }

    /**
     * @param name any text
     * @return an identifier close to it, not yet returned by this instance (a suffix {@code _2}, {@code _3} ... if needed)
     */
    String unique(String name) {
        String base = identifier(name);
        String id = base;
        for (int n = 2; !used.add(id.toUpperCase(Locale.ROOT)); n++) {
            id = base + "_" + n;
        }
        return id;
    }
}
