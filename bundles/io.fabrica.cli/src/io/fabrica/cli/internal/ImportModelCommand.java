package io.fabrica.cli.internal;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.fabrica.cli.CommandContext;
import io.fabrica.cli.FabricaCommand;
import io.fabrica.pipeline.api.InferenceEngine;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.djl.DjlEngines;
import io.fabrica.pipeline.djl.imports.ImportOptions;
import io.fabrica.pipeline.djl.imports.ModelImport;
import io.fabrica.pipeline.djl.parity.ParityGate;
import io.fabrica.pipeline.engine.PipelineEngine;

/**
 * {@code fabrica import-model <model.onnx> --into <pipeline> [--stage NAME] [--labels a,b,…] [--input-name X]
 * [--output-name Y]}: brings an ONNX model made by another tool into a pipeline's Model stage (see
 * {@link ModelImport}). Prints the model's inputs and outputs and what it was fitted to; a refusal is
 * one line naming the reason, exit 1, and nothing written.
 */
@Component(service = FabricaCommand.class)
public final class ImportModelCommand implements FabricaCommand {

    @Reference
    private PipelineEngineHolder engine;

    @Override
    public String name() {
        return "import-model";
    }

    @Override
    public String summary() {
        return "Import an ONNX model made elsewhere into a pipeline's Model stage (checked in ONNX Runtime, copied with a model card)";
    }

    @Override
    public String synopsis() {
        return "<model.onnx> --into <file.pipeline> [--stage NAME] [--labels a,b,...] [--input-name X] [--output-name Y]";
    }

    @Override
    public int run(List<String> args, CommandContext context) throws Exception {
        Arguments arguments;
        try {
            arguments = new Arguments(args, Set.of("--into", "--stage", "--labels", "--input-name", "--output-name"), Set.of());
            if (arguments.positional().size() != 1 || arguments.option("--into") == null) {
                return Arguments.usage(context, name(), synopsis(), "give one .onnx file and --into <file.pipeline>");
            }
        } catch (Arguments.UsageException e) {
            return Arguments.usage(context, name(), synopsis(), e.getMessage());
        }
        Path model = Arguments.resolve(context, arguments.positional().get(0));
        Path pipeline = Arguments.resolve(context, arguments.option("--into"));
        String labels = arguments.option("--labels");
        ImportOptions options = new ImportOptions(arguments.option("--stage"),
                labels == null ? List.of() : Arrays.stream(labels.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(),
                arguments.option("--input-name"), arguments.option("--output-name"));
        ModelImport.Prepared imported;
        try {
            imported = ModelImport.importInto(onnxRuntime(engine.engine()), model, pipeline, options, context.out()::println);
        } catch (PipelineException e) {
            context.err().println("fabrica import-model: " + e.getMessage());
            return CommandContext.FAILED;
        }
        for (ParityGate.Check check : imported.parity()) {
            context.out().println(check.describe());
        }
        context.out().println("Imported " + model.getFileName() + " -> " + imported.modelDir() + " (model.json, golden.json); "
                + pipeline.getFileName() + " saved");
        return CommandContext.OK;
    }

    /**
     * @param engine the pipeline engine
     * @return its ONNX Runtime inference engine
     * @throws PipelineException if it is not installed
     */
    static InferenceEngine onnxRuntime(PipelineEngine engine) throws PipelineException {
        return engine.inferenceEngines().stream().filter(e -> e.name().equals(DjlEngines.ONNX_RUNTIME)).findFirst()
                .orElseThrow(() -> new PipelineException("the ONNX Runtime inference engine is not installed (bundle io.fabrica.pipeline.djl)"));
    }
}
