package io.fabrica.ui.pipeline.internal.designer;

import java.nio.file.Path;
import org.eclipse.emf.common.command.BasicCommandStack;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.emf.edit.domain.AdapterFactoryEditingDomain;
import org.eclipse.emf.edit.provider.ComposedAdapterFactory;
import org.eclipse.emf.edit.provider.ReflectiveItemProviderAdapterFactory;
import org.eclipse.emf.edit.provider.resource.ResourceItemProviderAdapterFactory;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.PartInitException;
import io.fabrica.model.resource.PlantFileException;
import io.fabrica.model.resource.PlantFiles;
import io.fabrica.pipeline.Pipeline;
import io.fabrica.pipeline.Port;
import io.fabrica.pipeline.Stage;
import io.fabrica.pipeline.resource.PipelineFiles;
import io.fabrica.ui.EditorFiles;

/**
 * The pipeline file a designer edits: loaded into an EMF editing domain whose command stack every
 * change goes through, and saved in place (atomically, through {@link PlantFiles}).
 */
final class DesignerDocument {
    private final Path file;
    private final ComposedAdapterFactory adapterFactory;
    private final AdapterFactoryEditingDomain domain;
    private final Pipeline pipeline;

    private DesignerDocument(Path file, ComposedAdapterFactory adapterFactory, AdapterFactoryEditingDomain domain, Pipeline pipeline) {
        this.file = file;
        this.adapterFactory = adapterFactory;
        this.domain = domain;
        this.pipeline = pipeline;
    }

    /**
     * @param input the editor's input, a {@code *.pipeline} file
     * @return the loaded document; references to an unreadable plant stay unresolved (validation names them)
     * @throws PartInitException if the input is not a file or does not hold a pipeline
     */
    static DesignerDocument open(IEditorInput input) throws PartInitException {
        Path file = EditorFiles.pathOf(input, "pipeline designer");
        ComposedAdapterFactory factory = new ComposedAdapterFactory(ComposedAdapterFactory.Descriptor.Registry.INSTANCE);
        factory.addAdapterFactory(new ResourceItemProviderAdapterFactory());
        factory.addAdapterFactory(new ReflectiveItemProviderAdapterFactory());
        AdapterFactoryEditingDomain domain = new AdapterFactoryEditingDomain(factory, new BasicCommandStack(), PipelineFiles.newResourceSet());
        Pipeline pipeline = load(file, input.getName(), domain);
        try {
            EcoreUtil.resolveAll(pipeline);
        } catch (RuntimeException e) {
            // an unreadable plant file: references stay unresolved and validation names them
        }
        return new DesignerDocument(file, factory, domain, pipeline);
    }

    private static Pipeline load(Path file, String name, AdapterFactoryEditingDomain domain) throws PartInitException {
        try {
            EObject root = PlantFiles.loadRoot(file, domain.getResourceSet());
            if (!(root instanceof Pipeline p)) {
                throw new PartInitException(name + " holds a " + root.eClass().getName() + ", not a pipeline");
            }
            return p;
        } catch (PlantFileException e) {
            throw new PartInitException(e.getMessage(), e);
        }
    }

    Path file() {
        return file;
    }

    /** @return the folder of the file, against which the pipeline's relative paths resolve */
    Path folder() {
        return file.toAbsolutePath().getParent();
    }

    AdapterFactoryEditingDomain domain() {
        return domain;
    }

    Pipeline pipeline() {
        return pipeline;
    }

    /** Writes the file and marks the command stack saved. */
    void save() throws PlantFileException {
        PlantFiles.saveRoot(pipeline, file, domain.getResourceSet());
        ((BasicCommandStack) domain.getCommandStack()).saveIsDone();
    }

    boolean isDirty() {
        return ((BasicCommandStack) domain.getCommandStack()).isSaveNeeded();
    }

    /** @return the stage with this id, or {@code null} */
    Stage stageById(String id) {
        return id == null ? null : pipeline.getStages().stream().filter(s -> id.equals(s.getId())).findFirst().orElse(null);
    }

    /** @return the stage with this name, or {@code null} */
    Stage stage(String name) {
        return pipeline.getStages().stream().filter(s -> name.equals(s.getName())).findFirst().orElse(null);
    }

    /** @return the port of a stage by name, or {@code null} */
    Port port(String stageName, String portName) {
        Stage s = stage(stageName);
        return s == null ? null : s.getPorts().stream().filter(p -> portName.equals(p.getName())).findFirst().orElse(null);
    }

    void dispose() {
        adapterFactory.dispose();
    }
}
