package com.example.fabrica.bearing.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.example.fabrica.bearing.EnvelopeSpectrumStage;
import com.example.fabrica.bearing.internal.BearingStageFactory;
import com.example.fabrica.bearing.stages.EnvelopeStages;

import io.fabrica.model.edit.validation.Problem;
import io.fabrica.model.plant.Signal;
import io.fabrica.pipeline.Pipeline;
import io.fabrica.pipeline.Port;
import io.fabrica.pipeline.PortDirection;
import io.fabrica.pipeline.PortType;
import io.fabrica.pipeline.Stage;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.engine.CompiledPipeline;
import io.fabrica.pipeline.engine.PipelineEngine;
import io.fabrica.pipeline.resource.PipelineFiles;
import io.fabrica.pipeline.validation.PipelineValidation;

/**
 * The envelope spectrum stage inside a real Fabrica pipeline engine (vendor factory added as the
 * workbench and the runtime add OSGi services): the fault frequency and its harmonic stand out for a
 * damaged bearing and not for a healthy one, the kernel allocates nothing per window, misconfigured
 * stages are refused naming stage and field, and pipelines with the stage save and load.
 */
class EnvelopeSpectrumStageTest {

    @TempDir
    Path dir;

    private final PipelineEngine engine = new PipelineEngine(List.of());
    private Signal vibration;

    @BeforeEach
    void plant() throws Exception {
        engine.addStageFactory(new BearingStageFactory());
        vibration = TestPipelines.vibrationSignal(dir.resolve("example.plant"), BearingSignals.WINDOW, BearingSignals.SAMPLE_RATE);
    }

    @Test
    void faultFrequencyAndItsHarmonicStandOutOnlyForTheDamagedBearing() throws Exception {
        TestPipelines.Built p = TestPipelines.sourceToEnvelope(vibration);
        float[] damaged = spectrum(p, BearingSignals.damaged(1, 0));
        float[] healthy = spectrum(p, BearingSignals.healthy(1, 0));
        int bins = p.envelope().getBins();
        int fault = BearingSignals.binOf(BearingSignals.FAULT, p.envelope().getMaxFrequency(), bins);
        int harmonic = BearingSignals.binOf(2 * BearingSignals.FAULT, p.envelope().getMaxFrequency(), bins);

        assertEquals(bins, damaged.length, "one value per bin");
        assertEquals(fault, argMax(damaged), "the highest bin is the one of 87 Hz: " + Arrays.toString(damaged));
        assertTrue(damaged[fault] > 5 * median(damaged), "87 Hz stands far above the floor: " + Arrays.toString(damaged));
        assertTrue(damaged[harmonic] > 3 * median(damaged), "so does its 2x harmonic (174 Hz): " + Arrays.toString(damaged));
        assertTrue(healthy[fault] < damaged[fault] / 5, "a healthy bearing has only the noise floor at 87 Hz: " + Arrays.toString(healthy));
        assertTrue(max(healthy) < 4 * median(healthy), "nor any other line standing out: " + Arrays.toString(healthy));
    }

    @Test
    void processesWindowsWithoutAllocating() throws Exception {
        TestPipelines.Built p = TestPipelines.sourceToEnvelope(vibration);
        double[] window = BearingSignals.damaged(2, 0);
        try (CompiledPipeline graph = engine.compile(p.builder().pipeline(), dir)) {
            for (int i = 0; i < 50; i++) { // warm up: the JIT may allocate while compiling
                graph.source(p.source()).pushSamples(window, window.length, i, "");
            }
            long before = allocatedBytes();
            for (int i = 0; i < 200; i++) {
                graph.source(p.source()).pushSamples(window, window.length, i, "");
            }
            long allocated = allocatedBytes() - before;
            // one FFT buffer per window would be 200 * 64 KB; the measurement itself allocates a little
            assertTrue(allocated < 64 * 1024, "200 windows allocated " + allocated + " bytes");
        }
    }

    @Test
    void misconfiguredStagesAreRefusedNamingStageAndField() throws Exception {
        TestPipelines.Built p = TestPipelines.sourceToEnvelope(vibration);
        p.envelope().setBandHigh(6000);
        assertRefused(p.builder().pipeline(), "bandHigh 6000.0 Hz is above half the sampleRate");

        p.envelope().setBandHigh(4000);
        p.envelope().setBins(0);
        assertRefused(p.builder().pipeline(), "bins 0 must be at least 1");

        p.envelope().setBins(64);
        p.envelope().setBandLow(4500);
        assertRefused(p.builder().pipeline(), "bandLow 4500.0 Hz must be below bandHigh");

        p.envelope().setBandLow(2000);
        p.envelope().setSampleRate(20000);
        assertRefused(p.builder().pipeline(), "sampleRate 20000.0 Hz differs from the 10240.0 Hz of the signal");
    }

    @Test
    void aStageWithoutPortsIsRefusedWithHowToFixIt() {
        TestPipelines.Built p = TestPipelines.sourceToEnvelope(vibration);
        EnvelopeSpectrumStage bare = com.example.fabrica.bearing.BearingFactory.eINSTANCE.createEnvelopeSpectrumStage();
        bare.setName("Bare");
        p.builder().pipeline().getStages().add(bare);
        PipelineException e = assertThrows(PipelineException.class, () -> engine.compile(p.builder().pipeline(), dir).close());
        assertTrue(e.getMessage().contains("bearing/Bare: has 0 inputs and 0 outputs"), e.getMessage());
    }

    @Test
    void createGivesTheStageAWindowInputAndAVectorOutput() {
        EnvelopeSpectrumStage stage = EnvelopeStages.create("Envelope");
        Port in = stage.getPorts().get(0);
        Port out = stage.getPorts().get(1);
        assertEquals(List.of("in", PortDirection.IN, PortType.WINDOW), List.of(in.getName(), in.getDirection(), in.getType()));
        assertEquals(List.of("out", PortDirection.OUT, PortType.VECTOR, 64), List.of(out.getName(), out.getDirection(), out.getType(), out.getSize()));
    }

    @Test
    void thePipelineValidates() {
        TestPipelines.Built p = TestPipelines.sourceToEnvelope(vibration);
        assertEquals(List.of(), PipelineValidation.validate(p.builder().pipeline()).stream()
                .filter(problem -> problem.severity() == Problem.Severity.ERROR)
                .map(Object::toString).toList());
    }

    @Test
    void aPipelineWithTheStageSavesLoadsAndRunsTheSame() throws Exception {
        TestPipelines.Built p = TestPipelines.sourceToEnvelope(vibration);
        p.envelope().setBandLow(2500);
        p.envelope().setBandHigh(3500);
        p.envelope().setBins(50);
        p.envelope().getPorts().get(1).setSize(50);
        Path file = dir.resolve("bearing.pipeline");
        PipelineFiles.save(p.builder().pipeline(), file);

        Pipeline loaded = PipelineFiles.load(file);
        Stage stage = loaded.getStages().get(1);
        EnvelopeSpectrumStage envelope = assertInstanceOf(EnvelopeSpectrumStage.class, stage);
        assertEquals(List.of(10240.0, 2500.0, 3500.0, 500.0), List.of(envelope.getSampleRate(), envelope.getBandLow(), envelope.getBandHigh(),
                envelope.getMaxFrequency()));
        assertEquals(50, envelope.getBins());
        assertEquals(2, envelope.getPorts().size());
        assertEquals(1, loaded.getConnections().size());

        double[] window = BearingSignals.damaged(3, 0);
        float[] before = spectrum(p, window);
        float[] after = spectrum(new TestPipelines.Built(null, (io.fabrica.pipeline.SignalSource) loaded.getStages().get(0), envelope), loaded,
                window);
        assertArrayEquals(before, after, "the loaded pipeline computes the same spectrum");
    }

    private void assertRefused(Pipeline pipeline, String problem) {
        PipelineException e = assertThrows(PipelineException.class, () -> engine.compile(pipeline, dir).close());
        assertTrue(e.getMessage().startsWith("bearing/Envelope: "), "names the stage: " + e.getMessage());
        assertTrue(e.getMessage().contains(problem), "names the field: " + e.getMessage());
    }

    private float[] spectrum(TestPipelines.Built p, double[] window) throws PipelineException {
        return spectrum(p, p.builder().pipeline(), window);
    }

    private float[] spectrum(TestPipelines.Built p, Pipeline pipeline, double[] window) throws PipelineException {
        List<float[]> outputs = new ArrayList<>();
        try (CompiledPipeline graph = engine.compile(pipeline, dir)) {
            graph.tap(p.envelope(), 0, f -> outputs.add(Arrays.copyOf(f.values(), f.length())));
            graph.source(p.source()).pushSamples(window, window.length, 1000, "");
        }
        assertEquals(1, outputs.size(), "one spectrum per window");
        return outputs.get(0);
    }

    private static int argMax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    private static float max(float[] v) {
        return v[argMax(v)];
    }

    private static float median(float[] v) {
        float[] sorted = v.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /**
     * Bytes allocated by this thread so far, through the JDK's com.sun.management extension; looked up
     * through the platform class loader because an OSGi bundle does not import com.sun packages.
     */
    private static long allocatedBytes() throws Exception {
        Class<?> bean = ClassLoader.getPlatformClassLoader().loadClass("com.sun.management.ThreadMXBean");
        Method method = bean.getMethod("getThreadAllocatedBytes", long.class);
        return (Long) method.invoke(ManagementFactory.getThreadMXBean(), Thread.currentThread().threadId());
    }
}
