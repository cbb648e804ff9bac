package io.fabrica.devices.sim.generators;

/**
 * The surface defect a simulated part image shows, with the {@link #label() label} used in
 * dataset label columns. Immutable and thread-safe.
 */
public enum PartDefect {

    /** No defect. */
    OK("ok"),
    /** A thin bright or dark line, e.g. from handling. */
    SCRATCH("scratch"),
    /** A soft dark (burn, oil) or bright (chip) blob. */
    SPOT("spot"),
    /** A shaded elliptical depression: lit on one side, shadowed on the other, with a lip. */
    DENT("dent");

    private final String label;

    PartDefect(String label) {
        this.label = label;
    }

    /** @return the dataset label: {@code "ok"}, {@code "scratch"}, {@code "spot"} or {@code "dent"} */
    public String label() {
        return label;
    }
}
