package io.fabrica.pipeline.tests.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabrica.examples.Examples;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.plant.ProcessParameter;
import io.fabrica.model.plant.Signal;
import io.fabrica.model.resource.PlantFiles;
import io.fabrica.pipeline.DecisionKind;
import io.fabrica.pipeline.DecisionStage;
import io.fabrica.pipeline.Feature;
import io.fabrica.pipeline.ImagePreprocessStage;
import io.fabrica.pipeline.NormalizeStage;
import io.fabrica.pipeline.PortType;
import io.fabrica.pipeline.SignalSource;
import io.fabrica.pipeline.WindowStage;
import io.fabrica.pipeline.api.Decision;
import io.fabrica.pipeline.api.DecisionListener;
import io.fabrica.pipeline.api.ParameterWrite;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.engine.CompileOptions;
import io.fabrica.pipeline.engine.CompiledPipeline;
import io.fabrica.pipeline.engine.PipelineEngine;
import io.fabrica.pipeline.resource.PipelineBuilder;

/**
 * The pipeline engine without a model: windows, features, normalization, debounced decisions, alarms,
 * guarded parameter writes and image preprocessing, each checked against values computed by hand.
 */
class EngineTest {

    @TempDir
    Path dir;

    private Enterprise plant;
    private final PipelineEngine engine = new PipelineEngine(List.of());

    @BeforeEach
    void demoPlant() throws Exception {
        plant = PlantFiles.load(Examples.copyDemoProject(dir));
    }

    @Test
    void windowStageCutsScalarsIntoOverlappingWindows() throws Exception {
        PipelineBuilder b = new PipelineBuilder("windows");
        SignalSource current = b.source("Current", signal("Motor Current"));
        WindowStage window = b.window("Window", 4, 2);
        b.connect(current, window);
        List<float[]> windows = new ArrayList<>();
        try (CompiledPipeline graph = engine.compile(b.pipeline(), dir)) {
            graph.tap(window, 0, f -> windows.add(Arrays.copyOf(f.values(), f.length())));
            for (int i = 1; i <= 8; i++) {
                graph.source(current).pushScalar(i, i * 100L, "");
            }
        }
        assertEquals(3, windows.size(), "windows after samples 4, 6 and 8");
        assertArrayEquals(new float[] {1, 2, 3, 4}, windows.get(0));
        assertArrayEquals(new float[] {3, 4, 5, 6}, windows.get(1));
        assertArrayEquals(new float[] {5, 6, 7, 8}, windows.get(2));
    }

    @Test
    void decisionChangesOnlyAfterPersistentResultsAndAlarmsOncePerEpisode() throws Exception {
        PipelineBuilder b = new PipelineBuilder("rms alarm");
        SignalSource vibration = b.source("Vibration", signal("Vibration"));
        var features = b.features("RMS", 1024, 0, Feature.RMS);
        NormalizeStage normalize = b.normalize("Normalize", PortType.VECTOR, 1);
        normalize.getMeans().add(0.0);
        normalize.getDeviations().add(1.0);
        DecisionStage decision = b.decision("Too loud", DecisionKind.THRESHOLD, 3, "normal", "loud");
        decision.setThreshold(5.0);
        var alarm = b.alarm("Alarm", "Spindle too loud", 600);
        b.connect(vibration, features).connect(features, normalize).connect(normalize, decision).connect(decision, alarm);

        List<Decision> decisions = new ArrayList<>();
        List<String> alarms = new ArrayList<>();
        double[] amplitudes = {1, 10, 10, 1, 10, 10, 10, 10, 1, 1, 1, 10, 10, 10};
        try (CompiledPipeline graph = engine.compile(b.pipeline(), dir)) {
            graph.addListener(new DecisionListener() {
                @Override
                public void decided(Decision d) {
                    decisions.add(d);
                }

                @Override
                public void alarmRaised(String message, int severity, Decision cause) {
                    alarms.add(message + " @" + cause.timeMillis());
                }
            });
            double[] window = new double[1024];
            for (int i = 0; i < amplitudes.length; i++) {
                Arrays.fill(window, amplitudes[i]); // a constant window: RMS = amplitude
                graph.source(vibration).pushSamples(window, window.length, i * 100L, "");
            }
        }
        assertEquals(amplitudes.length, decisions.size(), "one decision per window");
        assertEquals(10.0, decisions.get(1).score(), 1e-4, "the score is the normalized RMS");
        String outcomes = decisions.stream().map(d -> d.positive() ? "L" : "n").reduce("", String::concat);
        assertEquals("nnnnnnLLLLnnnL", outcomes, "three loud windows in a row turn it loud, three quiet ones turn it back");
        assertEquals(List.of("Spindle too loud: loud @600", "Spindle too loud: loud @1300"), alarms, "one alarm per episode");
    }

    @Test
    void parameterWritesStayInsideTheSafeBoundsAndWaitForApproval() throws Exception {
        ProcessParameter feed = (ProcessParameter) signal("Feed Rate");
        assertTrue(feed.isRequiresApproval());
        PipelineBuilder b = new PipelineBuilder("recommend");
        SignalSource current = b.source("Current", signal("Motor Current"));
        var sink = b.write("Set feed", feed);
        b.connect(current, sink);
        List<ParameterWrite> reported = new ArrayList<>();
        List<Double> written = new ArrayList<>();
        try (CompiledPipeline graph = engine.compile(b.pipeline(), dir)) {
            graph.addListener(new DecisionListener() {
                @Override
                public void decided(Decision d) {
                }

                @Override
                public void parameterWrite(ParameterWrite w) {
                    reported.add(w);
                }
            });
            graph.setParameterWriter((path, value) -> written.add(value));
            graph.source(current).pushScalar(9000, 1, "");
            graph.source(current).pushScalar(Double.NaN, 2, "");
            graph.source(current).pushScalar(1200, 3, "");
            assertEquals(List.of(), written, "nothing is written before a person approves it");
            List<ParameterWrite> pending = graph.pendingApprovals();
            assertEquals(1, pending.size());
            assertEquals(1200, pending.get(0).value());
            ParameterWrite done = graph.approve(pending.get(0), "operator A");
            assertEquals(ParameterWrite.Status.WRITTEN, done.status());
            assertEquals(List.of(1200.0), written);
            assertThrows(PipelineException.class, () -> graph.approve(pending.get(0), "operator B"), "approved values leave the queue");
        }
        assertEquals(ParameterWrite.Status.REFUSED, reported.get(0).status());
        assertTrue(reported.get(0).detail().contains("outside the safe bounds [50.0, 5000.0]"), reported.get(0).detail());
        assertEquals(ParameterWrite.Status.REFUSED, reported.get(1).status(), "NaN is never written");
        assertEquals(ParameterWrite.Status.AWAITING_APPROVAL, reported.get(2).status());
    }

    @Test
    void imagePreprocessingCropsAndAveragesTheSameForEveryPixelLayout() throws Exception {
        PipelineBuilder b = new PipelineBuilder("image");
        SignalSource camera = b.source("Camera", signal("Part Image"));
        ImagePreprocessStage pre = b.image("Preprocess", 4, 4, 8, 4, 16, 16);
        pre.setMean(0);
        pre.setDeviation(1);
        b.connect(camera, pre);
        BufferedImage bgr = new BufferedImage(40, 30, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = bgr.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(8, 4, 4, 4); // exactly the top-left output pixel of the crop
        g.setColor(new Color(255, 0, 0));
        g.fillRect(20, 16, 4, 4); // the bottom-right output pixel: pure red
        g.dispose();
        BufferedImage argb = new BufferedImage(40, 30, BufferedImage.TYPE_INT_ARGB);
        argb.createGraphics().drawImage(bgr, 0, 0, null);
        try (CompiledPipeline graph = engine.compile(b.pipeline(), dir, CompileOptions.full())) {
            graph.source(camera).pushImage(bgr, 1, "ok");
            float[] fromBgr = Arrays.copyOf(graph.output(pre, 0).values(), 16);
            graph.source(camera).pushImage(argb, 2, "ok");
            float[] fromArgb = Arrays.copyOf(graph.output(pre, 0).values(), 16);
            assertEquals(1f, fromBgr[0], 1e-6f, "white block");
            assertEquals(0.299f, fromBgr[15], 1e-6f, "red block: its luma");
            assertEquals(0f, fromBgr[5], 1e-6f, "black elsewhere");
            assertArrayEquals(fromBgr, fromArgb, 1e-6f, "camera bytes read in place and converted pixels give the same tensor");
            assertEquals(4, graph.output(pre, 0).width());
        }
    }

    @Test
    void stagesWithoutFactoryAndUnconnectedInputsAreNamed() {
        PipelineBuilder b = new PipelineBuilder("broken");
        b.window("Lonely Window", 4, 4);
        PipelineException e = assertThrows(PipelineException.class, () -> engine.compile(b.pipeline(), dir));
        assertTrue(e.getMessage().contains("broken/Lonely Window"), e.getMessage());
        PipelineBuilder m = new PipelineBuilder("untrained");
        SignalSource s = m.source("Current", signal("Motor Current"));
        var model = m.model("Model", 1, 1);
        m.connect(s, model);
        PipelineException untrained = assertThrows(PipelineException.class, () -> engine.compile(m.pipeline(), dir,
                new CompileOptions(Set.of(), false)));
        assertTrue(untrained.getMessage().contains("untrained/Model: has no model file"), untrained.getMessage());
    }

    private Signal signal(String name) {
        for (var it = plant.eAllContents(); it.hasNext();) {
            if (it.next() instanceof Signal s && name.equals(s.getName())) {
                return s;
            }
        }
        throw new AssertionError("no signal " + name);
    }
}
