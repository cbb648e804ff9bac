package io.fabrica.pipeline.djl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;

import io.fabrica.pipeline.Pipeline;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.resource.PipelineFiles;

/**
 * How every training publishes a model folder: assembled in a hidden staging folder beside the
 * target, swapped in only when complete, so a failed or cancelled training never replaces a previous
 * model.
 */
public final class ModelFolder {

    private ModelFolder() {
    }

    /**
     * Saves a trained pipeline at a new location; references into the plant are re-relativized to it.
     *
     * @param pipeline the trained pipeline
     * @param file where to save it
     * @throws PipelineException if it cannot be saved
     */
    public static void saveBeside(Pipeline pipeline, Path file) throws PipelineException {
        Resource resource = pipeline.eResource();
        resource.setURI(URI.createFileURI(file.toAbsolutePath().normalize().toString()));
        try {
            PipelineFiles.save(pipeline, file);
        } catch (io.fabrica.model.resource.PlantFileException e) {
            throw new PipelineException(e.getMessage(), e);
        }
    }

    /**
     * Replaces the model folder by the staged one; the old folder survives until the new one is in place.
     *
     * @param staging the complete staged folder
     * @param modelDir the model folder
     * @throws IOException if a move fails (the old folder is restored)
     */
    public static void swapIn(Path staging, Path modelDir) throws IOException {
        Path old = null;
        if (Files.exists(modelDir)) {
            old = modelDir.resolveSibling("." + modelDir.getFileName() + ".old-" + System.nanoTime());
            Files.move(modelDir, old, StandardCopyOption.ATOMIC_MOVE);
        }
        try {
            Files.move(staging, modelDir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (old != null) {
                Files.move(old, modelDir, StandardCopyOption.ATOMIC_MOVE);
            }
            throw e;
        }
        if (old != null) {
            deleteTree(old);
        }
    }

    /**
     * Deletes a folder and everything in it, if it exists.
     *
     * @param dir the folder
     * @throws IOException if a file cannot be deleted
     */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
