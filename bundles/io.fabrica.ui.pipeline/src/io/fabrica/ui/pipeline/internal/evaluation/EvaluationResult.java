package io.fabrica.ui.pipeline.internal.evaluation;

import java.nio.file.Path;
import java.util.List;

import org.eclipse.core.resources.IFile;

import io.fabrica.pipeline.api.Decision;
import io.fabrica.pipeline.evaluation.EvaluationReport;
import io.fabrica.pipeline.evaluation.InspectionMetrics;

/**
 * What the Evaluation view shows: a report and, when the evaluation ran here, the decisions with their
 * reasons. A report opened from a {@code report.json} has no decisions (the file holds metrics and the
 * downsampled timeline only). Immutable.
 *
 * @param report the metrics, curves and timeline
 * @param decisions decisions with reasons in time order (possibly a subset, see {@code decisionsSeen}); empty for an opened report
 * @param decisionsSeen how many decisions the pipeline made
 * @param pipeline the evaluated pipeline, or null for an opened report
 * @param reportDir the folder with {@code report.json} and {@code report.html}, or null if none was written
 * @param inspection an inspection pipeline's pixel figures and the rejected images' heatmaps, or null
 */
public record EvaluationResult(EvaluationReport report, List<Decision> decisions, long decisionsSeen, IFile pipeline, Path reportDir,
        InspectionMetrics.Result inspection) {

    /** Copies the decisions. */
    public EvaluationResult {
        decisions = List.copyOf(decisions);
    }
}
