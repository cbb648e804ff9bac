package com.example.fabrica.controller.tests;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import io.fabrica.deploy.core.PackageBuilder;
import io.fabrica.model.plant.Area;
import io.fabrica.model.plant.DataType;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.plant.Equipment;
import io.fabrica.model.plant.Line;
import io.fabrica.model.plant.PlantFactory;
import io.fabrica.model.plant.Signal;
import io.fabrica.model.plant.Site;
import io.fabrica.model.resource.PlantFiles;
import io.fabrica.pipeline.Feature;
import io.fabrica.pipeline.FeatureStage;
import io.fabrica.pipeline.ModelStage;
import io.fabrica.pipeline.NormalizeStage;
import io.fabrica.pipeline.PortType;
import io.fabrica.pipeline.SignalSource;
import io.fabrica.pipeline.djl.onnx.OnnxGraphBuilder;
import io.fabrica.pipeline.engine.ModelCard;
import io.fabrica.pipeline.resource.PipelineBuilder;
import io.fabrica.pipeline.resource.PipelineFiles;

/**
 * Real signed packages, built the way {@code fabrica package} builds them ({@link PackageBuilder}) from a
 * trained pipeline: a press's vibration signal, three features (rms, peak, kurtosis), standardised,
 * into a small autoencoder-like ONNX model written with Fabrica's ONNX graph builder (squared error per
 * feature), with the model card training writes. And zip surgery for tampering.
 */
final class SignedPackages {

    /** The pipeline's name, and its IEC identifier the export is named by. */
    static final String NAME = "Press Monitor";
    static final String IDENTIFIER = "Press_Monitor";

    /** The id of the press pipeline: every version of it has this id. */
    static final String PIPELINE_ID = "6f1c1f2e-4a5b-4c3d-9e8f-0123456789ab";

    /** The model's input names, as training writes them into the card. */
    static final List<String> FEATURES = List.of("Vibration.rms", "Vibration.peak", "Vibration.kurtosis");

    private SignedPackages() {
    }

    /**
     * Builds a signed package of the trained press pipeline.
     *
     * @param project a folder for the plant, pipeline and model files
     * @param version the pipeline version
     * @param signer the key to sign with
     * @return the package file
     */
    static Path build(Path project, String version, KeyPair signer) throws Exception {
        return build(project, version, signer, PIPELINE_ID);
    }

    /**
     * Builds a signed package of a pipeline named like the press pipeline.
     *
     * @param project a folder for the plant, pipeline and model files
     * @param version the pipeline version
     * @param signer the key to sign with
     * @param pipelineId the pipeline's id
     * @return the package file
     */
    static Path build(Path project, String version, KeyPair signer, String pipelineId) throws Exception {
        Signal vibration = plant(project.resolve("press.plant"));
        PipelineBuilder b = new PipelineBuilder(NAME);
        b.pipeline().setVersion(version);
        b.pipeline().setId(pipelineId);
        SignalSource source = b.source("Vibration", vibration);
        FeatureStage features = b.features("Features", 1024, 0, Feature.RMS, Feature.PEAK, Feature.KURTOSIS);
        NormalizeStage normalize = b.normalize("Normalize", PortType.VECTOR, 3);
        normalize.getMeans().addAll(List.of(0.5, 1.5, 3.0));
        normalize.getDeviations().addAll(List.of(0.25, 0.5, 1.0));
        ModelStage model = b.model("Model", 3, 3);
        model.getInputShape().add(3);
        model.getOutputShape().add(3);
        model.setModelFile("model.onnx");
        b.connect(source, features).connect(features, normalize).connect(normalize, model);

        Path models = project.resolve("models/press-" + version);
        Files.createDirectories(models);
        Files.write(models.resolve("model.onnx"), onnxModel());
        new ModelCard("AUTOENCODER", "model.onnx", "model-0000.params", new int[] {3}, new int[] {3}, FEATURES, List.of("normal", "anomaly"),
                null, 0.8, Map.of("seed", 7)).write(models.resolve(ModelCard.FILE));
        Path pipelineFile = models.resolve("press.pipeline");
        PipelineFiles.save(b.pipeline(), pipelineFile);
        Path out = project.resolve("press-" + version + ".fpkg");
        PackageBuilder.build(pipelineFile, out, signer.getPrivate(), "edge", Double.NaN);
        return out;
    }

    /** @return the bytes of a model computing {@code (0.5 x)^2} per feature: an "error" of the right shape */
    static byte[] onnxModel() {
        float[] w = new float[9];
        for (int i = 0; i < 3; i++) {
            w[i * 3 + i] = 0.5f;
        }
        return new OnnxGraphBuilder("press").input("input", -1, 3).initializer("W", w, 3, 3)
                .node("MatMul", List.of("input", "W"), List.of("scaled")).node("Mul", List.of("scaled", "scaled"), List.of("error"))
                .output("error", -1, 3).toBytes();
    }

    private static Signal plant(Path file) throws Exception {
        PlantFactory f = PlantFactory.eINSTANCE;
        Enterprise enterprise = f.createEnterprise();
        enterprise.setName("Example Corp");
        Site site = f.createSite();
        site.setName("Plant 1");
        Area area = f.createArea();
        area.setName("Forming");
        Line line = f.createLine();
        line.setName("Press line");
        Equipment press = f.createEquipment();
        press.setName("Press");
        Signal vibration = f.createSignal();
        vibration.setName("Vibration");
        vibration.setDataType(DataType.NUMBER_ARRAY);
        vibration.setArrayLength(1024);
        vibration.setUnit("m/s²");
        vibration.setSamplingInterval(100);
        enterprise.getSites().add(site);
        site.getAreas().add(area);
        area.getLines().add(line);
        line.getEquipment().add(press);
        press.getSignals().add(vibration);
        PlantFiles.save(enterprise, file);
        return vibration;
    }

    /** @return the entries of a zip in order */
    static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    /** @return a zip of the entries in order */
    static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(entry.getKey()));
                out.write(entry.getValue());
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
