/**
 * Evaluates the decisions of a pipeline replayed on a labelled dataset against the ground truth and
 * writes the result as JSON and as one self-contained HTML page with inline SVG charts.
 *
 * <p>Feed every {@link io.fabrica.pipeline.api.Decision} of the run to an {@link
 * io.fabrica.pipeline.evaluation.Evaluator}, optionally with per-stage processing times, then call
 * {@link io.fabrica.pipeline.evaluation.Evaluator#finish()} and hand the {@link
 * io.fabrica.pipeline.evaluation.EvaluationReport} to {@link
 * io.fabrica.pipeline.evaluation.ReportWriter}.
 *
 * <p>Definitions used throughout:
 * <ul>
 * <li>A decision is <em>labelled</em> when its ground truth is not blank; unlabelled decisions count
 * in {@code decisions} and appear in the timeline but take no part in any metric.</li>
 * <li>The truth is <em>positive</em> when the label is not one of the negative labels (such as
 * {@code "normal"} or {@code "ok"}); the prediction is positive when {@link
 * io.fabrica.pipeline.api.Decision#positive()} is true. Precision, recall, F1 and accuracy are always
 * binary in this sense, also for multi-class pipelines (defect versus ok).</li>
 * <li>ROC AUC is the rank statistic of the scores of positive against negative labelled decisions,
 * ties counting one half; decisions with a {@code NaN} score are left out.</li>
 * <li>A fault episode is a maximal run of labelled decisions, in time order, with the same positive
 * label; unlabelled decisions neither extend nor break a run.</li>
 * </ul>
 */
package io.fabrica.pipeline.evaluation;
