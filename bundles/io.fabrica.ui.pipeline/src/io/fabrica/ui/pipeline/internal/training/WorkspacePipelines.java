package io.fabrica.ui.pipeline.internal.training;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.eclipse.core.resources.IContainer;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.Adapters;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.ui.IEditorInput;

/**
 * Finds pipelines and recorded datasets in the workspace for the training and evaluation views. Reads the
 * workspace tree only (no file contents); call it on the UI thread or any other. Errors while walking a
 * project (closed meanwhile) leave that project out instead of failing.
 */
public final class WorkspacePipelines {

    /** File extension of pipelines. */
    public static final String EXTENSION = "pipeline";

    /** The file whose presence marks a complete recorded dataset. */
    public static final String DATASET_MANIFEST = "dataset.json";

    private WorkspacePipelines() {
    }

    /** @return every pipeline file of the open projects, sorted by workspace path */
    public static List<IFile> all() {
        List<IFile> found = new ArrayList<>();
        for (IProject project : ResourcesPlugin.getWorkspace().getRoot().getProjects()) {
            if (!project.isOpen()) {
                continue;
            }
            try {
                project.accept(resource -> {
                    if (resource instanceof IFile file && isPipeline(file)) {
                        found.add(file);
                    }
                    return !resource.getName().startsWith(".") || resource == project;
                });
            } catch (CoreException closedMeanwhile) {
                // the project went away while we walked it: it has no pipelines to offer
            }
        }
        found.sort(Comparator.comparing(f -> f.getFullPath().toString()));
        return found;
    }

    /** @return whether the file is a pipeline by its extension */
    public static boolean isPipeline(IFile file) {
        return file != null && EXTENSION.equals(file.getFileExtension());
    }

    /** @return the pipeline file a selection points at (first element, adapted), or null */
    public static IFile of(ISelection selection) {
        if (selection instanceof IStructuredSelection structured && !structured.isEmpty()) {
            IFile file = Adapters.adapt(structured.getFirstElement(), IFile.class);
            return isPipeline(file) ? file : null;
        }
        return null;
    }

    /** @return the pipeline file an editor edits, or null */
    public static IFile of(IEditorInput input) {
        IFile file = input == null ? null : Adapters.adapt(input, IFile.class);
        return isPipeline(file) ? file : null;
    }

    /**
     * A recorded dataset to propose for a pipeline: the first folder of its project that holds a
     * {@value #DATASET_MANIFEST}, in workspace order.
     *
     * @param pipeline the pipeline
     * @return the dataset folder on disk, or null if the project has none
     */
    public static Path datasetNear(IFile pipeline) {
        IProject project = pipeline.getProject();
        List<IContainer> datasets = new ArrayList<>();
        try {
            project.accept(resource -> {
                if (!datasets.isEmpty()) {
                    return false;
                }
                if (resource instanceof IContainer folder && folder.getType() == IResource.FOLDER
                        && folder.getFile(org.eclipse.core.runtime.Path.fromPortableString(DATASET_MANIFEST)).exists()) {
                    datasets.add(folder);
                    return false;
                }
                return resource.getType() != IResource.FILE && !resource.getName().startsWith(".") || resource == project;
            });
        } catch (CoreException closedMeanwhile) {
            return null;
        }
        return datasets.isEmpty() || datasets.get(0).getLocation() == null ? null : datasets.get(0).getLocation().toFile().toPath();
    }

    /**
     * Where training writes the model of a pipeline, as the command line does by default: {@code
     * models/<name>} beside the pipeline.
     *
     * @param pipeline the pipeline to train
     * @return the model folder (a workspace handle; it may not exist yet)
     */
    public static IContainer modelFolder(IFile pipeline) {
        String stem = pipeline.getFullPath().removeFileExtension().lastSegment();
        return pipeline.getParent().getFolder(new org.eclipse.core.runtime.Path("models").append(stem));
    }
}
