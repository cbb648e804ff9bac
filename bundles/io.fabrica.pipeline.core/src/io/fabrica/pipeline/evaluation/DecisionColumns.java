package io.fabrica.pipeline.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the evaluation keeps of each decision, column by column in primitive arrays so that millions
 * of decisions cost about 21 bytes each: time, score, alarm, and the ground-truth label as an index
 * into the distinct labels seen. Appending is amortized O(1). Not thread-safe.
 */
final class DecisionColumns {

    /** The label index of a decision without ground truth. */
    static final int UNLABELLED = -1;

    /** Arrays cannot grow beyond this on common JVMs. */
    private static final int MAX_SIZE = Integer.MAX_VALUE - 8;

    private long[] times = new long[256];
    private double[] scores = new double[256];
    private boolean[] alarms = new boolean[256];
    private int[] labels = new int[256];
    private int size;

    private final Map<String, Integer> labelIds = new HashMap<>();
    private final List<String> labelNames = new ArrayList<>();
    private final BitSet positiveLabels = new BitSet();

    /**
     * Interns a ground-truth label.
     *
     * @param label a non-blank label
     * @param positive whether the label is a fault or defect
     * @return its index
     */
    int label(String label, boolean positive) {
        Integer id = labelIds.get(label);
        if (id != null) {
            return id;
        }
        int next = labelNames.size();
        labelIds.put(label, next);
        labelNames.add(label);
        positiveLabels.set(next, positive);
        return next;
    }

    /**
     * Appends a decision.
     *
     * @throws IllegalStateException if there is no room for more decisions in an array
     */
    void add(long time, double score, boolean alarm, int label) {
        if (size == times.length) {
            grow();
        }
        times[size] = time;
        scores[size] = score;
        alarms[size] = alarm;
        labels[size] = label;
        size++;
    }

    private void grow() {
        if (size >= MAX_SIZE) {
            throw new IllegalStateException("too many decisions for one evaluation: " + size);
        }
        int capacity = (int) Math.min(MAX_SIZE, size + (long) (size >> 1) + 1);
        times = Arrays.copyOf(times, capacity);
        scores = Arrays.copyOf(scores, capacity);
        alarms = Arrays.copyOf(alarms, capacity);
        labels = Arrays.copyOf(labels, capacity);
    }

    int size() {
        return size;
    }

    long time(int i) {
        return times[i];
    }

    double score(int i) {
        return scores[i];
    }

    boolean alarm(int i) {
        return alarms[i];
    }

    /** @return the label index of decision i, or {@link #UNLABELLED} */
    int labelId(int i) {
        return labels[i];
    }

    boolean labelled(int i) {
        return labels[i] != UNLABELLED;
    }

    /** @return whether decision i has a fault label; false when unlabelled */
    boolean truthPositive(int i) {
        return labels[i] != UNLABELLED && positiveLabels.get(labels[i]);
    }

    String labelName(int id) {
        return labelNames.get(id);
    }

    /**
     * The decisions sorted by time; the order of equal times is kept. Replays deliver decisions in
     * time order, so this is usually the identity and costs one pass.
     *
     * @return the indices of the decisions in time order
     */
    int[] timeOrder() {
        int[] order = new int[size];
        boolean sorted = true;
        for (int i = 0; i < size; i++) {
            order[i] = i;
            sorted &= i == 0 || times[i - 1] <= times[i];
        }
        if (!sorted) {
            sortByTime(order);
        }
        return order;
    }

    /** A stable bottom-up merge sort on primitive indices: no boxing for millions of decisions. */
    private void sortByTime(int[] order) {
        int[] from = order;
        int[] to = new int[size];
        for (long width = 1; width < size; width *= 2) {
            for (long lo = 0; lo < size; lo += 2 * width) {
                merge(from, to, (int) lo, (int) Math.min(lo + width, size), (int) Math.min(lo + 2 * width, size));
            }
            int[] swap = from;
            from = to;
            to = swap;
        }
        if (from != order) {
            System.arraycopy(from, 0, order, 0, size);
        }
    }

    private void merge(int[] from, int[] to, int lo, int mid, int hi) {
        int i = lo;
        int j = mid;
        for (int k = lo; k < hi; k++) {
            boolean left = i < mid && (j >= hi || times[from[i]] <= times[from[j]]);
            to[k] = left ? from[i++] : from[j++];
        }
    }
}
