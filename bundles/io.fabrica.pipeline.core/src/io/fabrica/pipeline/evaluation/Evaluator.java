package io.fabrica.pipeline.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.fabrica.pipeline.api.Decision;

/**
 * Evaluates the decisions of one pipeline run against their ground truth. Add every decision (and,
 * if wanted, per-stage processing times), then call {@link #finish()}.
 *
 * <p>A decision is labelled when its ground truth is not blank. Its truth is positive when the label
 * is not among the negative labels, and its prediction is positive when {@link Decision#positive()}
 * is. Precision, recall, F1 and accuracy count these binary outcomes, also when the pipeline has more
 * than two classes: they then measure defect versus ok, whatever the defect class. The confusion
 * matrix of a two-class pipeline is that binary one; with more classes it compares the truth label
 * with the outcome class: a negative label that is not a class counts as the first class, and truth
 * labels or outcomes that are not classes count as {@code "other"}.
 *
 * <p>The evaluator expects the decisions of one decision stage; the stage name is not looked at.
 * Decisions may arrive out of time order: episodes and the timeline are built in time order.
 * Memory is about 21 bytes per decision. {@link #finish()} does not consume anything: it may be
 * called again after more decisions. Not thread-safe.
 */
public final class Evaluator {

    /** At most this many points in the report's timeline: plenty for a chart, small in JSON. */
    static final int TIMELINE_POINTS = 2000;
    /** About this many points on the report's ROC curve. */
    static final int ROC_POINTS = 1000;
    private static final String OTHER = "other";

    private final String pipeline;
    private final List<String> classes;
    private final Set<String> negativeLabels;
    private final double threshold;
    private final Map<String, Integer> classIndex = new HashMap<>();
    /** The classes plus a last row and column for "other". */
    private final long[][] confusion;
    private long truePositives;
    private long falsePositives;
    private long falseNegatives;
    private long trueNegatives;
    private final DecisionColumns columns = new DecisionColumns();
    private final Map<String, LatencySamples> latencies = new LinkedHashMap<>();

    /**
     * Starts an evaluation.
     *
     * @param pipeline the name shown in the report
     * @param classes the outcome classes, the negative (normal, ok) class first, e.g. {@code ["normal",
     *        "anomaly"]} or {@code ["ok", "scratch", "spot", "dent"]}
     * @param negativeLabels the ground-truth labels that mean no fault, e.g. {@code {"normal", "ok"}}
     * @param threshold the decision threshold on the score, drawn in the timeline; {@code NaN} if none
     * @throws NullPointerException if an argument or a class or label in them is null
     * @throws IllegalArgumentException if there are fewer than two classes or a class is repeated
     */
    public Evaluator(String pipeline, List<String> classes, Set<String> negativeLabels, double threshold) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.classes = List.copyOf(classes);
        this.negativeLabels = Set.copyOf(negativeLabels);
        this.threshold = threshold;
        if (this.classes.size() < 2) {
            throw new IllegalArgumentException("an evaluation needs at least two classes, got " + classes);
        }
        if (new HashSet<>(this.classes).size() != this.classes.size()) {
            throw new IllegalArgumentException("the classes must be distinct: " + classes);
        }
        for (int i = 0; i < this.classes.size(); i++) {
            classIndex.put(this.classes.get(i), i);
        }
        confusion = new long[this.classes.size() + 1][this.classes.size() + 1];
    }

    /**
     * Adds a decision. Amortized O(1); keeps time, score, alarm and label index only.
     *
     * @param d the decision
     * @throws NullPointerException if {@code d} is null
     * @throws IllegalStateException if more than about two billion decisions were added
     */
    public void add(Decision d) {
        String truth = d.groundTruth();
        if (truth == null || truth.isBlank()) {
            columns.add(d.timeMillis(), d.score(), d.positive(), DecisionColumns.UNLABELLED);
            return;
        }
        boolean truthPositive = !negativeLabels.contains(truth);
        columns.add(d.timeMillis(), d.score(), d.positive(), columns.label(truth, truthPositive));
        countBinary(truthPositive, d.positive());
        if (multiClass()) {
            confusion[truthClass(truth, truthPositive)][outcomeClass(d.outcome())]++;
        } else {
            confusion[truthPositive ? 1 : 0][d.positive() ? 1 : 0]++;
        }
    }

    /**
     * Records one processing time of a stage. Every sample counts for the count and the maximum;
     * percentiles use all samples up to 100 000 per stage, and a uniform random subset of that size
     * beyond.
     *
     * @param stage the stage path or name
     * @param nanos the time the stage took, in nanoseconds
     * @throws NullPointerException if {@code stage} is null
     * @throws IllegalArgumentException if {@code nanos} is negative
     */
    public void latency(String stage, long nanos) {
        Objects.requireNonNull(stage, "stage");
        if (nanos < 0) {
            throw new IllegalArgumentException("a negative processing time for " + stage + ": " + nanos + " ns");
        }
        latencies.computeIfAbsent(stage, s -> new LatencySamples()).add(nanos);
    }

    /**
     * Computes the report of everything added so far. With no (labelled) decisions the ratios are
     * {@code NaN} and the counts zero.
     *
     * @return the report
     */
    public EvaluationReport finish() {
        int[] order = columns.timeOrder();
        Roc roc = Roc.of(columns);
        long labelled = truePositives + falsePositives + falseNegatives + trueNegatives;
        return new EvaluationReport(pipeline, columns.size(), (int) labelled,
                ratio(truePositives, truePositives + falsePositives), ratio(truePositives, truePositives + falseNegatives),
                ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives),
                ratio(truePositives + trueNegatives, labelled), roc.auc(), confusionLabels(), confusionCounts(),
                Episodes.find(columns, order), latencySummaries(), threshold, roc.curve(ROC_POINTS),
                TimelineSampler.sample(columns, order, TIMELINE_POINTS), roc.atFalseAlarmRate(OperatingPoint.ONE_PERCENT));
    }

    private boolean multiClass() {
        return classes.size() > 2;
    }

    private void countBinary(boolean truth, boolean predicted) {
        if (truth && predicted) {
            truePositives++;
        } else if (predicted) {
            falsePositives++;
        } else if (truth) {
            falseNegatives++;
        } else {
            trueNegatives++;
        }
    }

    private int truthClass(String label, boolean positive) {
        Integer index = classIndex.get(label);
        if (index != null) {
            return index;
        }
        return positive ? classes.size() : 0;
    }

    private int outcomeClass(String outcome) {
        Integer index = outcome == null ? null : classIndex.get(outcome);
        return index != null ? index : classes.size();
    }

    /** Whether a truth label or outcome fell outside the classes, which needs the "other" row. */
    private boolean hasOther() {
        int other = classes.size();
        for (int i = 0; i <= other; i++) {
            if (confusion[other][i] != 0 || confusion[i][other] != 0) {
                return true;
            }
        }
        return false;
    }

    private List<String> confusionLabels() {
        List<String> labels = new ArrayList<>(classes);
        if (hasOther()) {
            // a class may itself be called "other"
            labels.add(classes.contains(OTHER) ? "(" + OTHER + ")" : OTHER);
        }
        return labels;
    }

    private long[][] confusionCounts() {
        int n = hasOther() ? classes.size() + 1 : classes.size();
        long[][] counts = new long[n][];
        for (int i = 0; i < n; i++) {
            counts[i] = Arrays.copyOf(confusion[i], n);
        }
        return counts;
    }

    private Map<String, Latency> latencySummaries() {
        Map<String, Latency> summaries = new LinkedHashMap<>();
        latencies.forEach((stage, samples) -> summaries.put(stage, samples.summary()));
        return summaries;
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? Double.NaN : (double) numerator / denominator;
    }
}
