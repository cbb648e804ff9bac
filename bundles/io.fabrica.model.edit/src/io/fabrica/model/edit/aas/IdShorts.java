package io.fabrica.model.edit.aas;

import java.text.Normalizer;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Derives AAS V3.0 idShorts from free-text names. Constraint AASd-002 of IDTA-01001-3-0 (JSON schema pattern
 * {@code ^[a-zA-Z][a-zA-Z0-9_]*$}, at most 128 characters): a letter first, then letters, digits and
 * underscores. Hyphens are only allowed from V3.1 on, so none are produced here.
 */
final class IdShorts {

    /** The V3.0 idShort pattern, plus the 128 character limit of NameType. */
    static final Pattern VALID = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]{0,127}");

    static final int MAX_LENGTH = 128;

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern INVALID_RUN = Pattern.compile("[^A-Za-z0-9_]+");

    private IdShorts() {
    }

    /**
     * @param name     a user-given name, may be {@code null} or blank
     * @param fallback a valid idShort to use when nothing usable is left of the name, and as prefix when the
     *                 name starts with a digit or underscore (e.g. {@code "3D Printer"} becomes
     *                 {@code "Equipment_3D_Printer"})
     * @return a valid idShort: accents dropped ({@code "Presse Süd"} -> {@code "Presse_Sud"}), every run of
     *         other characters replaced by one underscore ({@code "Line 1/Press 3"} -> {@code "Line_1_Press_3"}),
     *         leading and trailing underscores removed, cut to 128 characters
     */
    static String sanitize(String name, String fallback) {
        if (name == null) {
            return fallback;
        }
        String s = Normalizer.normalize(name, Normalizer.Form.NFD);
        s = MARKS.matcher(s).replaceAll("").replace("ß", "ss").replace("Æ", "AE").replace("æ", "ae")
                .replace("Ø", "O").replace("ø", "o").replace("Œ", "OE").replace("œ", "oe");
        s = INVALID_RUN.matcher(s).replaceAll("_");
        s = trimUnderscores(s);
        if (s.isEmpty()) {
            return fallback;
        }
        char first = s.charAt(0);
        if (!(first >= 'a' && first <= 'z' || first >= 'A' && first <= 'Z')) {
            s = fallback + "_" + s;
        }
        return cut(s, MAX_LENGTH);
    }

    private static String trimUnderscores(String s) {
        int begin = 0;
        int end = s.length();
        while (begin < end && s.charAt(begin) == '_') {
            begin++;
        }
        while (end > begin && s.charAt(end - 1) == '_') {
            end--;
        }
        return s.substring(begin, end);
    }

    /** Cuts an ASCII idShort to at most {@code max} characters, not leaving an underscore at the end. */
    private static String cut(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        String cut = s.substring(0, max);
        while (cut.length() > 1 && cut.endsWith("_")) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut;
    }

    /**
     * The idShorts already given out among one set of siblings (AASd-022). Compared without regard to case,
     * stricter than the case-sensitive V3.0 rule, so that tools which look idShorts up case-insensitively
     * cannot mix up siblings either.
     */
    static final class Namespace {

        private final Set<String> taken = new HashSet<>();

        /**
         * @param idShort a valid idShort
         * @return {@code idShort} if no sibling has it yet, otherwise the first free one of {@code idShort_2},
         *         {@code idShort_3}, ... (cut so that it stays within 128 characters); now taken
         */
        String claim(String idShort) {
            String candidate = idShort;
            for (int n = 2; !taken.add(candidate.toLowerCase(Locale.ROOT)); n++) {
                String suffix = "_" + n;
                candidate = cut(idShort, MAX_LENGTH - suffix.length()) + suffix;
            }
            return candidate;
        }
    }
}
