package io.fabrica.model.edit;

import java.nio.file.Path;

import org.eclipse.emf.common.command.BasicCommandStack;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.edit.domain.AdapterFactoryEditingDomain;
import org.eclipse.emf.edit.provider.ComposedAdapterFactory;
import org.eclipse.emf.edit.provider.ReflectiveItemProviderAdapterFactory;
import org.eclipse.emf.edit.provider.resource.ResourceItemProviderAdapterFactory;

import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.plant.provider.PlantItemProviderAdapterFactory;
import io.fabrica.model.resource.PlantFileException;
import io.fabrica.model.resource.PlantFiles;

/**
 * Creates editing domains for plant models: a command stack (undo/redo), the plant item
 * providers (labels, children, properties, create-child descriptors) and a resource set that
 * reads and writes {@code *.plant} files. Every change to a model goes through a command executed
 * on the domain's command stack (see {@link PlantCommands}); nothing edits a model directly.
 * Headless: the workbench editor, the CLI and tests use the same domain.
 */
public final class PlantEditing {

    private PlantEditing() {
    }

    /** @return the adapter factory that serves the plant item providers (dispose it with the domain's owner) */
    public static ComposedAdapterFactory newAdapterFactory() {
        ComposedAdapterFactory factory = new ComposedAdapterFactory(ComposedAdapterFactory.Descriptor.Registry.INSTANCE);
        factory.addAdapterFactory(new ResourceItemProviderAdapterFactory());
        factory.addAdapterFactory(new PlantItemProviderAdapterFactory());
        factory.addAdapterFactory(new ReflectiveItemProviderAdapterFactory());
        return factory;
    }

    /** @return a new editing domain with an empty command stack and a plant-file resource set */
    public static AdapterFactoryEditingDomain newEditingDomain() {
        return new AdapterFactoryEditingDomain(newAdapterFactory(), new BasicCommandStack(), PlantFiles.newResourceSet());
    }

    /**
     * Loads a plant file into a new editing domain.
     *
     * @param file the {@code .plant} file
     * @return the domain; its resource set holds the file's resource
     * @throws PlantFileException if the file cannot be read (see {@link PlantFiles#load(Path)})
     */
    public static AdapterFactoryEditingDomain open(Path file) throws PlantFileException {
        AdapterFactoryEditingDomain domain = newEditingDomain();
        PlantFiles.load(file, domain.getResourceSet());
        return domain;
    }

    /**
     * @param domain a domain made here
     * @return the Enterprise of its first resource
     * @throws IllegalStateException if the domain holds no plant model
     */
    public static Enterprise root(AdapterFactoryEditingDomain domain) {
        for (Resource resource : domain.getResourceSet().getResources()) {
            if (!resource.getContents().isEmpty() && resource.getContents().get(0) instanceof Enterprise enterprise) {
                return enterprise;
            }
        }
        throw new IllegalStateException("the editing domain holds no plant model");
    }

    /**
     * Saves the domain's plant model and marks the command stack saved (not dirty).
     *
     * @param domain a domain made here
     * @param file where to save
     * @throws PlantFileException if the file cannot be written; the previous file is kept
     */
    public static void save(AdapterFactoryEditingDomain domain, Path file) throws PlantFileException {
        PlantFiles.save(root(domain), file);
        ((BasicCommandStack) domain.getCommandStack()).saveIsDone();
    }
}
