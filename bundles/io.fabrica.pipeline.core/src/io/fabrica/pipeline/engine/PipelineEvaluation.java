package io.fabrica.pipeline.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import io.fabrica.pipeline.AnomalyStage;
import io.fabrica.pipeline.Connection;
import io.fabrica.pipeline.DecisionKind;
import io.fabrica.pipeline.ImagePreprocessStage;
import io.fabrica.pipeline.PortDirection;
import io.fabrica.pipeline.DecisionStage;
import io.fabrica.pipeline.Pipeline;
import io.fabrica.pipeline.api.Decision;
import io.fabrica.pipeline.api.DecisionListener;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.data.Dataset;
import io.fabrica.pipeline.data.ImageFolder;
import io.fabrica.pipeline.data.ImageIndex;
import io.fabrica.pipeline.data.RecordedSignal;
import io.fabrica.pipeline.evaluation.InspectionMetrics;
import io.fabrica.pipeline.evaluation.InspectionReport;
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
        return evaluateAll(engine, pipelineFile, datasetDir, reportDir, progress).report();
    }

    /**
     * What an evaluation found.
     *
     * @param report the decision-level report
     * @param inspection for a pipeline with an anomaly stage, its pixel-level and low-false-reject
     *        figures; {@code null} otherwise
     */
    public record Evaluated(EvaluationReport report, InspectionMetrics.Result inspection) {
    }

    /**
     * Evaluates a pipeline as {@link #evaluate}, and an inspection pipeline (one with an anomaly stage)
     * also at the pixel level against the dataset's defect masks; an image folder's {@code test/} part
     * is the dataset then.
     *
     * @param engine the pipeline engine
     * @param pipelineFile a trained pipeline
     * @param datasetDir a labelled dataset or an image folder
     * @param reportDir where the report goes, or {@code null}; inspection adds {@code inspection.json}
     *        and heatmaps of the worst misses and false rejects
     * @param progress progress and cancellation
     * @return the reports
     * @throws PipelineException as {@link #evaluate}
     * @throws IOException as {@link #evaluate}, or if a mask cannot be read
     */
    public static Evaluated evaluateAll(PipelineEngine engine, Path pipelineFile, Path datasetDir, Path reportDir, ReplayProgress progress)
            throws PipelineException, IOException {
        return evaluateAll(engine, pipelineFile, datasetDir, reportDir, progress, d -> {
        });
    }

    /**
     * Evaluates as {@link #evaluateAll(PipelineEngine, Path, Path, Path, ReplayProgress)} and also hands
     * every decision to a listener (the workbench keeps them to show their reasons).
     *
     * @param engine the pipeline engine
     * @param pipelineFile a trained pipeline
     * @param datasetDir a labelled dataset or an image folder
     * @param reportDir where the report goes, or {@code null}
     * @param progress progress and cancellation
     * @param decisions told every decision, on the replay thread
     * @return the reports
     * @throws PipelineException as {@link #evaluate}
     * @throws IOException as {@link #evaluate}, or if a mask cannot be read
     */
    public static Evaluated evaluateAll(PipelineEngine engine, Path pipelineFile, Path datasetDir, Path reportDir, ReplayProgress progress,
            DecisionListener decisions) throws PipelineException, IOException {
        Pipeline pipeline = PipelineFiles.load(pipelineFile);
        DecisionStage decision = pipeline.getStages().stream().filter(DecisionStage.class::isInstance).map(DecisionStage.class::cast)
                .findFirst().orElseThrow(() -> new PipelineException(pipelineFile + ": has no decision stage to evaluate"));
        List<String> classes = decision.getClasses().size() >= 2 ? List.copyOf(decision.getClasses()) : List.of("normal", "anomaly");
        double threshold = decision.getKind() == DecisionKind.THRESHOLD ? decision.getThreshold() : Double.NaN;
        Evaluator evaluator = new Evaluator(pipeline.getName(), classes, NEGATIVE_LABELS, threshold);
        Dataset dataset = Dataset.open(datasetDir, ImageFolder.Part.TEST);
        AnomalyStage anomaly = pipeline.getStages().stream().filter(AnomalyStage.class::isInstance).map(AnomalyStage.class::cast).findFirst()
                .orElse(null);
        InspectionMetrics inspection = anomaly == null ? null
                : new InspectionMetrics(imageEntries(dataset), preprocessBefore(pipeline, anomaly), threshold);
        try (CompiledPipeline graph = engine.compile(pipeline, pipelineFile.toAbsolutePath().getParent(),
                new CompileOptions(Set.of(), true))) {
            graph.addListener(new DecisionListener() {
                @Override
                public void decided(Decision d) {
                    evaluator.add(d);
                    decisions.decided(d);
                }
            });
            graph.setLatencyListener(evaluator::latency);
            if (inspection != null && anomaly.getPorts().stream().filter(p -> p.getDirection() == PortDirection.OUT).count() > 1) {
                tapMaps(graph, anomaly, inspection);
            }
            DatasetReplay.replay(dataset, graph, MissingValues.FORWARD_FILL, progress);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        // decisions on images are decisions on separate parts: no fault episodes
        boolean parts = pipeline.getStages().stream().anyMatch(ImagePreprocessStage.class::isInstance) || inspection != null;
        EvaluationReport report = parts ? evaluator.finish().withoutEpisodes() : evaluator.finish();
        InspectionMetrics.Result figures = inspection == null ? null : inspection.finish();
        if (reportDir != null) {
            ReportWriter.write(report, reportDir);
            if (figures != null) {
                InspectionReport.write(figures, report, reportDir);
            }
        }
        return new Evaluated(report, figures);
    }

    private static void tapMaps(CompiledPipeline graph, AnomalyStage anomaly, InspectionMetrics inspection) {
        double[] score = new double[1];
        graph.tap(anomaly, 0, frame -> score[0] = frame.values()[0]);
        graph.tap(anomaly, 1, frame -> {
            try {
                inspection.add(frame, score[0]);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** The dataset's images in replay order: the image folder's part, or a recording's first image signal. */
    private static List<ImageIndex.Entry> imageEntries(Dataset dataset) throws IOException {
        if (dataset.isImageFolder()) {
            return dataset.images(null).entries();
        }
        for (RecordedSignal s : dataset.signals()) {
            if (RecordedSignal.IMAGE.equals(s.type())) {
                return dataset.images(s.path()).entries();
            }
        }
        return List.of();
    }

    private static ImagePreprocessStage preprocessBefore(Pipeline pipeline, AnomalyStage anomaly) {
        for (Connection c : pipeline.getConnections()) {
            if (c.getTarget() != null && c.getTarget().eContainer() == anomaly && c.getSource() != null
                    && c.getSource().eContainer() instanceof ImagePreprocessStage pre) {
                return pre;
            }
        }
        return null;
    }
}
