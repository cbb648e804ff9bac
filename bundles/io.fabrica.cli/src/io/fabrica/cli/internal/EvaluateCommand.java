package io.fabrica.cli.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.fabrica.cli.CommandContext;
import io.fabrica.cli.FabricaCommand;
import io.fabrica.pipeline.engine.PipelineEvaluation;
import io.fabrica.pipeline.engine.ReplayProgress;
import io.fabrica.pipeline.evaluation.EvaluationReport;
import io.fabrica.pipeline.evaluation.ReportWriter;

/**
 * {@code fabrica evaluate <pipeline> --data <dataset> [--report dir]}: runs a trained pipeline over a
 * labelled dataset and prints its metrics; with {@code --report} also writes report.json and report.html.
 */
@Component(service = FabricaCommand.class)
public final class EvaluateCommand implements FabricaCommand {

    @Reference
    private PipelineEngineHolder engine;

    @Override
    public String name() {
        return "evaluate";
    }

    @Override
    public String summary() {
        return "Evaluate a trained pipeline on a labelled dataset (precision, recall, F1, ROC AUC, lead time, latency)";
    }

    @Override
    public String synopsis() {
        return "<file.pipeline> --data <dataset> [--report <dir>]";
    }

    @Override
    public int run(List<String> args, CommandContext context) throws Exception {
        Arguments arguments;
        try {
            arguments = new Arguments(args, Set.of("--data", "--report"), Set.of());
            if (arguments.positional().size() != 1 || arguments.option("--data") == null) {
                return Arguments.usage(context, name(), synopsis(), "give one pipeline file and --data <dataset folder>");
            }
        } catch (Arguments.UsageException e) {
            return Arguments.usage(context, name(), synopsis(), e.getMessage());
        }
        Path pipeline = Arguments.resolve(context, arguments.positional().get(0));
        Path data = Arguments.resolve(context, arguments.option("--data"));
        Path report = arguments.option("--report") == null ? null : Arguments.resolve(context, arguments.option("--report"));
        PipelineEvaluation.Evaluated evaluated = PipelineEvaluation.evaluateAll(engine.engine(), pipeline, data, report, ReplayProgress.NONE);
        EvaluationReport result = evaluated.report();
        context.out().println(ReportWriter.summary(result));
        if (evaluated.inspection() != null) {
            context.out().println(io.fabrica.pipeline.evaluation.InspectionMetrics.summary(evaluated.inspection()));
        }
        if (report != null) {
            context.out().println("Report: " + report.resolve(ReportWriter.HTML_FILE));
        }
        return CommandContext.OK;
    }
}
