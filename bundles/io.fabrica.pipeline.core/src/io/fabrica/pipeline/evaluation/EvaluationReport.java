package io.fabrica.pipeline.evaluation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of an evaluation, made by {@link Evaluator#finish()} and written by {@link
 * ReportWriter}. Ratios are {@code NaN} when undefined (no labelled decisions, no predicted
 * positives for precision, no positive truth for recall, only one truth class for the AUC).
 * Precision, recall, F1 and accuracy are binary (fault or defect versus normal or ok) also when the
 * pipeline decides between several classes; the confusion matrix then shows the classes. The lists
 * and the map are unmodifiable; the arrays are shared and must not be modified.
 *
 * @param pipeline the name of the pipeline
 * @param decisions how many decisions were evaluated, labelled or not
 * @param labelled how many of them had a ground truth
 * @param precision true positives over predicted positives
 * @param recall true positives over truth positives
 * @param f1 2·TP / (2·TP + FP + FN), the harmonic mean of precision and recall; {@code NaN} only if there
 *        are neither truth nor predicted positives
 * @param accuracy correct decisions over labelled decisions
 * @param rocAuc the area under the ROC curve of the scores
 * @param confusionLabels the names of the rows and columns of the confusion matrix: the classes, first
 *        the negative one, and {@code "other"} last if some truth label or outcome is not a class
 * @param confusion counts of labelled decisions, rows the truth and columns the prediction
 * @param leadTimes the fault episodes in time order
 * @param latencies processing times by stage, in the order the stages were first recorded
 * @param threshold the decision threshold on the score, {@code NaN} if none
 * @param rocCurve points {@code {falsePositiveRate, truePositiveRate}} from (0,0) to (1,1), empty if
 *        the AUC is undefined
 * @param timeline the decisions over time, downsampled
 * @param lowFalseAlarms the recall of the scores where at most 1 % of the normal decisions alarm
 *        ({@link OperatingPoint#ONE_PERCENT})
 */
public record EvaluationReport(String pipeline, int decisions, int labelled, double precision, double recall, double f1,
        double accuracy, double rocAuc, List<String> confusionLabels, long[][] confusion, List<LeadTime> leadTimes,
        Map<String, Latency> latencies, double threshold, List<double[]> rocCurve, Timeline timeline, OperatingPoint lowFalseAlarms) {

    /**
     * A report without the low-false-alarm operating point (e.g. read from an older {@code report.json}).
     *
     * @see #EvaluationReport(String, int, int, double, double, double, double, double, List, long[][], List, Map,
     *      double, List, Timeline, OperatingPoint)
     */
    public EvaluationReport(String pipeline, int decisions, int labelled, double precision, double recall, double f1,
            double accuracy, double rocAuc, List<String> confusionLabels, long[][] confusion, List<LeadTime> leadTimes,
            Map<String, Latency> latencies, double threshold, List<double[]> rocCurve, Timeline timeline) {
        this(pipeline, decisions, labelled, precision, recall, f1, accuracy, rocAuc, confusionLabels, confusion, leadTimes, latencies,
                threshold, rocCurve, timeline, OperatingPoint.undefined(OperatingPoint.ONE_PERCENT));
    }

    /**
     * Makes the collections unmodifiable and checks the shape of the confusion matrix.
     *
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if the confusion matrix is not square with a row per label
     */
    public EvaluationReport {
        confusionLabels = List.copyOf(confusionLabels);
        leadTimes = List.copyOf(leadTimes);
        latencies = Collections.unmodifiableMap(new LinkedHashMap<>(latencies));
        rocCurve = List.copyOf(rocCurve);
        if (pipeline == null || timeline == null || lowFalseAlarms == null) {
            throw new NullPointerException("pipeline, timeline and the low-false-alarm operating point are required");
        }
        if (confusion.length != confusionLabels.size()) {
            throw new IllegalArgumentException("the confusion matrix needs a row per label");
        }
        for (long[] row : confusion) {
            if (row.length != confusionLabels.size()) {
                throw new IllegalArgumentException("the confusion matrix needs a column per label");
            }
        }
    }

    /**
     * Looks up one cell of the confusion matrix by its labels.
     *
     * @param truth a row label
     * @param predicted a column label
     * @return the count of decisions with that truth and prediction, 0 if either label is unknown
     */
    public long count(String truth, String predicted) {
        int row = confusionLabels.indexOf(truth);
        int column = confusionLabels.indexOf(predicted);
        return row < 0 || column < 0 ? 0 : confusion[row][column];
    }

    /**
     * The same report without fault episodes, for decisions on separate parts (images): consecutive
     * defective parts are not one fault, and their "lead time" means nothing.
     *
     * @return the copy
     */
    public EvaluationReport withoutEpisodes() {
        return new EvaluationReport(pipeline, decisions, labelled, precision, recall, f1, accuracy, rocAuc, confusionLabels, confusion,
                List.of(), latencies, threshold, rocCurve, timeline, lowFalseAlarms);
    }

    /** @return whether the ground truth has faults but the report lists no episodes: decisions on separate parts */
    public boolean perPart() {
        return leadTimes.isEmpty() && !Double.isNaN(recall);
    }
}
