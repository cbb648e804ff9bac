package io.fabrica.cli.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.osgi.service.component.annotations.Component;

import io.fabrica.cli.CommandContext;
import io.fabrica.cli.FabricaCommand;
import io.fabrica.pipeline.djl.training.ModelKind;
import io.fabrica.pipeline.djl.training.ModelTrainer;
import io.fabrica.pipeline.engine.ModelCard;

/**
 * {@code fabrica export-onnx <model-dir|model.json> -o <file.onnx>}: exports a model trained in Fabrica
 * to ONNX (opset 13) from its saved parameters and verifies the file in ONNX Runtime against PyTorch.
 */
@Component(service = FabricaCommand.class)
public final class ExportOnnxCommand implements FabricaCommand {

    @Override
    public String name() {
        return "export-onnx";
    }

    @Override
    public String summary() {
        return "Export a trained model to ONNX (opset 13), verified in ONNX Runtime against PyTorch";
    }

    @Override
    public String synopsis() {
        return "<model-dir | model.json> -o <file.onnx>";
    }

    @Override
    public int run(List<String> args, CommandContext context) throws Exception {
        Arguments arguments;
        try {
            arguments = new Arguments(args, Set.of("-o", "--output"), Set.of());
            if (arguments.positional().size() != 1 || arguments.output() == null) {
                return Arguments.usage(context, name(), synopsis(), "give the model folder (or its model.json) and -o <file.onnx>");
            }
        } catch (Arguments.UsageException e) {
            return Arguments.usage(context, name(), synopsis(), e.getMessage());
        }
        Path given = Arguments.resolve(context, arguments.positional().get(0));
        Path cardFile = Files.isDirectory(given) ? given.resolve(ModelCard.FILE) : given;
        ModelCard card = ModelCard.read(cardFile);
        Path out = Arguments.resolve(context, arguments.output());
        double error = ModelTrainer.export(ModelKind.valueOf(card.kind()), card.inputShape(), card.outputShape(),
                cardFile.resolveSibling(card.paramsFile()), out);
        context.out().printf(Locale.ROOT, "Exported %s -> %s (opset 13; ONNX Runtime vs PyTorch max difference %.2g)%n", cardFile.getParent(),
                out, error);
        return CommandContext.OK;
    }
}
