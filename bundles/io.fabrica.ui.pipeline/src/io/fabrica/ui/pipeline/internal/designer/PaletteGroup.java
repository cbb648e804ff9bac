package io.fabrica.ui.pipeline.internal.designer;

/** The groups of the designer's palette, in the order they are shown. */
enum PaletteGroup {
    /** stages that bring values into the pipeline */
    SOURCES("Sources"),
    /** windows, features, normalisation, image preprocessing */
    SIGNAL_PROCESSING("Signal processing"),
    /** inference */
    MODEL("Model"),
    /** decisions and their explanations */
    DECISION("Decision"),
    /** alarms, logs, parameter writes */
    SINKS("Sinks"),
    /** stage kinds contributed by installed {@code StageFactory} services */
    VENDOR("Vendor");

    private final String label;

    PaletteGroup(String label) {
        this.label = label;
    }

    /** @return the heading shown in the palette */
    String label() {
        return label;
    }
}
