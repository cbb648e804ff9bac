package io.fabrica.pipeline.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import org.eclipse.emf.common.util.TreeIterator;
import org.eclipse.emf.ecore.EObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabrica.examples.Examples;
import io.fabrica.model.edit.validation.Problem;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.plant.ProcessParameter;
import io.fabrica.model.plant.Signal;
import io.fabrica.model.resource.PlantFiles;
import io.fabrica.pipeline.AlarmSink;
import io.fabrica.pipeline.Connection;
import io.fabrica.pipeline.DecisionKind;
import io.fabrica.pipeline.DecisionStage;
import io.fabrica.pipeline.Feature;
import io.fabrica.pipeline.FeatureStage;
import io.fabrica.pipeline.ModelStage;
import io.fabrica.pipeline.Pipeline;
import io.fabrica.pipeline.PipelineFactory;
import io.fabrica.pipeline.Port;
import io.fabrica.pipeline.PortDirection;
import io.fabrica.pipeline.PortType;
import io.fabrica.pipeline.SignalSource;
import io.fabrica.pipeline.Stage;
import io.fabrica.pipeline.WindowStage;
import io.fabrica.pipeline.WriteSignalSink;
import io.fabrica.pipeline.resource.PipelineFiles;
import io.fabrica.pipeline.validation.PipelineValidation;

/**
 * A predictive-maintenance pipeline on the demo plant (vibration → features → model → decision
 * → alarm, and a setpoint sink), saved beside the plant and reloaded, then broken one constraint
 * at a time: each gets its message on the right element.
 */
class PipelineValidationTest {

    private static final PipelineFactory F = PipelineFactory.eINSTANCE;

    @TempDir
    Path project;

    private Enterprise plant;

    @BeforeEach
    void demoPlant() throws Exception {
        plant = PlantFiles.load(Examples.copyDemoProject(project));
    }

    @Test
    void savedPipelineReloadsWithItsPlantReferencesAndIsValid() throws Exception {
        Path file = project.resolve("spindle.pipeline");
        PipelineFiles.save(spindlePipeline(), file);
        String xml = Files.readString(file);
        assertTrue(xml.contains("demo.plant#"), "signals are referenced in the plant file by id: " + xml);
        Pipeline loaded = PipelineFiles.load(file);
        SignalSource source = (SignalSource) loaded.getStages().get(0);
        assertEquals("Vibration", source.getSignal().getName(), "the reference resolves into the plant file");
        assertEquals(List.of(), errors(loaded));
    }

    @Test
    void incompatiblePortsAreRefusedWithTheTypes() {
        List<Problem> problems = errors(pipeline -> pipeline.getConnections().get(0).setTarget(port(pipeline, "Decision", PortDirection.IN)));
        assertTrue(problems.stream().anyMatch(p -> p.path().equals("Spindle PdM/<connection>")
                && p.message().contains("connects a Window output to a Scalar input")), problems.toString());
    }

    @Test
    void everyInputIsFedExactlyOnce() {
        List<Problem> unfed = errors(pipeline -> pipeline.getConnections().remove(1));
        assertTrue(unfed.stream().anyMatch(p -> p.path().equals("Spindle PdM/Features/in") && p.message().contains("is not connected")), unfed.toString());
        List<Problem> twice = errors(pipeline -> pipeline.getConnections().add(connect(port(pipeline, "Vibration", PortDirection.OUT),
                port(pipeline, "Window", PortDirection.IN))));
        assertTrue(twice.stream().anyMatch(p -> p.message().contains("fed by 2 connections")), twice.toString());
    }

    @Test
    void cyclesAreRefused() {
        List<Problem> problems = errors(pipeline -> {
            Port back = port(F.createPort(), PortDirection.IN, PortType.DECISION, 0);
            back.setName("loop");
            stage(pipeline, "Window").getPorts().add(back);
            pipeline.getConnections().add(connect(port(pipeline, "Decision", PortDirection.OUT), back));
        });
        assertTrue(problems.stream().anyMatch(p -> p.message().contains("part of a cycle")), problems.toString());
    }

    @Test
    void sourceMustReadAnExistingSignalOfItsType() {
        Problem none = onlyError(pipeline -> ((SignalSource) stage(pipeline, "Vibration")).setSignal(null));
        assertTrue(none.message().contains("reads no signal"), none.message());
        Problem type = onlyError(pipeline -> ((SignalSource) stage(pipeline, "Vibration")).setSignal(signal("Bearing Temperature")));
        assertTrue(type.message().contains("signal 'Bearing Temperature' is Double; make the port Scalar"), type.message());
    }

    @Test
    void deletedSignalIsReportedAfterReload() throws Exception {
        Path file = project.resolve("spindle.pipeline");
        PipelineFiles.save(spindlePipeline(), file);
        String vibrationId = signal("Vibration").getId();
        Path plantFile = project.resolve("demo.plant");
        Files.writeString(plantFile, Files.readString(plantFile).replace("id=\"" + vibrationId + "\"", "id=\"gone\""));
        List<Problem> problems = errors(PipelineFiles.load(file));
        assertTrue(problems.stream().anyMatch(p -> p.message().contains("not in the plant")), problems.toString());
    }

    @Test
    void sinksWriteOnlyBoundedParameters() {
        List<Problem> all = PipelineValidation.validate(spindlePipeline());
        assertTrue(all.stream().anyMatch(q -> q.severity() == Problem.Severity.INFO && q.message().contains("only after a person approves")),
                all.toString());
        Problem p = onlyError(pipeline -> ((WriteSignalSink) stage(pipeline, "Setpoint")).getTarget().setSafeMaximum(null));
        assertTrue(p.message().contains("has no safe bounds"), p.message());
    }

    @Test
    void stageConfigurationIsChecked() {
        assertTrue(onlyError(pipeline -> ((WindowStage) stage(pipeline, "Window")).setHop(0)).message().contains("hop 0"));
        assertTrue(onlyError(pipeline -> {
            DecisionStage d = (DecisionStage) stage(pipeline, "Decision");
            d.setKind(DecisionKind.ARGMAX);
            d.getClasses().add("normal");
        }).message().contains("names 1 class(es)"));
        Problem bands = onlyError(pipeline -> ((FeatureStage) stage(pipeline, "Features")).setFftBands(6));
        assertTrue(bands.message().contains("declares 8 values but the stage computes 10 features"), bands.message());
        Problem shape = onlyError(pipeline -> ((ModelStage) stage(pipeline, "Model")).getInputShape().set(1, 9));
        assertTrue(shape.message().contains("input shape [1, 9] takes 9; the model signature does not fit"), shape.message());
    }

    /** Vibration (window) → Window → Features (8) → Model [1, 8] → Decision → Alarm; Setpoint sink on the decision. */
    private Pipeline spindlePipeline() {
        Pipeline p = F.createPipeline();
        p.setName("Spindle PdM");
        SignalSource source = F.createSignalSource();
        source.setSignal(signal("Vibration"));
        add(p, source, "Vibration", null, port(F.createPort(), PortDirection.OUT, PortType.WINDOW, 1024));
        WindowStage window = F.createWindowStage();
        window.setSize(1024);
        window.setHop(1024);
        add(p, window, "Window", port(F.createPort(), PortDirection.IN, PortType.WINDOW, 1024), port(F.createPort(), PortDirection.OUT, PortType.WINDOW, 1024));
        FeatureStage features = F.createFeatureStage();
        features.getFeatures().addAll(List.of(Feature.RMS, Feature.PEAK, Feature.CREST_FACTOR, Feature.KURTOSIS, Feature.FFT_BAND_ENERGY));
        features.setFftBands(4);
        add(p, features, "Features", port(F.createPort(), PortDirection.IN, PortType.WINDOW, 1024), port(F.createPort(), PortDirection.OUT, PortType.VECTOR, 8));
        ModelStage model = F.createModelStage();
        model.setModelFile("models/spindle-ae.onnx");
        model.getInputShape().addAll(List.of(1, 8));
        model.getOutputShape().addAll(List.of(1, 1));
        add(p, model, "Model", port(F.createPort(), PortDirection.IN, PortType.TENSOR, 8), port(F.createPort(), PortDirection.OUT, PortType.SCALAR, 1));
        DecisionStage decision = F.createDecisionStage();
        decision.setKind(DecisionKind.THRESHOLD);
        decision.setThreshold(0.8);
        decision.setPersistence(3);
        add(p, decision, "Decision", port(F.createPort(), PortDirection.IN, PortType.SCALAR, 1), port(F.createPort(), PortDirection.OUT, PortType.DECISION, 0));
        AlarmSink alarm = F.createAlarmSink();
        alarm.setMessage("Bearing wear on the spindle");
        add(p, alarm, "Alarm", port(F.createPort(), PortDirection.IN, PortType.DECISION, 0), null);
        WriteSignalSink setpoint = F.createWriteSignalSink();
        setpoint.setTarget((ProcessParameter) signal("Spindle Speed Setpoint"));
        add(p, setpoint, "Setpoint", port(F.createPort(), PortDirection.IN, PortType.DECISION, 0), null);
        String[][] links = {{"Vibration", "Window"}, {"Window", "Features"}, {"Features", "Model"}, {"Model", "Decision"},
            {"Decision", "Alarm"}, {"Decision", "Setpoint"}};
        for (String[] link : links) {
            p.getConnections().add(connect(port(p, link[0], PortDirection.OUT), port(p, link[1], PortDirection.IN)));
        }
        return p;
    }

    private static void add(Pipeline p, Stage stage, String name, Port in, Port out) {
        stage.setName(name);
        for (Port port : new Port[] {in, out}) {
            if (port != null) {
                port.setName(port.getDirection() == PortDirection.IN ? "in" : "out");
                stage.getPorts().add(port);
            }
        }
        p.getStages().add(stage);
    }

    private static Port port(Port port, PortDirection direction, PortType type, int size) {
        port.setDirection(direction);
        port.setType(type);
        port.setSize(size);
        return port;
    }

    private static Connection connect(Port from, Port to) {
        Connection c = F.createConnection();
        c.setSource(from);
        c.setTarget(to);
        return c;
    }

    private static Stage stage(Pipeline p, String name) {
        return p.getStages().stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
    }

    private static Port port(Pipeline p, String stage, PortDirection direction) {
        return stage(p, stage).getPorts().stream().filter(port -> port.getDirection() == direction).findFirst().orElseThrow();
    }

    private Signal signal(String name) {
        for (TreeIterator<EObject> it = plant.eAllContents(); it.hasNext();) {
            if (it.next() instanceof Signal s && s.getName().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no signal " + name);
    }

    private List<Problem> errors(Consumer<Pipeline> breakIt) {
        Pipeline p = spindlePipeline();
        breakIt.accept(p);
        return errors(p);
    }

    private static List<Problem> errors(Pipeline p) {
        return PipelineValidation.validate(p).stream().filter(q -> q.severity() == Problem.Severity.ERROR).toList();
    }

    private Problem onlyError(Consumer<Pipeline> breakIt) {
        List<Problem> errors = errors(breakIt);
        assertEquals(1, errors.size(), () -> "expected exactly one error, got " + errors);
        return errors.get(0);
    }
}
