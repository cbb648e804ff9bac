package io.fabrica.pipeline.djl.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The files of one model and their staging: everything is first written into a hidden staging
 * folder next to the targets and moved into place only when it is complete and verified, so that
 * a failed or cancelled run never replaces a working model. The staging folder is in the target's
 * folder because only a move within one file system can be atomic.
 */
final class ModelFiles implements AutoCloseable {

    private static final String ONNX_SUFFIX = ".onnx";

    private final Path onnxFile;
    private final String name;
    private final Path staging;

    private ModelFiles(Path onnxFile, String name, Path staging) {
        this.onnxFile = onnxFile;
        this.name = name;
        this.staging = staging;
    }

    /**
     * Creates the staging folder next to {@code onnxFile} (and the target folder if missing).
     *
     * @param onnxFile the ONNX file to produce
     * @return the staged files; close to remove the staging folder
     * @throws TrainingException if the folder cannot be created
     */
    static ModelFiles stage(Path onnxFile) throws TrainingException {
        Path target = onnxFile.toAbsolutePath().normalize();
        String name = modelName(target);
        Path folder = target.getParent();
        try {
            Files.createDirectories(folder);
            return new ModelFiles(target, name, Files.createTempDirectory(folder, "." + name + ".staging-"));
        } catch (IOException e) {
            throw new TrainingException("cannot write into folder " + folder + ": " + e, e);
        }
    }

    /**
     * @param onnxFile the ONNX file
     * @return its name without {@code .onnx}: DJL's model name, the prefix of the parameters file
     * @throws TrainingException if nothing is left
     */
    static String modelName(Path onnxFile) throws TrainingException {
        Path fileName = onnxFile.getFileName();
        String file = fileName == null ? "" : fileName.toString();
        String name = file.toLowerCase(Locale.ROOT).endsWith(ONNX_SUFFIX)
                ? file.substring(0, file.length() - ONNX_SUFFIX.length())
                : file;
        if (name.isEmpty()) {
            throw new TrainingException("invalid model file name " + onnxFile + ": it needs a name before .onnx");
        }
        return name;
    }

    /** @return the model name: the ONNX file name without {@code .onnx} */
    String name() {
        return name;
    }

    /** @return the hidden staging folder */
    Path staging() {
        return staging;
    }

    /** @return where the ONNX file is staged: {@code <staging>/<name>.onnx}, loadable by DJL by name */
    Path stagedOnnx() {
        return staging.resolve(name + ONNX_SUFFIX);
    }

    /** @return where DJL's {@code Model.save(staging, name)} writes the parameters (epoch 0) */
    Path stagedParameters() {
        return staging.resolve(parametersFileName(name));
    }

    /** @return the final ONNX file */
    Path onnxFile() {
        return onnxFile;
    }

    /** @return the final parameters file: {@code <folder>/<name>-0000.params} */
    Path parametersFile() {
        return onnxFile.resolveSibling(parametersFileName(name));
    }

    static String parametersFileName(String modelName) {
        return modelName + "-0000.params";
    }

    /**
     * Moves a staged file onto its target, replacing it atomically where the file system can.
     *
     * @param staged the staged file
     * @param target the final file
     * @throws TrainingException if the move fails; the target is then unchanged
     */
    static void publish(Path staged, Path target) throws TrainingException {
        try {
            io.fabrica.core.files.AtomicFiles.replace(staged, target);
        } catch (IOException e) {
            throw new TrainingException("cannot write " + target + ": " + e, e);
        }
    }

    /** Removes the staging folder and whatever is left in it; best effort, a leftover is only clutter. */
    @Override
    public void close() {
        try (Stream<Path> walk = Files.walk(staging)) {
            List<Path> paths = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path path : paths) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // nothing useful to do: the model files are already in place or were never published
        }
    }
}
