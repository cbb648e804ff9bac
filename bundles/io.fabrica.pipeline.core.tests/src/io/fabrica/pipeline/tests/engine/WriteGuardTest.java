package io.fabrica.pipeline.tests.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabrica.examples.Examples;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.plant.ProcessParameter;
import io.fabrica.model.plant.Signal;
import io.fabrica.model.resource.ElementPaths;
import io.fabrica.model.resource.PlantFiles;
import io.fabrica.pipeline.SignalSource;
import io.fabrica.pipeline.api.ParameterWrite;
import io.fabrica.pipeline.api.ParameterWrite.Status;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.api.Recommendation;
import io.fabrica.pipeline.engine.CompileOptions;
import io.fabrica.pipeline.engine.CompiledPipeline;
import io.fabrica.pipeline.engine.PipelineEngine;
import io.fabrica.pipeline.engine.WriteSettings;
import io.fabrica.pipeline.engine.stages.WriteSinkKernel;
import io.fabrica.pipeline.resource.PipelineBuilder;

/**
 * The write-time guard of the process-parameter sink: a value outside the safe bounds, a larger change than
 * the parameter's maximum step, a write too soon after the last one, or not a number must be impossible to
 * write, whichever way it comes (straight from the pipeline, approved, auto-approved, reverted): the
 * device writer is never called for it.
 */
class WriteGuardTest {

    @TempDir
    Path dir;

    private ProcessParameter feed;
    private SignalSource current;
    private final List<Double> written = new ArrayList<>();
    private final List<ParameterWrite> reported = new ArrayList<>();
    private final PipelineEngine engine = new PipelineEngine(List.of());
    private PipelineBuilder builder;

    @BeforeEach
    void feedRateSink() throws Exception {
        Enterprise plant = PlantFiles.load(Examples.copyDemoProject(dir));
        feed = (ProcessParameter) named(plant, "Feed Rate");
        feed.setMaxStep(200.0); // safe bounds of the demo plant: [50, 5000]
        builder = new PipelineBuilder("recommend");
        current = builder.source("Current", named(plant, "Motor Current"));
        builder.connect(current, builder.write("Set feed", feed));
    }

    private CompiledPipeline compile(WriteSettings settings) throws PipelineException {
        CompiledPipeline graph = engine.compile(builder.pipeline(), dir, CompileOptions.full().withWrites(settings));
        graph.addListener(new io.fabrica.pipeline.api.DecisionListener() {
            @Override
            public void decided(io.fabrica.pipeline.api.Decision d) {
            }

            @Override
            public void parameterWrite(ParameterWrite w) {
                reported.add(w);
            }
        });
        graph.setParameterWriter((path, value) -> written.add(value));
        return graph;
    }

    private WriteSinkKernel sink(CompiledPipeline graph) {
        WriteSinkKernel sink = graph.writeSink(ElementPaths.pathOf(feed));
        assertNotNull(sink, "the graph finds the sink of the feed rate");
        return sink;
    }

    private static Recommendation from(double current) {
        return new Recommendation(current, "Surface Roughness [um]", 1.2, 1.0, 0.9, 1.1, 0.05, List.of("feed rate drives roughness"));
    }

    @Test
    void directWritesOutsideTheBoundsAboveTheStepTooSoonOrNotANumberNeverReachTheDevice() throws Exception {
        feed.setRequiresApproval(false);
        try (CompiledPipeline graph = compile(WriteSettings.DEFAULTS)) {
            WriteSinkKernel sink = sink(graph);
            assertEquals(Status.REFUSED, sink.offer(5001, 0, null).status(), "above the safe maximum");
            assertEquals(Status.REFUSED, sink.offer(49.9, 0, null).status(), "below the safe minimum");
            assertEquals(Status.REFUSED, sink.offer(Double.NaN, 0, null).status(), "not a number");
            assertEquals(Status.REFUSED, sink.offer(Double.POSITIVE_INFINITY, 0, null).status(), "infinite");
            assertEquals(Status.REFUSED, sink.offer(1500, 0, from(1000)).status(), "500 from the current 1000 is above the step of 200");
            assertEquals(List.of(), written, "nothing refused reached the device");

            assertEquals(Status.WRITTEN, sink.offer(1150, 1_000, from(1000)).status(), "a step of 150 inside the bounds is written");
            ParameterWrite soon = sink.offer(1200, 3_000, null);
            assertEquals(Status.REFUSED, soon.status(), "2 s after the last write: too soon");
            assertTrue(soon.detail().contains("written 2000 ms earlier") && soon.detail().contains("minimum interval of 5000 ms"), soon.detail());
            ParameterWrite step = sink.offer(1400, 9_000, null);
            assertEquals(Status.REFUSED, step.status(), "250 from the last written value 1150 is above the step");
            assertTrue(step.detail().contains("from 1150.0 to 1400.0") && step.detail().contains("maximum step 200.0"), step.detail());
            assertEquals(Status.WRITTEN, sink.offer(1300, 9_000, null).status(), "150 from the last written value, 8 s later");
        }
        assertEquals(List.of(1150.0, 1300.0), written, "only the two safe values reached the device");
        assertEquals(9, reported.size(), "every outcome is reported to the listeners");
        assertTrue(reported.get(0).detail().contains("outside the safe bounds [50.0, 5000.0]"), reported.get(0).detail());
    }

    @Test
    void approvedAndRevertedValuesPassTheSameGuardAtWriteTime() throws Exception {
        try (CompiledPipeline graph = compile(WriteSettings.DEFAULTS)) {
            WriteSinkKernel sink = sink(graph);
            ParameterWrite first = sink.offer(1100, 0, from(1000));
            assertEquals(Status.AWAITING_APPROVAL, first.status());
            assertEquals(Status.WRITTEN, sink.writeHeld(first, "eng").status());
            assertEquals(Status.REFUSED, sink.offer(1350, 500, from(1100)).status(), "250 from the value it saw: refused at once");
            ParameterWrite second = sink.offer(1250, 1_000, from(1100));
            assertEquals(Status.AWAITING_APPROVAL, second.status(), "150 from the value the recommendation saw: held");
            ParameterWrite soon = sink.writeHeld(second, "eng");
            assertEquals(Status.REFUSED, soon.status(), "approved 1 s (source time) after the last write: too soon");
            assertEquals(Status.AWAITING_APPROVAL, sink.offer(1100, 10_000, from(1100)).status()); // time passes in the pipeline
            assertEquals(Status.WRITTEN, sink.writeHeld(second, "eng").status(), "approved again 9 s later: written");

            assertEquals(Status.REFUSED, sink.revert(1500, 20_000, "quality got worse").status(), "a revert above the step is refused too");
            ParameterWrite back = sink.revert(1100, 20_000, "quality got worse");
            assertEquals(Status.REVERTED, back.status());
            assertEquals(Status.REFUSED, sink.revert(1250, 21_000, "again").status(), "a revert too soon is refused");
        }
        assertEquals(List.of(1100.0, 1250.0, 1100.0), written, "the approved values and the revert, nothing else");
    }

    @Test
    void aDeviceThatRefusesTheWriteIsReportedAndTheRunGoesOn() throws Exception {
        feed.setRequiresApproval(false);
        try (CompiledPipeline graph = compile(WriteSettings.DEFAULTS)) {
            graph.setParameterWriter((path, value) -> {
                throw new PipelineException("writing " + path + " failed: Bad_OutOfRange");
            });
            ParameterWrite refused = sink(graph).offer(1000, 0, null);
            assertEquals(Status.REFUSED, refused.status());
            assertTrue(refused.detail().contains("device refused") && refused.detail().contains("Bad_OutOfRange"), refused.detail());
            graph.source(current).pushScalar(1000, 10_000, ""); // the pipeline still runs
        }
        assertEquals(2, reported.size());
    }

    @Test
    void shadowModeWritesNothingAndHoldsNothing() throws Exception {
        try (CompiledPipeline graph = compile(WriteSettings.DEFAULTS.withShadow(true).withMinInterval(Duration.ZERO))) {
            graph.source(current).pushScalar(1200, 0, "");
            graph.source(current).pushScalar(9000, 1, "");
            assertEquals(List.of(), graph.pendingApprovals(), "nothing held in shadow mode");
        }
        assertEquals(List.of(), written);
        assertEquals(Status.SHADOW, reported.get(0).status());
        assertTrue(reported.get(0).detail().contains("would be held for approval"), reported.get(0).detail());
        assertEquals(Status.REFUSED, reported.get(1).status(), "a value outside the bounds is still reported as refused");
    }

    private static Signal named(Enterprise plant, String name) {
        for (var it = plant.eAllContents(); it.hasNext();) {
            if (it.next() instanceof Signal s && name.equals(s.getName())) {
                return s;
            }
        }
        throw new AssertionError("no signal " + name);
    }
}
