package io.fabrica.pipeline.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import io.fabrica.pipeline.DecisionKind;
import io.fabrica.pipeline.DecisionStage;
import io.fabrica.pipeline.Pipeline;
import io.fabrica.pipeline.api.Decision;
import io.fabrica.pipeline.api.DecisionListener;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.data.Dataset;
import io.fabrica.pipeline.data.MissingValues;
import io.fabrica.pipeline.evaluation.EvaluationReport;
import io.fabrica.pipeline.evaluation.Evaluator;
import io.fabrica.pipeline.evaluation.ReportWriter;
import io.fabrica.pipeline.resource.PipelineFiles;

/**
 * Evaluates a trained pipeline on a labelled dataset ({@code fabrica evaluate}): the whole pipeline runs
 * over the recording as it would live, every decision is compared with the ground truth, every stage is
 * timed, and the report is written as JSON and HTML.
 */
public final class PipelineEvaluation {

    /** Ground-truth labels that count as negative (healthy machine, good part). */
    public static final Set<String> NEGATIVE_LABELS = Set.of("normal", "ok");

    private PipelineEvaluation() {
    }

    /**
     * Evaluates a pipeline.
     *
     * @param engine the pipeline engine
     * @param pipelineFile a trained pipeline
     * @param datasetDir a labelled dataset (not the one it was trained on, for honest figures)
     * @param reportDir where {@code report.json} and {@code report.html} go, or {@code null} for none
     * @param progress progress and cancellation
     * @return the report
     * @throws PipelineException if the pipeline cannot run (untrained, model unusable) or has no decision
     * @throws IOException if the dataset is malformed or lacks a signal, or the report cannot be written
     */
    public static EvaluationReport evaluate(PipelineEngine engine, Path pipelineFile, Path datasetDir, Path reportDir, ReplayProgress progress)
            throws PipelineException, IOException {
        Pipeline pipeline = PipelineFiles.load(pipelineFile);
        DecisionStage decision = pipeline.getStages().stream().filter(DecisionStage.class::isInstance).map(DecisionStage.class::cast)
                .findFirst().orElseThrow(() -> new PipelineException(pipelineFile + ": has no decision stage to evaluate"));
        List<String> classes = decision.getClasses().size() >= 2 ? List.copyOf(decision.getClasses()) : List.of("normal", "anomaly");
        double threshold = decision.getKind() == DecisionKind.THRESHOLD ? decision.getThreshold() : Double.NaN;
        Evaluator evaluator = new Evaluator(pipeline.getName(), classes, NEGATIVE_LABELS, threshold);
        Dataset dataset = Dataset.open(datasetDir);
        try (CompiledPipeline graph = engine.compile(pipeline, pipelineFile.toAbsolutePath().getParent(),
                new CompileOptions(Set.of(), true))) {
            graph.addListener(new DecisionListener() {
                @Override
                public void decided(Decision d) {
                    evaluator.add(d);
                }
            });
            graph.setLatencyListener(evaluator::latency);
            DatasetReplay.replay(dataset, graph, MissingValues.FORWARD_FILL, progress);
        }
        EvaluationReport report = evaluator.finish();
        if (reportDir != null) {
            ReportWriter.write(report, reportDir);
        }
        return report;
    }
}
