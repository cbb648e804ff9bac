package io.fabrica.pipeline.resource;

import java.nio.file.Path;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.emf.ecore.util.EcoreUtil;

import io.fabrica.model.resource.PlantFileException;
import io.fabrica.model.resource.PlantFiles;
import io.fabrica.model.resource.PlantResourceFactory;
import io.fabrica.pipeline.Pipeline;
import io.fabrica.pipeline.PipelinePackage;

/**
 * Reads and writes {@code *.pipeline} files: XMI like plant files (stable ids, strict loading,
 * atomic saves, errors naming file and line). A pipeline refers to signals of a plant file by
 * relative href ({@code ../plant/demo.plant#<uuid>}); the plant is loaded into the same resource
 * set on demand.
 */
public final class PipelineFiles {

    /** The file extension of pipelines. */
    public static final String EXTENSION = "pipeline";

    private PipelineFiles() {
    }

    /** @return a resource set that reads pipelines and the plant files they refer to */
    public static ResourceSet newResourceSet() {
        ResourceSet resources = PlantFiles.newResourceSet();
        resources.getPackageRegistry().put(PipelinePackage.eNS_URI, PipelinePackage.eINSTANCE);
        resources.getResourceFactoryRegistry().getExtensionToFactoryMap().put(EXTENSION, new PlantResourceFactory());
        return resources;
    }

    /**
     * Loads a pipeline file and resolves its references into plant files.
     *
     * @param file the {@code .pipeline} file
     * @return its root
     * @throws PlantFileException if the file is missing, malformed or its root is not a Pipeline;
     *         references to missing plant elements are left for validation to report
     */
    public static Pipeline load(Path file) throws PlantFileException {
        ResourceSet resources = newResourceSet();
        EObject root = PlantFiles.loadRoot(file, resources);
        if (!(root instanceof Pipeline pipeline)) {
            throw new PlantFileException(file, 0, "the root element is a " + root.eClass().getName() + ", not a Pipeline", null);
        }
        try {
            EcoreUtil.resolveAll(pipeline);
        } catch (RuntimeException e) {
            // an unreadable plant file: the references stay unresolved and validation names them
        }
        return pipeline;
    }

    /**
     * Saves a pipeline atomically.
     *
     * @param pipeline the pipeline
     * @param file the target file
     * @throws PlantFileException if it cannot be written; the previous file is kept
     */
    public static void save(Pipeline pipeline, Path file) throws PlantFileException {
        PlantFiles.saveRoot(pipeline, file, newResourceSet());
    }
}
