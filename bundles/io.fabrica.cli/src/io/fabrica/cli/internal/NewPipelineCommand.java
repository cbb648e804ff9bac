package io.fabrica.cli.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.osgi.service.component.annotations.Component;

import io.fabrica.cli.CommandContext;
import io.fabrica.cli.FabricaCommand;
import io.fabrica.model.edit.validation.Problem;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.pipeline.Pipeline;
import io.fabrica.pipeline.djl.anomaly.InspectionPipelines;
import io.fabrica.pipeline.data.Dataset;
import io.fabrica.pipeline.data.RecordedSignal;
import io.fabrica.pipeline.resource.PipelineFiles;
import io.fabrica.pipeline.validation.PipelineValidation;

/**
 * {@code fabrica new-pipeline pdm --data <dataset> -o <x.pipeline> [--force]}: writes a predictive
 * maintenance pipeline for the window signals of a dataset from {@code fabrica import-dataset}, and
 * beside it {@code x.plant}, the plant model that describes those signals (a pipeline reads plant
 * signals; the plant is where they get bound to a device later). The pipeline is ready for
 * {@code fabrica train} and {@code fabrica evaluate} on datasets of the same signals.
 */
@Component(service = FabricaCommand.class)
public final class NewPipelineCommand implements FabricaCommand {

    @Override
    public String name() {
        return "new-pipeline";
    }

    @Override
    public String summary() {
        return "Create a PdM pipeline for an imported dataset, or an inspection pipeline for an image folder";
    }

    @Override
    public String synopsis() {
        return "pdm --data <dataset> -o <x.pipeline> [--force] | inspection --images <folder> -o <x.pipeline> [--size N] [--force]";
    }

    @Override
    public int run(List<String> args, CommandContext context) throws Exception {
        Arguments a;
        try {
            a = new Arguments(args, Set.of("--data", "--images", "--size", "-o", "--output"), Set.of("--force"));
            if (a.positional().size() == 1 && a.positional().get(0).equals("inspection")) {
                return inspection(a, context);
            }
            if (a.positional().size() != 1 || !a.positional().get(0).equals("pdm")) {
                return usage(context, "give the kind of pipeline: pdm or inspection");
            }
            if (a.option("--data") == null || a.output() == null || !a.output().endsWith("." + PipelineFiles.EXTENSION)) {
                return usage(context, "give --data <dataset folder> and -o <file.pipeline>");
            }
        } catch (Arguments.UsageException e) {
            return usage(context, e.getMessage());
        }
        Path pipelineFile = Arguments.resolve(context, a.output());
        Path plantFile = pipelineFile.resolveSibling(pipelineFile.getFileName().toString().replaceFirst("\\.pipeline$", ".plant"));
        refuseOverwrite(a.flag("--force"), pipelineFile, plantFile);
        Dataset dataset = Dataset.open(Arguments.resolve(context, a.option("--data")));
        List<DatasetPipelines.WindowSignal> signals = windowSignals(dataset);
        String stem = plantFile.getFileName().toString().replaceFirst("\\.plant$", "");
        Enterprise plant = DatasetPipelines.plant(signals);
        Pipeline pipeline = DatasetPipelines.pdm(stem, plant, signals, dataset.dir());
        DatasetPipelines.save(plant, plantFile, pipeline, pipelineFile);
        checkValid(pipelineFile);
        context.out().println("Wrote " + pipelineFile + " (" + signals.size() + " window signal" + (signals.size() == 1 ? "" : "s") + ") and "
                + plantFile.getFileName() + "; next: fabrica train " + pipelineFile.getFileName() + " --data <dataset>");
        return CommandContext.OK;
    }

    /** {@code inspection --images <folder> -o <x.pipeline> [--size N]}: see {@link InspectionPipelines}. */
    private int inspection(Arguments a, CommandContext context) throws IOException {
        if (a.option("--images") == null || a.output() == null || !a.output().endsWith("." + PipelineFiles.EXTENSION)) {
            return usage(context, "give --images <image folder (train/good, test/<kind>, ground_truth)> and -o <file.pipeline>");
        }
        int size = InspectionPipelines.DEFAULT_SIZE;
        try {
            size = a.option("--size") == null ? size : Integer.parseInt(a.option("--size"));
        } catch (NumberFormatException e) {
            return usage(context, "--size takes a whole number of pixels");
        }
        if (size < 32 || size % 32 != 0) {
            return usage(context, "--size " + size + " must be a multiple of 32 (the feature extractor's deepest stride), e.g. 256");
        }
        Path folder = Arguments.resolve(context, a.option("--images"));
        if (!io.fabrica.pipeline.data.ImageFolder.isImageFolder(folder)) {
            throw new IOException(folder + ": is not an image folder (train/good/ with good images, test/<kind>/, ground_truth/<kind>/)");
        }
        Path pipelineFile = Arguments.resolve(context, a.output());
        refuseOverwrite(a.flag("--force"), pipelineFile);
        String stem = pipelineFile.getFileName().toString().replaceFirst("\\.pipeline$", "");
        Pipeline pipeline = InspectionPipelines.inspection(stem, folder, size);
        Files.createDirectories(pipelineFile.toAbsolutePath().getParent());
        PipelineFiles.save(pipeline, pipelineFile);
        checkValid(pipelineFile);
        context.out().println("Wrote " + pipelineFile + " (images resized to " + size + "x" + size + ", anomaly detection learnt from "
                + folder.getFileName() + "/train/good); next: fabrica train " + pipelineFile.getFileName() + " --data " + folder);
        return CommandContext.OK;
    }

    private static void refuseOverwrite(boolean force, Path... files) throws IOException {
        for (Path f : files) {
            if (!force && Files.exists(f)) {
                throw new IOException(f + " already exists; give --force to replace it");
            }
        }
    }

    private static List<DatasetPipelines.WindowSignal> windowSignals(Dataset dataset) throws IOException {
        List<DatasetPipelines.WindowSignal> signals = new ArrayList<>();
        for (RecordedSignal s : dataset.signals()) {
            if (!s.isWindows()) {
                continue;
            }
            double rate = dataset.sampleRate(s.path());
            if (rate <= 0) {
                throw new IOException(dataset.dir().resolve(Dataset.MANIFEST) + ": signal '" + s.path()
                        + "' has no sampleRate; new-pipeline works on datasets from fabrica import-dataset (for recordings, use their plant)");
            }
            signals.add(new DatasetPipelines.WindowSignal(s.path(), s.unit(), dataset.windows(s.path()).windowLength(), rate));
        }
        if (signals.isEmpty()) {
            throw new IOException(dataset.dir().resolve(Dataset.MANIFEST) + ": the dataset has no window signals for a PdM pipeline");
        }
        return signals;
    }

    /**
     * The written pipeline must validate; an error here is a bug, so it is reported, not hidden. Warnings
     * (the model file that training writes) are expected of a new pipeline and not repeated.
     */
    private static void checkValid(Path pipelineFile) throws IOException {
        for (Problem p : PipelineValidation.validate(PipelineFiles.load(pipelineFile))) {
            if (p.severity() == Problem.Severity.ERROR) {
                throw new IOException(pipelineFile + ": the new pipeline does not validate: " + p.path() + ": " + p.message());
            }
        }
    }

    private int usage(CommandContext context, String problem) {
        return Arguments.usage(context, name(), synopsis(), problem);
    }
}
