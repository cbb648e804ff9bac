package io.fabrica.cli.internal;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import io.fabrica.cli.CommandContext;
import io.fabrica.examples.Examples;
import io.fabrica.pipeline.ModelStage;
import io.fabrica.pipeline.NormalizeStage;
import io.fabrica.pipeline.Pipeline;
import io.fabrica.pipeline.Port;
import io.fabrica.pipeline.PortDirection;
import io.fabrica.pipeline.SignalSource;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.djl.quality.QualityEnsemble;
import io.fabrica.pipeline.engine.CompiledPipeline;
import io.fabrica.pipeline.engine.PipelineEngine;
import io.fabrica.pipeline.resource.PipelineFiles;

/**
 * {@code fabrica demo --quality}: the quality pipeline end to end on the simulated machining cell. Trains
 * the demo's quality model on parts cut during setpoint trials, evaluates it on parts of another run it
 * never saw (R², MAE, RMSE, interval coverage), then runs the line twice with the same disturbances —
 * once at fixed setpoints, once with the recommender's proposals approved automatically (simulation only)
 * — and prints scrap, quality, cycle time and bound or step violations of both.
 */
final class QualityDemo {

    private static final int TRAINING_PARTS = 2400;
    private static final int HELD_OUT_PARTS = 600;
    private static final double FIXED_SPEED = 12_000;
    private static final double FIXED_FEED = 1_200;

    private final CommandContext context;
    private final PipelineEngine engine;
    private final Path dir;
    private final int parts;
    private final long seed;

    QualityDemo(CommandContext context, PipelineEngine engine, Path dir, int parts, long seed) {
        this.context = context;
        this.engine = engine;
        this.dir = dir;
        this.parts = parts;
        this.seed = seed;
    }

    int run() throws Exception {
        PrintStream out = context.out();
        if (!Files.exists(dir.resolve("quality.pipeline"))) {
            Examples.copyDemoProject(dir);
        }
        Path file = dir.resolve("quality.pipeline");
        Pipeline pipeline = PipelineFiles.load(file);
        ModelStage model = modelOf(pipeline, file);
        QualityParts.checkTargets(model);
        QualityParts cell = new QualityParts(pipeline);
        out.printf(Locale.ROOT, "Training on %d parts cut during setpoint trials (a speed per insert, a new feed every %d parts)...%n", TRAINING_PARTS,
                QualityParts.TRIAL_PARTS);
        List<QualityParts.Part> training = cell.trials(seed, TRAINING_PARTS);
        NormalizeStage normalize = normalizer(model);
        int[] columns = columns(normalize, cell);
        QualityFit.fitNormalization(normalize, training, columns);
        QualityEnsemble.Result result = QualityEnsemble.train(QualityFit.inputs(normalize, training, columns), QualityFit.targets(training), seed,
                dir.resolve(model.getModelFile()), null);
        PipelineFiles.save(pipeline, file);
        out.printf(Locale.ROOT, "  %d members on %d parts; interval calibrated on the %d latest (coverage there %s); ONNX vs Java %.1e%n",
                result.members(), result.trainingParts(), result.calibrationParts(), percent(result.calibrationCoverage()), result.exportError());
        QualityFit.Scores scores;
        try (CompiledPipeline graph = engine.compile(PipelineFiles.load(file), dir)) {
            // the compiled graph has its own copy of the pipeline: address its stages, not the ones trained above
            QualityParts live = new QualityParts(graph.pipeline());
            scores = QualityFit.evaluate(graph, modelOf(graph.pipeline(), file), live, live.trials(seed + 1, HELD_OUT_PARTS));
        }
        scores.print(out, HELD_OUT_PARTS);
        // a fresh graph: the evaluation left its own held recommendations in the write sinks
        try (CompiledPipeline graph = engine.compile(PipelineFiles.load(file), dir)) {
            QualityParts live = new QualityParts(graph.pipeline());
            ClosedLoop.Outcome fixed = ClosedLoop.fixed(live, seed + 2, parts, FIXED_SPEED, FIXED_FEED);
            ClosedLoop.Outcome recommended = ClosedLoop.recommended(graph, live, seed + 2, parts, FIXED_SPEED, FIXED_FEED);
            ClosedLoop.print(out, fixed, recommended);
            boolean met = scores.met() && recommended.violations() == 0 && recommended.scrapRate() <= 0.9 * fixed.scrapRate();
            out.println(met ? "Quality goals: met" : "Quality goals: NOT met");
            return met ? 0 : 1;
        }
    }

    private static ModelStage modelOf(Pipeline pipeline, Path file) throws PipelineException {
        return pipeline.getStages().stream().filter(ModelStage.class::isInstance).map(ModelStage.class::cast).findFirst()
                .orElseThrow(() -> new PipelineException(file + ": has no model stage"));
    }

    private static String percent(double[] values) {
        StringBuilder b = new StringBuilder();
        for (double v : values) {
            b.append(b.isEmpty() ? "" : " / ").append(String.format(Locale.ROOT, "%.0f %%", 100 * v));
        }
        return b.toString();
    }

    private static NormalizeStage normalizer(ModelStage model) throws PipelineException {
        Port in = model.getPorts().stream().filter(p -> p.getDirection() == PortDirection.IN).findFirst().orElseThrow();
        Pipeline pipeline = (Pipeline) model.eContainer();
        return pipeline.getConnections().stream().filter(c -> c.getTarget() == in).map(c -> c.getSource().eContainer())
                .filter(NormalizeStage.class::isInstance).map(NormalizeStage.class::cast).findFirst()
                .orElseThrow(() -> new PipelineException(model.getName() + ": is not fed by a normalization stage"));
    }

    /** @return per normalization input the index of the source that feeds it */
    private static int[] columns(NormalizeStage normalize, QualityParts cell) throws PipelineException {
        Pipeline pipeline = (Pipeline) normalize.eContainer();
        List<Port> in = normalize.getPorts().stream().filter(p -> p.getDirection() == PortDirection.IN).toList();
        int[] columns = new int[in.size()];
        for (int i = 0; i < columns.length; i++) {
            Port port = in.get(i);
            Object feeder = pipeline.getConnections().stream().filter(c -> c.getTarget() == port).map(c -> c.getSource().eContainer()).findFirst()
                    .orElse(null);
            if (!(feeder instanceof SignalSource source) || cell.sourceIndex(source) < 0) {
                throw new PipelineException(normalize.getName() + ": input " + i + " is not fed by a signal of the simulated cell");
            }
            columns[i] = cell.sourceIndex(source);
        }
        return columns;
    }
}
