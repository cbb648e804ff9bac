package io.fabrica.cli.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.fabrica.cli.CommandContext;
import io.fabrica.cli.FabricaCommand;
import io.fabrica.pipeline.djl.PipelineTraining;
import io.fabrica.pipeline.djl.training.TrainingOptions;

/**
 * {@code fabrica train <pipeline> --data <dataset> [-o model-dir] [--seed N] [--epochs N]}: trains the
 * pipeline's model on a recorded dataset and writes a model folder with the trained pipeline in it.
 */
@Component(service = FabricaCommand.class)
public final class TrainCommand implements FabricaCommand {

    @Reference
    private PipelineEngineHolder engine;

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String summary() {
        return "Train a pipeline's model on a recorded dataset or image folder (writes the model, model.json and the trained pipeline)";
    }

    @Override
    public String synopsis() {
        return "<file.pipeline> --data <dataset> [-o <model-dir>] [--seed N] [--epochs N]";
    }

    @Override
    public int run(List<String> args, CommandContext context) throws Exception {
        Arguments arguments;
        try {
            arguments = new Arguments(args, Set.of("--data", "--seed", "--epochs", "-o", "--output"), Set.of());
            if (arguments.positional().size() != 1 || arguments.option("--data") == null) {
                return usage(context, "give one pipeline file and --data <dataset folder>");
            }
        } catch (Arguments.UsageException e) {
            return usage(context, e.getMessage());
        }
        Path pipeline = Arguments.resolve(context, arguments.positional().get(0));
        Path data = Arguments.resolve(context, arguments.option("--data"));
        String stem = pipeline.getFileName().toString().replaceFirst("\\.pipeline$", "");
        Path out = arguments.output() != null ? Arguments.resolve(context, arguments.output())
                : pipeline.toAbsolutePath().getParent().resolve("models").resolve(stem);
        TrainingOptions options = TrainingOptions.defaults();
        try {
            if (arguments.option("--seed") != null) {
                options = options.withSeed(Long.parseLong(arguments.option("--seed")));
            }
            if (arguments.option("--epochs") != null) {
                int epochs = Integer.parseInt(arguments.option("--epochs"));
                options = options.withEpochs(epochs, Math.min(options.patience(), epochs));
            }
        } catch (NumberFormatException e) {
            return usage(context, "--seed and --epochs take whole numbers");
        }
        if (io.fabrica.pipeline.djl.anomaly.AnomalyTraining.applies(io.fabrica.pipeline.resource.PipelineFiles.load(pipeline))) {
            return trainAnomaly(pipeline, data, out, options.seed(), context);
        }
        PipelineTraining.Trained trained = PipelineTraining.train(engine.engine(), pipeline, data, out, options,
                context.err()::println, (epoch, max, trainLoss, validationLoss) -> {
                    if (epoch == 1 || epoch % 10 == 0) {
                        context.err().printf(Locale.ROOT, "epoch %d/%d: training loss %.5g, validation loss %.5g%n", epoch, max, trainLoss,
                                validationLoss);
                    }
                });
        double threshold = trained.card().threshold();
        context.out().printf(Locale.ROOT, "Trained %s -> %s (%s, %d samples%s)%n", pipeline.getFileName(), trained.pipelineFile(),
                trained.card().kind(), trained.samples(), Double.isNaN(threshold) ? "" : String.format(Locale.ROOT, ", threshold %.5g", threshold));
        return CommandContext.OK;
    }

    /** An inspection pipeline learns from good parts only: no epochs, a memory bank or pixel statistics, and a threshold for its false-reject rate. */
    private int trainAnomaly(Path pipeline, Path data, Path out, long seed, CommandContext context) throws Exception {
        io.fabrica.pipeline.data.Dataset dataset = io.fabrica.pipeline.data.Dataset.open(data, io.fabrica.pipeline.data.ImageFolder.Part.TRAIN);
        io.fabrica.pipeline.djl.anomaly.AnomalyTraining.Trained trained = io.fabrica.pipeline.djl.anomaly.AnomalyTraining.train(engine.engine(),
                pipeline, dataset, out, seed, context.err()::println);
        String kind = trained.card().kind();
        String model = switch (kind) {
            case "PATCHCORE" -> "PATCHCORE, memory bank " + trained.memoryBank() + " patches";
            case "PADIM" -> "PADIM, per-cell Gaussians from " + trained.memoryBank() + " tiles";
            default -> "variation model";
        };
        context.out().printf(Locale.ROOT, "Trained %s -> %s (%s, %d good images, %d held out, threshold %.5g)%n", pipeline.getFileName(),
                trained.pipelineFile(), model, trained.goodImages(), trained.heldOut(), trained.threshold());
        return CommandContext.OK;
    }

    private int usage(CommandContext context, String problem) {
        return Arguments.usage(context, name(), synopsis(), problem);
    }
}
