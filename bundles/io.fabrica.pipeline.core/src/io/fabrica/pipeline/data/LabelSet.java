package io.fabrica.pipeline.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps label strings to class indices 0…n-1 for training: labels in first-seen order, except that
 * {@value #NORMAL}, when present, is always index 0 (the "no anomaly" class of anomaly detection).
 * Blank labels (rows recorded before the ground truth was known, unlabelled datasets) are not a
 * class. Immutable.
 */
public final class LabelSet {

    /** The label of normal operation, always class 0 when present. */
    public static final String NORMAL = "normal";

    private final List<String> labels;
    private final Map<String, Integer> indices = new HashMap<>();

    private LabelSet(List<String> labels) {
        this.labels = List.copyOf(labels);
        for (int i = 0; i < labels.size(); i++) {
            indices.put(labels.get(i), i);
        }
    }

    /**
     * Builds the classes of some labels.
     *
     * @param labels labels in the order they were recorded; duplicates and blanks are ignored
     * @return the classes
     */
    public static LabelSet of(Iterable<String> labels) {
        Set<String> seen = new LinkedHashSet<>();
        for (String label : labels) {
            if (label != null && !label.isBlank()) {
                seen.add(label);
            }
        }
        List<String> ordered = new ArrayList<>();
        if (seen.remove(NORMAL)) {
            ordered.add(NORMAL);
        }
        ordered.addAll(seen);
        return new LabelSet(ordered);
    }

    /**
     * Builds the classes of some labels.
     *
     * @param labels labels in the order they were recorded; duplicates and blanks are ignored
     * @return the classes
     */
    public static LabelSet of(String... labels) {
        return of(Arrays.asList(labels));
    }

    /**
     * The number of classes.
     *
     * @return the number of distinct non-blank labels
     */
    public int size() {
        return labels.size();
    }

    /**
     * The labels by class index.
     *
     * @return an unmodifiable list; element i is the label of class i
     */
    public List<String> labels() {
        return labels;
    }

    /**
     * Whether a label is a class.
     *
     * @param label a label
     * @return true if {@link #index(String)} would find it
     */
    public boolean contains(String label) {
        return indices.containsKey(label);
    }

    /**
     * The class index of a label.
     *
     * @param label a label
     * @return its index, 0 for {@value #NORMAL}
     * @throws IllegalArgumentException if the label is not a class (the message lists the classes)
     */
    public int index(String label) {
        Integer i = indices.get(label);
        if (i == null) {
            throw new IllegalArgumentException("label '" + label + "' is not one of the classes " + labels);
        }
        return i;
    }

    /**
     * The class indices of many labels.
     *
     * @param labels labels, e.g. from {@link ScalarTable#labels()}
     * @return their indices, in the same order
     * @throws IllegalArgumentException if one is not a class
     */
    public int[] indices(String[] labels) {
        int[] result = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            result[i] = index(labels[i]);
        }
        return result;
    }

    /**
     * The label of a class index.
     *
     * @param index a class index
     * @return its label
     * @throws IndexOutOfBoundsException if there is no such class
     */
    public String label(int index) {
        return labels.get(index);
    }

    @Override
    public String toString() {
        return labels.toString();
    }
}
