package io.fabrica.deploy.core;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature.Setting;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.util.EcoreUtil;

import io.fabrica.model.plant.Address;
import io.fabrica.model.plant.DeviceAddress;
import io.fabrica.model.plant.OpcUaNodeAddress;
import io.fabrica.model.plant.Signal;
import io.fabrica.model.plant.SignalBinding;
import io.fabrica.core.files.AtomicFiles;
import io.fabrica.model.resource.ElementPaths;
import io.fabrica.model.resource.PlantFileException;
import io.fabrica.model.resource.PlantFiles;
import io.fabrica.pipeline.AnomalyStage;
import io.fabrica.pipeline.ModelStage;
import io.fabrica.pipeline.Pipeline;
import io.fabrica.pipeline.SignalSource;
import io.fabrica.pipeline.resource.PipelineFiles;
import io.fabrica.pipeline.validation.PipelinePaths;

/**
 * Builds a deployment package ({@code *.fpkg}, a zip) from a trained pipeline ({@code fabrica package}).
 *
 * <p>Layout: {@code manifest.json}, {@code manifest.sig} (when signed), {@code pipeline/<name>.pipeline},
 * the model files at their paths relative to the pipeline under {@code pipeline/} (with each model's
 * companions: {@code model.json}, {@code *.params}, {@code golden.json}, external data), and {@code plant/<plant file>} for every plant file
 * the pipeline refers to. The packaged pipeline refers to the packaged plant ({@code ../plant/demo.plant#id}),
 * so the package is self-contained. Entries are in a fixed order with fixed timestamps.
 *
 * <p>The package file is written atomically: it is either the complete new package or the previous
 * content (or absent), never half-written. The input files are not modified.
 */
public final class PackageBuilder {

    /** The folder of the pipeline and its model files inside a package. */
    public static final String PIPELINE_FOLDER = "pipeline/";

    /** The folder of the plant files inside a package. */
    public static final String PLANT_FOLDER = "plant/";

    /** The file extension of packages. */
    public static final String EXTENSION = "fpkg";

    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

    private PackageBuilder() {
    }

    /**
     * Builds a package.
     *
     * @param trainedPipelineFile a trained pipeline (every model stage names an existing model file)
     * @param outputFpkg the package file to write (replaced if it exists)
     * @param keyOrNull the Ed25519 key to sign the manifest with; {@code null} for an unsigned package
     * @param tier the target tier, e.g. {@code edge}; {@code null} for none
     * @param latencyP99Micros the measured p99 latency, {@code NaN} if unknown
     * @return the manifest written into the package
     * @throws PackageException naming the file and problem if the pipeline cannot be loaded, refers to
     *         elements that cannot be resolved, is not trained, two files would get the same entry, the
     *         package would exceed {@link DeploymentPackage#MAX_TOTAL_BYTES}, or a file cannot be read or
     *         written; the output is then unchanged
     */
    public static PackageManifest build(Path trainedPipelineFile, Path outputFpkg, PrivateKey keyOrNull, String tier, double latencyP99Micros)
            throws PackageException {
        Path pipelineFile = trainedPipelineFile.toAbsolutePath().normalize();
        Pipeline pipeline = load(pipelineFile);
        requireResolved(pipeline, pipelineFile);
        Map<String, Path> models = modelFiles(pipeline, pipelineFile);
        Path staging;
        try {
            staging = Files.createTempDirectory("fabrica-package-");
        } catch (IOException e) {
            throw new PackageException("cannot create a staging folder for " + outputFpkg + ": " + e.getMessage(), e);
        }
        try {
            Map<String, Path> files = stage(pipeline, pipelineFile, staging);
            addAll(files, models, pipelineFile);
            Map<String, byte[]> contents = read(files, pipelineFile);
            PackageManifest manifest = manifest(pipeline, contents, keyOrNull, tier, latencyP99Micros);
            write(outputFpkg, zip(manifest, keyOrNull, contents));
            return manifest;
        } finally {
            try {
                FileTrees.delete(staging);
            } catch (IOException ignored) {
                // a leftover in the temp folder does no harm; the package is complete or absent
            }
        }
    }

    private static Pipeline load(Path file) throws PackageException {
        try {
            return PipelineFiles.load(file);
        } catch (PlantFileException e) {
            throw new PackageException(e.getMessage(), e);
        }
    }

    /** A package must be self-contained: every reference out of the pipeline must lead into a plant file we can pack. */
    private static void requireResolved(Pipeline pipeline, Path file) throws PackageException {
        Map<EObject, Collection<Setting>> proxies = EcoreUtil.ProxyCrossReferencer.find(pipeline);
        for (Map.Entry<EObject, Collection<Setting>> proxy : proxies.entrySet()) {
            EObject user = proxy.getValue().iterator().next().getEObject();
            throw new PackageException(file + ": " + PipelinePaths.of(user) + " refers to " + EcoreUtil.getURI(proxy.getKey())
                    + ", which cannot be resolved (plant file missing or element deleted?); fix the pipeline before packaging");
        }
    }

    /**
     * A stage that runs a model file: a model stage, or an anomaly stage (its features, memory bank and
     * nearest-neighbour search are one ONNX file).
     *
     * @param stage the stage
     * @param kind how messages name it
     * @param modelFile its model file as the pipeline says
     * @param setModelFile rewrites it when the model is moved into the package
     */
    private record ModelRef(EObject stage, String kind, String modelFile, java.util.function.Consumer<String> setModelFile) {
    }

    private static List<ModelRef> modelRefs(Pipeline pipeline) {
        List<ModelRef> refs = new java.util.ArrayList<>();
        for (ModelStage stage : stages(pipeline, ModelStage.class)) {
            refs.add(new ModelRef(stage, "model stage", stage.getModelFile(), stage::setModelFile));
        }
        for (AnomalyStage stage : stages(pipeline, AnomalyStage.class)) {
            refs.add(new ModelRef(stage, "anomaly stage", stage.getModelFile(), stage::setModelFile));
        }
        return refs;
    }

    /** @return entry name → model file, its card and its parameter files; refuses an untrained pipeline */
    private static Map<String, Path> modelFiles(Pipeline pipeline, Path pipelineFile) throws PackageException {
        Map<String, Path> files = new TreeMap<>();
        for (ModelRef stage : modelRefs(pipeline)) {
            String modelFile = stage.modelFile();
            if (modelFile == null || modelFile.isBlank()) {
                throw new PackageException(pipelineFile + ": " + stage.kind() + " " + PipelinePaths.of(stage.stage())
                        + " has no model file: the pipeline is not trained; run fabrica train and package the trained pipeline it writes");
            }
            Path model = pipelineFile.getParent().resolve(modelFile).normalize();
            if (!Files.isRegularFile(model)) {
                throw new PackageException(pipelineFile + ": " + stage.kind() + " " + PipelinePaths.of(stage.stage()) + " refers to " + model
                        + ", which does not exist; train the pipeline again or fix its model file");
            }
            String folder = PIPELINE_FOLDER + entryFolder(pipelineFile.getParent(), model, stage, modelFile);
            put(files, folder + model.getFileName(), model, pipelineFile);
            for (Map.Entry<String, Path> companion : ModelCompanions.of(model).entrySet()) {
                put(files, folder + companion.getKey(), companion.getValue(), pipelineFile);
            }
        }
        return files;
    }

    /**
     * Where a model goes below {@code pipeline/}: at its relative path if it lies below the pipeline's
     * folder, else directly in {@code pipeline/} with the stage's model file rewritten to match.
     */
    private static String entryFolder(Path pipelineDir, Path model, ModelRef stage, String modelFile) {
        if (!Path.of(modelFile).isAbsolute() && model.startsWith(pipelineDir)) {
            Path relative = pipelineDir.relativize(model.getParent());
            return relative.toString().isEmpty() ? "" : relative.toString().replace('\\', '/') + "/";
        }
        stage.setModelFile().accept(model.getFileName().toString());
        return "";
    }

    /**
     * Saves the pipeline and its plant files into the staging folder in package layout. Moving the
     * resources before saving makes EMF write the pipeline's hrefs relative to the new plant location.
     *
     * @return entry name → staged file
     */
    private static Map<String, Path> stage(Pipeline pipeline, Path pipelineFile, Path staging) throws PackageException {
        Resource pipelineResource = pipeline.eResource();
        Map<Resource, String> plants = plantEntries(pipelineResource, pipelineFile);
        String pipelineEntry = PIPELINE_FOLDER + pipelineFile.getFileName();
        pipelineResource.setURI(PlantFiles.uriOf(staging.resolve(pipelineEntry)));
        plants.forEach((resource, entry) -> resource.setURI(PlantFiles.uriOf(staging.resolve(entry))));
        Map<String, Path> files = new TreeMap<>();
        try {
            for (Map.Entry<Resource, String> plant : plants.entrySet()) {
                Path target = staging.resolve(plant.getValue());
                PlantFiles.saveRoot(plant.getKey().getContents().get(0), target, plant.getKey().getResourceSet());
                files.put(plant.getValue(), target);
            }
            PipelineFiles.save(pipeline, staging.resolve(pipelineEntry));
        } catch (PlantFileException e) {
            throw new PackageException("cannot stage " + pipelineFile + " for packaging: " + e.getMessage(), e);
        }
        files.put(pipelineEntry, staging.resolve(pipelineEntry));
        return files;
    }

    /** @return every loaded plant resource with its entry name; plant files of the same name would overwrite each other */
    private static Map<Resource, String> plantEntries(Resource pipelineResource, Path pipelineFile) throws PackageException {
        Map<Resource, String> plants = new LinkedHashMap<>();
        Map<String, Path> seen = new TreeMap<>();
        for (Resource resource : pipelineResource.getResourceSet().getResources()) {
            if (resource != pipelineResource && !resource.getContents().isEmpty()) {
                if (!resource.getURI().isFile()) {
                    throw new PackageException(pipelineFile + ": refers to " + resource.getURI() + ", which is not a file; only plant files can be packaged");
                }
                String entry = PLANT_FOLDER + resource.getURI().lastSegment();
                put(seen, entry, Path.of(resource.getURI().toFileString()), pipelineFile);
                plants.put(resource, entry);
            }
        }
        return plants;
    }

    private static void addAll(Map<String, Path> files, Map<String, Path> more, Path pipelineFile) throws PackageException {
        for (Map.Entry<String, Path> file : more.entrySet()) {
            put(files, file.getKey(), file.getValue(), pipelineFile);
        }
    }

    /** Adds an entry; two different files under one entry name would silently lose one of them. */
    private static void put(Map<String, Path> files, String entry, Path file, Path pipelineFile) throws PackageException {
        Path previous = files.putIfAbsent(entry, file);
        if (previous != null && !previous.equals(file)) {
            throw new PackageException(pipelineFile + ": both " + previous + " and " + file + " would be packaged as '" + entry
                    + "'; rename one of them");
        }
    }

    /** Reads every file once, so the hash in the manifest is of exactly the bytes zipped. */
    private static Map<String, byte[]> read(Map<String, Path> files, Path pipelineFile) throws PackageException {
        Map<String, byte[]> contents = new TreeMap<>();
        long total = 0;
        for (Map.Entry<String, Path> file : files.entrySet()) {
            try {
                total += Files.size(file.getValue());
                if (total > DeploymentPackage.MAX_TOTAL_BYTES) {
                    throw new PackageException(pipelineFile + ": the package would exceed " + (DeploymentPackage.MAX_TOTAL_BYTES >> 20)
                            + " MB, more than a runtime accepts");
                }
                contents.put(file.getKey(), Files.readAllBytes(file.getValue()));
            } catch (IOException e) {
                throw new PackageException(file.getValue() + ": cannot read it for packaging: " + e.getMessage(), e);
            }
        }
        return contents;
    }

    private static PackageManifest manifest(Pipeline pipeline, Map<String, byte[]> contents, PrivateKey key, String tier, double latency)
            throws PackageException {
        Map<String, String> hashes = new TreeMap<>();
        contents.forEach((entry, bytes) -> hashes.put(entry, Keys.sha256Hex(bytes)));
        Set<String> engines = new TreeSet<>();
        for (ModelStage stage : stages(pipeline, ModelStage.class)) {
            engines.add(stage.getEngine().getLiteral());
        }
        if (!stages(pipeline, AnomalyStage.class).isEmpty()) {
            engines.add(io.fabrica.pipeline.Engine.ONNX_RUNTIME.getLiteral()); // the anomaly model runs in ONNX Runtime
        }
        String signer = key == null ? "" : Keys.fingerprint(Keys.publicKeyOf(key));
        return new PackageManifest(PackageManifest.FORMAT, pipeline.getId(), pipeline.getName(), pipeline.getVersion(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), hashes, signals(pipeline), engines, tier, latency, signer);
    }

    /** @return the signals the pipeline's sources read, each once, in stage order */
    static List<RequiredSignal> signals(Pipeline pipeline) {
        Map<String, RequiredSignal> signals = new LinkedHashMap<>();
        for (SignalSource source : stages(pipeline, SignalSource.class)) {
            Signal signal = source.getSignal();
            if (signal != null) {
                RequiredSignal required = required(signal);
                signals.putIfAbsent(required.path(), required);
            }
        }
        return List.copyOf(signals.values());
    }

    private static RequiredSignal required(Signal signal) {
        SignalBinding binding = signal.getBinding();
        String endpoint = binding == null || binding.getConnection() == null ? "" : binding.getConnection().getEndpoint();
        String address = binding == null ? "" : addressText(binding.getAddress());
        return new RequiredSignal(ElementPaths.pathOf(signal), signal.getDataType().getLiteral(), signal.getUnit(), endpoint, address);
    }

    /** @return an OPC UA node as an expanded node id ({@code nsu=...;s=...}), a device address as its text */
    static String addressText(Address address) {
        if (address instanceof OpcUaNodeAddress node) {
            return "nsu=" + node.getNamespaceUri() + ";" + node.getIdentifierType().getLiteral() + "=" + node.getIdentifier();
        }
        if (address instanceof DeviceAddress device) {
            return device.getAddress() == null ? "" : device.getAddress();
        }
        return "";
    }

    private static <T> List<T> stages(Pipeline pipeline, Class<T> type) {
        return pipeline.getStages().stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** @return the zip: manifest, signature, then the entries by name */
    private static byte[] zip(PackageManifest manifest, PrivateKey key, Map<String, byte[]> contents) throws PackageException {
        byte[] json = manifest.toJson();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            putEntry(zip, PackageManifest.FILE, json);
            if (key != null) {
                putEntry(zip, PackageManifest.SIGNATURE_FILE, Keys.sign(key, json));
            }
            for (Map.Entry<String, byte[]> entry : contents.entrySet()) {
                putEntry(zip, entry.getKey(), entry.getValue());
            }
        } catch (IOException e) {
            throw new PackageException("cannot compress the package: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    private static void putEntry(ZipOutputStream zip, String name, byte[] content) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setTimeLocal(ENTRY_TIME); // the same inputs give the same entries, whatever the clock or time zone
        zip.putNextEntry(entry);
        zip.write(content);
        zip.closeEntry();
    }

    private static void write(Path output, byte[] zip) throws PackageException {
        try {
            AtomicFiles.write(output, zip);
        } catch (IOException e) {
            throw new PackageException(output + ": cannot write the package: " + e.getMessage(), e);
        }
    }
}
