package io.fabrica.pipeline.djl.tests.pipelines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import io.fabrica.devices.api.ConnectionSpec;
import io.fabrica.devices.api.DeviceSession;
import io.fabrica.devices.core.Recorder;
import io.fabrica.devices.opcua.internal.OpcUaDriver;
import io.fabrica.devices.sim.SimulatedPlant;
import io.fabrica.devices.sim.generators.Scenario;
import io.fabrica.examples.Examples;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.resource.PlantFiles;
import io.fabrica.pipeline.api.ModelLoadException;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.djl.PipelineTraining;
import io.fabrica.pipeline.djl.internal.OnnxRuntimeInferenceEngine;
import io.fabrica.pipeline.djl.training.TrainingOptions;
import io.fabrica.pipeline.djl.training.TrainingProgress;
import io.fabrica.pipeline.engine.ModelCard;
import io.fabrica.pipeline.engine.PipelineEngine;
import io.fabrica.pipeline.engine.PipelineEvaluation;
import io.fabrica.pipeline.engine.ReplayProgress;
import io.fabrica.pipeline.evaluation.EvaluationReport;

/**
 * The two demo pipelines end to end on data recorded from the simulated plant over OPC UA (loopback):
 * 20 s healthy, then an outer-race bearing fault ramping up, and parts of which 60 % have a defect. The
 * autoencoder trains on the healthy windows only, so the fault windows it is evaluated on were never
 * seen in training; the CNN is evaluated on its own recording (too few images for a second one in a
 * unit test: the CI product run evaluates both on a separate recording).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoPipelinesTest {

    private static final String SCENARIO = "0s normal\n20s bearing-outer-race 5s\n";

    @TempDir
    static Path project;

    private Path dataset;
    private Path models;
    private PipelineEngine engine;
    private PipelineTraining.Trained trained;
    private PipelineTraining.Trained inspection;

    @BeforeAll
    void recordAndTrain() throws Exception {
        Enterprise plant = PlantFiles.load(Examples.copyDemoProject(project));
        dataset = project.resolve("recording");
        try (SimulatedPlant sim = SimulatedPlant.start(plant, new SimulatedPlant.Options("127.0.0.1", freePort(), 42, Scenario.parse(SCENARIO), 0.6));
                DeviceSession session = new OpcUaDriver().connect(ConnectionSpec.anonymous(sim.endpointUrl())).get(20, TimeUnit.SECONDS)) {
            Recorder.record(session, plant, new Recorder.Options(dataset, Duration.ofSeconds(40), Duration.ofMillis(100)), p -> { }, () -> false);
        }
        engine = new PipelineEngine(List.of(new OnnxRuntimeInferenceEngine()));
        models = project.resolve("models/pdm");
        trained = PipelineTraining.train(engine, project.resolve("pdm.pipeline"), dataset, models, TrainingOptions.defaults().withSeed(7),
                line -> { }, null);
        inspection = PipelineTraining.train(engine, project.resolve("inspection-classes.pipeline"), dataset, project.resolve("models/inspection"),
                TrainingOptions.defaults().withSeed(7), line -> { }, null);
    }

    @Test
    void defectClassesAreLearntByAHeadOnThePretrainedBackbone() throws Exception {
        ModelCard card = inspection.card();
        assertEquals("BACKBONE_CLASSIFIER", card.kind());
        assertEquals(List.of("ok", "scratch", "spot", "dent"), card.classes());
        assertTrue(inspection.result().exportMaxAbsError() < 1e-4, "the head's ONNX export matches PyTorch");
        assertEquals(Boolean.TRUE, card.training().get("classBalanced"));
        Path models = project.resolve("models/inspection");
        for (String file : List.of("backbone.onnx", "head.onnx", "golden.json", "inspection-classes.pipeline")) {
            assertTrue(Files.isRegularFile(models.resolve(file)), file + " written");
        }
        EvaluationReport r = PipelineEvaluation.evaluate(engine, models.resolve("inspection-classes.pipeline"), dataset, null, ReplayProgress.NONE);
        System.out.println("Defect classes on their own recording (80 % of it trained on):\n" + io.fabrica.pipeline.evaluation.ReportWriter.summary(r));
        assertTrue(r.decisions() >= 60, "two images a second: " + r.decisions());
        assertTrue(r.accuracy() > 0.6, "better than calling every part ok (40 %): accuracy " + r.accuracy());
        assertTrue(r.leadTimes().isEmpty(), "separate parts have no fault episodes");
    }

    @Test
    void imageThatDoesNotContainTheCropIsRefusedNamingTheStage() throws Exception {
        Path models = project.resolve("models/inspection");
        var pipeline = io.fabrica.pipeline.resource.PipelineFiles.load(models.resolve("inspection-classes.pipeline"));
        try (var graph = engine.compile(pipeline, models)) {
            var small = new java.awt.image.BufferedImage(320, 200, java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
            PipelineException e = assertThrows(PipelineException.class, () -> graph.sources().get(0).pushImage(small, 1, ""));
            assertTrue(e.getMessage().contains("Part Defect Classes/Part ROI: image 320x200 does not contain the crop 720x720"), e.getMessage());
        }
    }

    @Test
    void trainingWritesACompleteModelFolderWithAFittedThreshold() throws Exception {
        for (String file : List.of("model.onnx", "model.json", "model-0000.params", "pdm.pipeline")) {
            assertTrue(Files.isRegularFile(models.resolve(file)), file + " written");
        }
        ModelCard card = ModelCard.read(models.resolve(ModelCard.FILE));
        assertEquals("AUTOENCODER", card.kind());
        assertArrayEquals(new int[] {15}, card.inputShape(), "13 vibration features + temperature + current");
        assertTrue(card.threshold() > 0, "threshold fitted on the validation scores: " + card.threshold());
        assertTrue(card.inputNames().contains("Vibration.kurtosis") && card.inputNames().contains("Bearing Temperature"), card.inputNames().toString());
        assertTrue(trained.result().exportMaxAbsError() < 1e-4, "the ONNX export matches PyTorch");
        var golden = io.fabrica.pipeline.djl.parity.GoldenSet.read(models.resolve("golden.json"));
        assertEquals(4, golden.samples().size(), "golden inputs from the validation part travel with the model");
        for (var check : io.fabrica.pipeline.djl.parity.ParityGate.checkModel(new OnnxRuntimeInferenceEngine(), models.resolve("model.onnx"), "pdm")) {
            assertTrue(check.passed() && check.samples() == 4, check.describe());
        }
        String pipeline = Files.readString(models.resolve("pdm.pipeline"));
        assertTrue(pipeline.contains("modelFile=\"model.onnx\"") && pipeline.contains("../../demo.plant#"),
                "the trained pipeline refers to its model and, relatively, to the plant");
    }

    @Test
    void evaluationDetectsTheBearingFaultBeforeItEnds() throws Exception {
        Path report = project.resolve("report");
        EvaluationReport r = PipelineEvaluation.evaluate(engine, models.resolve("pdm.pipeline"), dataset, report, ReplayProgress.NONE);
        System.out.println("PdM on its own recording (trained on the healthy part only):\n" + io.fabrica.pipeline.evaluation.ReportWriter.summary(r));
        assertTrue(r.decisions() > 300, "about ten decisions a second: " + r.decisions());
        assertTrue(r.rocAuc() > 0.9, "scores separate the fault from normal operation: AUC " + r.rocAuc());
        assertTrue(r.recall() > 0.7, "most fault windows raise the alarm: recall " + r.recall());
        assertTrue(r.precision() > 0.8, "few false alarms: precision " + r.precision());
        assertEquals(1, r.leadTimes().size(), r.leadTimes().toString());
        assertTrue(r.leadTimes().get(0).firstAlarmMillis() > 0, "the fault episode was detected");
        assertTrue(Files.readString(report.resolve("report.html")).contains("<svg"), "HTML report with charts");
        List<String> log = Files.readAllLines(models.resolve("decisions/pdm.jsonl"));
        assertTrue(log.stream().anyMatch(l -> l.contains("\"positive\":true") && l.contains("\"input\":\"Vibration.")),
                "alarms in the decision log carry the vibration features that drove them");
    }

    @Test
    void cancelledTrainingLeavesThePreviousModelUntouched() throws Exception {
        byte[] before = Files.readAllBytes(models.resolve("model.onnx"));
        TrainingProgress cancelAfterFirstEpoch = new TrainingProgress() {
            private int epochs;

            @Override
            public void epoch(int epoch, int maxEpochs, double trainLoss, double validationLoss) {
                epochs++;
            }

            @Override
            public boolean cancelled() {
                return epochs > 0;
            }
        };
        PipelineException e = assertThrows(PipelineException.class, () -> PipelineTraining.train(engine, project.resolve("pdm.pipeline"), dataset,
                models, TrainingOptions.defaults(), line -> { }, cancelAfterFirstEpoch));
        assertTrue(e.getMessage().contains("cancelled"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(models.resolve("model.onnx")), "the previous model is still in place");
        try (var left = Files.list(models.getParent())) {
            List<String> names = left.map(p -> p.getFileName().toString()).toList();
            assertTrue(names.contains("pdm") && names.stream().noneMatch(n -> n.startsWith(".")), "no partial folders left behind: " + names);
        }
    }

    @Test
    void untrainedPipelineAndCorruptModelAreRefusedByName() throws Exception {
        PipelineException untrained = assertThrows(PipelineException.class,
                () -> PipelineEvaluation.evaluate(engine, project.resolve("pdm.pipeline"), dataset, null, ReplayProgress.NONE));
        assertTrue(untrained.getMessage().contains("Autoencoder") && untrained.getMessage().contains("train"), untrained.getMessage());

        Path broken = project.resolve("models/broken"); // beside models/pdm, so the plant reference still resolves
        Files.createDirectories(broken);
        for (String file : List.of("pdm.pipeline", "model.json")) {
            Files.copy(models.resolve(file), broken.resolve(file));
        }
        byte[] onnx = Files.readAllBytes(models.resolve("model.onnx"));
        Files.write(broken.resolve("model.onnx"), java.util.Arrays.copyOf(onnx, onnx.length / 2));
        ModelLoadException corrupt = assertThrows(ModelLoadException.class,
                () -> PipelineEvaluation.evaluate(engine, broken.resolve("pdm.pipeline"), dataset, null, ReplayProgress.NONE));
        assertTrue(corrupt.getMessage().startsWith(broken.resolve("model.onnx").toString()), corrupt.getMessage());
    }

    @Test
    void datasetWithoutThePipelinesSignalIsRefusedNamingIt() throws Exception {
        Path partial = project.resolve("partial");
        Files.createDirectories(partial);
        try (var files = Files.walk(dataset)) {
            for (Path p : files.toList()) {
                Path target = partial.resolve(dataset.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.toString().contains("windows")) {
                    Files.copy(p, target);
                }
            }
        }
        String manifest = Files.readString(partial.resolve("dataset.json"));
        Files.writeString(partial.resolve("dataset.json"), manifest.replace("Spindle/Vibration", "Spindle/Vibration Removed"));
        IOException e = assertThrows(IOException.class,
                () -> PipelineEvaluation.evaluate(engine, models.resolve("pdm.pipeline"), partial, null, ReplayProgress.NONE));
        assertTrue(e.getMessage().contains("Spindle/Vibration"), e.getMessage());
        assertFalse(Files.exists(partial.resolve("report.json")));
    }

    @Test
    void datasetRecordedInAnotherUnitIsRefusedNamingSignalAndUnits() throws Exception {
        Path copy = project.resolve("fahrenheit");
        try (var files = Files.walk(dataset)) {
            for (Path p : files.toList()) {
                Path target = copy.resolve(dataset.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        String manifest = Files.readString(copy.resolve("dataset.json"));
        assertTrue(manifest.contains("\"Cel\""), manifest);
        Files.writeString(copy.resolve("dataset.json"), manifest.replace("\"Cel\"", "\"[degF]\""));
        IOException e = assertThrows(IOException.class,
                () -> PipelineEvaluation.evaluate(engine, models.resolve("pdm.pipeline"), copy, null, ReplayProgress.NONE));
        assertTrue(e.getMessage().contains("Bearing Temperature' was recorded in [degF] but the plant (and the pipeline) expects Cel"),
                e.getMessage());
    }

    @Test
    void pyTorchAndOnnxRuntimeEnginesGiveTheSameOutputsForATrainedModel() throws Exception {
        var pytorch = new io.fabrica.pipeline.djl.internal.PyTorchInferenceEngine();
        assertTrue(pytorch.accepts(models.resolve("model-0000.params")));
        try (var onnx = new OnnxRuntimeInferenceEngine().open(models.resolve("model.onnx"));
                var torch = pytorch.open(models.resolve("model-0000.params"))) {
            assertEquals(onnx.signature(), torch.signature());
            java.util.Random random = new java.util.Random(3);
            float[] in = new float[15];
            float[] a = new float[15];
            float[] b = new float[15];
            for (int n = 0; n < 20; n++) {
                for (int i = 0; i < in.length; i++) {
                    in[i] = (float) random.nextGaussian();
                }
                onnx.run(in, a);
                torch.run(in, b);
                assertArrayEquals(a, b, 1e-4f);
            }
        }
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> pytorch.open(models.resolve("model.onnx")));
        assertTrue(e.getMessage().startsWith(models.resolve("model.onnx").toString()), e.getMessage());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
