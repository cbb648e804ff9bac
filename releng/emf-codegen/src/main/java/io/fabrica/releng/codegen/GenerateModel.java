package io.fabrica.releng.codegen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.eclipse.emf.codegen.ecore.generator.Generator;
import org.eclipse.emf.codegen.ecore.genmodel.GenModel;
import org.eclipse.emf.codegen.ecore.genmodel.GenModelPackage;
import org.eclipse.emf.codegen.ecore.genmodel.generator.GenBaseGeneratorAdapter;
import org.eclipse.emf.common.util.BasicMonitor;
import org.eclipse.emf.common.util.Diagnostic;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EcorePackage;
import org.eclipse.emf.ecore.plugin.EcorePlugin;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.emf.ecore.resource.impl.ResourceSetImpl;
import org.eclipse.emf.ecore.xmi.impl.EcoreResourceFactoryImpl;
import org.eclipse.emf.ecore.xmi.impl.XMIResourceFactoryImpl;

/**
 * Runs EMF's code generator outside Eclipse for one .genmodel: model code into the model bundle's
 * {@code src-gen/}, item providers into the edit bundle's {@code src-gen/}. The generator writes a
 * complete plug-in project (manifest, plugin.xml, icons) into a scratch folder; only the Java
 * sources (merged by EMF's JMerge, so {@code @generated NOT} members survive), icons, plugin.xml and plugin.properties are copied over, so hand-written manifests stay ours.
 *
 * <p>Arguments: the repository root, then the genmodel path relative to it.
 */
public final class GenerateModel {

    private GenerateModel() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]).toRealPath();
        Path genModelFile = root.resolve(args[1]).toRealPath();
        Path scratch = Files.createTempDirectory("fabrica-emf-codegen");

        ResourceSet resources = new ResourceSetImpl();
        resources.getResourceFactoryRegistry().getExtensionToFactoryMap().put("ecore", new EcoreResourceFactoryImpl());
        resources.getResourceFactoryRegistry().getExtensionToFactoryMap().put("genmodel", new XMIResourceFactoryImpl());
        resources.getPackageRegistry().put(EcorePackage.eNS_URI, EcorePackage.eINSTANCE);
        resources.getPackageRegistry().put(GenModelPackage.eNS_URI, GenModelPackage.eINSTANCE);

        Resource resource = resources.getResource(URI.createFileURI(genModelFile.toString()), true);
        GenModel genModel = (GenModel) resource.getContents().get(0);
        // platform:/resource/<project>/ of the generated paths points into the scratch folder
        for (String project : new String[] {genModel.getModelPluginID(), genModel.getEditPluginID()}) {
            Path dir = Files.createDirectories(scratch.resolve(project));
            // seed with the current sources so that EMF's JMerge keeps members marked @generated NOT
            copyTree(root.resolve("bundles").resolve(project).resolve("src-gen"), dir.resolve("src-gen"));
            EcorePlugin.getPlatformResourceMap().put(project, URI.createFileURI(dir.toString() + "/"));
        }
        // Fill in GenClasses/GenFeatures for every classifier of the .ecore (what the EMF importer does in the
        // IDE), then save the genmodel so the committed file is complete.
        genModel.initialize(genModel.getGenPackages().stream().map(p -> p.getEcorePackage()).toList());
        genModel.reconcile();
        resource.save(java.util.Map.of());
        genModel.setCanGenerate(true);
        Diagnostic status = genModel.diagnose();
        if (status.getSeverity() == Diagnostic.ERROR) {
            throw new IllegalStateException("genmodel is invalid: " + status);
        }

        // Inside Eclipse an extension point registers the generator adapters; standalone we do it
        org.eclipse.emf.codegen.ecore.generator.GeneratorAdapterFactory.Descriptor.Registry.INSTANCE.addDescriptor(
                GenModelPackage.eNS_URI, org.eclipse.emf.codegen.ecore.genmodel.generator.GenModelGeneratorAdapterFactory.DESCRIPTOR);
        Generator generator = new Generator();
        generator.setInput(genModel);
        report("model", generator.generate(genModel, GenBaseGeneratorAdapter.MODEL_PROJECT_TYPE, new BasicMonitor.Printing(System.out)));
        boolean withEdit = Files.isDirectory(root.resolve("bundles").resolve(genModel.getEditPluginID()));
        if (withEdit) { // item providers only for models that have an edit bundle
            report("edit", generator.generate(genModel, GenBaseGeneratorAdapter.EDIT_PROJECT_TYPE, new BasicMonitor.Printing(System.out)));
        }

        copyGenerated(scratch.resolve(genModel.getModelPluginID()), root.resolve("bundles").resolve(genModel.getModelPluginID()));
        if (withEdit) {
            copyGenerated(scratch.resolve(genModel.getEditPluginID()), root.resolve("bundles").resolve(genModel.getEditPluginID()));
        }
        System.out.println("Generated from " + genModelFile + " (scratch " + scratch + ")");
    }

    private static void report(String what, Diagnostic result) {
        if (result.getSeverity() >= Diagnostic.ERROR) {
            throw new IllegalStateException(what + " generation failed: " + result);
        }
    }

    /** Replaces the bundle's src-gen with the generated one and copies icons and plugin.properties. */
    private static void copyGenerated(Path generatedProject, Path bundle) throws IOException {
        Path target = bundle.resolve("src-gen");
        if (Files.exists(target)) {
            try (Stream<Path> old = Files.walk(target)) {
                old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        copyTree(generatedProject.resolve("src-gen"), target);
        copyTree(generatedProject.resolve("icons"), bundle.resolve("icons"));
        for (String file : new String[] {"plugin.properties", "plugin.xml"}) {
            Path generated = generatedProject.resolve(file);
            if (Files.exists(generated)) {
                Files.copy(generated, bundle.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            return;
        }
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path dest = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(file, dest, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
