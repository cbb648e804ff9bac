package com.example.fabrica.controller.internal;

import java.util.Map;

/**
 * The unit of a Fabrica feature from its name ({@code <signal>.<feature>} as explanations name them)
 * and the unit of its signal: level features (mean, std, rms, peak) keep the signal's unit, shape
 * features (crest factor, kurtosis, skewness) are dimensionless, band energies are the square of the
 * signal's unit. A plain signal name is in the signal's unit. Stateless.
 */
final class FeatureUnits {

    private FeatureUnits() {
    }

    /**
     * @param featureName e.g. {@code Vibration.rms}, {@code Vibration.band-energy[0-640 Hz]}, {@code Temperature}
     * @param signalUnits signal name → unit
     * @return the unit, {@code 1} for dimensionless features, empty if unknown
     */
    static String of(String featureName, Map<String, String> signalUnits) {
        int dot = featureName.indexOf('.');
        String signal = dot < 0 ? stripIndex(featureName) : featureName.substring(0, dot);
        String unit = signalUnits.getOrDefault(signal, "");
        if (dot < 0) {
            return unit;
        }
        String feature = featureName.substring(dot + 1);
        if (feature.startsWith("crest") || feature.startsWith("kurtosis") || feature.startsWith("skewness")) {
            return "1";
        }
        if (feature.startsWith("band-energy")) {
            return unit.isEmpty() ? "" : "(" + unit + ")²";
        }
        return unit;
    }

    /** "Vibration[3]" → "Vibration". */
    private static String stripIndex(String name) {
        int bracket = name.indexOf('[');
        return bracket > 0 ? name.substring(0, bracket) : name;
    }
}
