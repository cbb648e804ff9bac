package io.fabrica.model.resource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.emf.ecore.resource.impl.ResourceSetImpl;
import org.eclipse.emf.ecore.xmi.PackageNotFoundException;
import org.xml.sax.SAXParseException;

import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.plant.PlantPackage;

/**
 * Reads and writes {@code *.plant} files. Works with or without the Eclipse extension registry:
 * the resource sets made here register the plant package and the resource factory themselves.
 *
 * <p>Errors: every failure is a {@link PlantFileException} naming the file and, where known, the
 * line. Loading never writes; saving writes a temporary file beside the target and moves it into
 * place, so a crash or a full disk never leaves a half-written plant file.
 */
public final class PlantFiles {

    private PlantFiles() {
    }

    /** @return a resource set that can load and save plant files */
    public static ResourceSet newResourceSet() {
        ResourceSet resources = new ResourceSetImpl();
        resources.getPackageRegistry().put(PlantPackage.eNS_URI, PlantPackage.eINSTANCE);
        resources.getResourceFactoryRegistry().getExtensionToFactoryMap().put(PlantResourceFactory.EXTENSION, new PlantResourceFactory());
        resources.getResourceFactoryRegistry().getExtensionToFactoryMap().put("*", new PlantResourceFactory());
        return resources;
    }

    /**
     * Loads a plant file into a new resource set.
     *
     * @param file the {@code .plant} file
     * @return its root
     * @throws PlantFileException if the file is missing, unreadable, not XML, truncated, has a
     *         foreign namespace or unknown elements, or its root is not an Enterprise
     */
    public static Enterprise load(Path file) throws PlantFileException {
        return load(file, newResourceSet());
    }

    /**
     * Loads a plant file into the given resource set.
     *
     * @param file the {@code .plant} file
     * @param resources the resource set to load into (see {@link #newResourceSet()})
     * @return its root
     * @throws PlantFileException as for {@link #load(Path)}
     */
    public static Enterprise load(Path file, ResourceSet resources) throws PlantFileException {
        EObject root = loadRoot(file, resources);
        if (!(root instanceof Enterprise enterprise)) {
            throw new PlantFileException(file, 0, "the root element is a " + root.eClass().getName() + ", not an Enterprise", null);
        }
        return enterprise;
    }

    /**
     * Loads any Fabrica model file (plant, pipeline, ...) into the given resource set, with the
     * same strictness and error reporting as {@link #load(Path)}.
     *
     * @param file the file
     * @param resources a resource set that knows the file's package (see {@link #newResourceSet()})
     * @return the file's root element
     * @throws PlantFileException naming file and line
     */
    public static EObject loadRoot(Path file, ResourceSet resources) throws PlantFileException {
        if (!Files.isRegularFile(file)) {
            throw new PlantFileException(file, 0, "no such file", null);
        }
        Resource resource = resources.createResource(uriOf(file));
        try {
            resource.load(null);
        } catch (IOException | RuntimeException e) {
            resources.getResources().remove(resource);
            throw describe(file, e);
        }
        if (!resource.getErrors().isEmpty()) { // e.g. unresolved references, which EMF records without throwing
            resources.getResources().remove(resource);
            throw describe(file, new Resource.IOWrappedException((Exception) resource.getErrors().get(0)));
        }
        if (resource.getContents().isEmpty()) {
            throw new PlantFileException(file, 0, "the file holds no model", null);
        }
        return resource.getContents().get(0);
    }

    /**
     * Saves a model to a file: into its own resource if it has none, replacing the file
     * atomically.
     *
     * @param root the model root
     * @param file the target file; its folder must exist
     * @throws PlantFileException if the file cannot be written; the previous content is then kept
     */
    public static void save(Enterprise root, Path file) throws PlantFileException {
        saveRoot(root, file, newResourceSet());
    }

    /**
     * Saves any Fabrica model atomically: into its own resource, or into a new one of the given
     * resource set when it has none.
     *
     * @param root the model root
     * @param file the target file; its folder must exist
     * @param resources used only when the root is in no resource yet
     * @throws PlantFileException if the file cannot be written; the previous content is then kept
     */
    public static void saveRoot(EObject root, Path file, ResourceSet resources) throws PlantFileException {
        Resource resource = root.eResource();
        if (resource == null) {
            resource = resources.createResource(uriOf(file));
            resource.getContents().add(root);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        try {
            resource.save(bytes, null);
            io.fabrica.core.files.AtomicFiles.write(file, bytes.toByteArray());
        } catch (IOException | RuntimeException e) {
            throw new PlantFileException(file, 0, "cannot save: " + e.getMessage(), e);
        }
    }

    /** @return the file URI EMF uses for a path */
    public static URI uriOf(Path file) {
        return URI.createFileURI(file.toAbsolutePath().normalize().toString());
    }

    /** Turns EMF's and the XML parser's errors into one message with the line. */
    private static PlantFileException describe(Path file, Exception failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PackageNotFoundException missing) {
                return new PlantFileException(file, missing.getLine(), "unknown namespace '" + missing.uri()
                        + "': not a Fabrica plant file (expected " + PlantPackage.eNS_URI + ")", failure);
            }
            if (t instanceof SAXParseException sax) {
                String text = String.valueOf(sax.getMessage());
                String what = text.contains("same entity") || text.contains("end of file") || text.contains("must end with")
                        ? "the file is truncated: it ends inside an element (" + text + ")"
                        : "not well-formed XML: " + text;
                return new PlantFileException(file, sax.getLineNumber(), what, failure);
            }
            if (t instanceof Resource.Diagnostic diagnostic) {
                return new PlantFileException(file, diagnostic.getLine(), cleanMessage(diagnostic.getMessage()), failure);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return new PlantFileException(file, 0, "cannot read: " + failure, failure);
    }

    /** EMF appends "(uri, line, column)" to its messages; the file and line are ours to print. */
    private static String cleanMessage(String message) {
        String text = message == null ? "invalid content" : message.replaceAll("\\s*\\((file|platform|archive):[^)]*\\)\\s*$", "");
        if (text.startsWith("Feature '") && text.contains("' not found")) {
            return "unknown element or attribute " + text.substring("Feature ".length(), text.indexOf(" not found"))
                    + ": the file was written by a newer Fabrica or edited by hand";
        }
        if (text.startsWith("Class '") && text.contains("' is not found")) {
            return "unknown element type " + text.substring("Class ".length(), text.indexOf(" is not found"));
        }
        if (text.startsWith("Unresolved reference '")) {
            return "refers to '" + text.substring("Unresolved reference '".length()).replaceAll("'.*$", "")
                    + "', which is not in this file (a deleted connection?); fix or remove the reference";
        }
        return text;
    }
}
