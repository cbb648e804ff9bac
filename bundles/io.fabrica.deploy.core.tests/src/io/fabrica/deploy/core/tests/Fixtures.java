package io.fabrica.deploy.core.tests;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import io.fabrica.examples.Examples;
import io.fabrica.model.resource.PlantFiles;
import io.fabrica.pipeline.ModelStage;
import io.fabrica.pipeline.Pipeline;
import io.fabrica.pipeline.engine.ModelCard;
import io.fabrica.pipeline.resource.PipelineFiles;

/**
 * Trained pipelines without DJL: the demo PdM pipeline with placeholder model files, saved into a
 * model folder the way {@code fabrica train} does; and zip surgery for tampering tests.
 */
final class Fixtures {

    /** The id of the demo PdM pipeline. */
    static final String PDM_ID = "ed9c086b-bec3-4919-9e3f-fc7a9b50d1bc";

    private Fixtures() {
    }

    /**
     * Makes {@code project/models/pdm/pdm.pipeline} a trained copy of the demo PdM pipeline, copying
     * the demo project into {@code project} first if it is not there.
     *
     * @param project the project folder
     * @param version the pipeline version to set
     * @param model the bytes of the placeholder {@code model.onnx}
     * @return the trained pipeline file
     */
    static Path trained(Path project, String version, byte[] model) throws Exception {
        if (!Files.exists(project.resolve("demo.plant"))) {
            Examples.copyDemoProject(project);
        }
        Pipeline pipeline = PipelineFiles.load(project.resolve("pdm.pipeline"));
        pipeline.setVersion(version);
        modelStage(pipeline).setModelFile("model.onnx");
        Path modelDir = project.resolve("models/pdm");
        Files.createDirectories(modelDir);
        Files.write(modelDir.resolve("model.onnx"), model);
        new ModelCard("AUTOENCODER", "model.onnx", "model-0000.params", new int[] {15}, new int[] {15}, List.of(), List.of("normal", "anomaly"),
                null, 0.25, Map.of("seed", 7)).write(modelDir.resolve(ModelCard.FILE));
        Files.write(modelDir.resolve("model-0000.params"), new byte[] {1, 2, 3, 4, 5});
        Path file = modelDir.resolve("pdm.pipeline");
        pipeline.eResource().setURI(PlantFiles.uriOf(file)); // re-relativizes the plant hrefs, as training does
        PipelineFiles.save(pipeline, file);
        return file;
    }

    /** @return the trained demo PdM pipeline with version 1 and a small model */
    static Path trainedPdm(Path project) throws Exception {
        return trained(project, "1", "onnx placeholder v1".getBytes());
    }

    static ModelStage modelStage(Pipeline pipeline) {
        return pipeline.getStages().stream().filter(ModelStage.class::isInstance).map(ModelStage.class::cast).findFirst().orElseThrow();
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
