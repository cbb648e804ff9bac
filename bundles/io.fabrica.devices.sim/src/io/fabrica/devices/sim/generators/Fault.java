package io.fabrica.devices.sim.generators;

import java.util.Locale;
import java.util.StringJoiner;

/**
 * A machine fault the simulated spindle can suffer. Each fault has a {@link #label() label}, the
 * stable lower-case string written into dataset label columns and read from scenario files.
 *
 * <p>Which signals a fault shows in (so that a recording of it can be learned from):
 * <ul>
 * <li>{@link #BEARING_OUTER_RACE}: impulse bursts at the ball-pass frequency of the outer race
 * (BPFO) in the vibration; slight rise of bearing temperature and motor current.</li>
 * <li>{@link #BEARING_INNER_RACE}: bursts at the ball-pass frequency of the inner race (BPFI),
 * amplitude-modulated by shaft rotation (sidebands at BPFI ± 1x); slight temperature and
 * current rise.</li>
 * <li>{@link #IMBALANCE}: raised 1x (shaft rotation) vibration growing with speed squared.</li>
 * <li>{@link #MISALIGNMENT}: raised 2x vibration, some 1x; current rises by up to 2 A.</li>
 * <li>{@link #OVERHEATING}: bearing temperature equilibrium rises by up to 45 K, current by
 * 0.5 A; no vibration signature.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public enum Fault {

    /** Healthy machine. */
    NONE("normal"),
    /** Localized defect (spall) on the bearing's outer race. */
    BEARING_OUTER_RACE("bearing-outer-race"),
    /** Localized defect on the bearing's inner race. */
    BEARING_INNER_RACE("bearing-inner-race"),
    /** Mass imbalance of the rotor or tool. */
    IMBALANCE("imbalance"),
    /** Angular/parallel misalignment between motor and spindle shaft. */
    MISALIGNMENT("misalignment"),
    /** Bearing overheating, e.g. from lubrication starvation or too much preload. */
    OVERHEATING("overheating");

    private final String label;

    Fault(String label) {
        this.label = label;
    }

    /**
     * The dataset label of this fault.
     *
     * @return a lower-case, hyphenated, stable string such as {@code "normal"} or
     *         {@code "bearing-outer-race"}
     */
    public String label() {
        return label;
    }

    /**
     * Looks a fault up by its label or its constant name, ignoring case, so that both
     * {@code bearing-outer-race} and {@code BEARING_OUTER_RACE} are accepted.
     *
     * @param text a label or constant name, not {@code null}
     * @return the fault
     * @throws IllegalArgumentException if no fault has that label or name; the message lists the
     *         labels
     */
    public static Fault fromLabel(String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Fault fault : values()) {
            if (fault.label.equals(wanted) || fault.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(wanted)) {
                return fault;
            }
        }
        throw new IllegalArgumentException("unknown fault '" + text + "' (expected one of " + labels() + ")");
    }

    /**
     * All labels, for messages and documentation.
     *
     * @return the labels in declaration order, comma separated
     */
    public static String labels() {
        StringJoiner joiner = new StringJoiner(", ");
        for (Fault fault : values()) {
            joiner.add(fault.label);
        }
        return joiner.toString();
    }
}
