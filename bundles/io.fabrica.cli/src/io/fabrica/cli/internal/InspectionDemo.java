package io.fabrica.cli.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import io.fabrica.cli.CommandContext;
import io.fabrica.devices.api.ConnectionSpec;
import io.fabrica.devices.api.DeviceSession;
import io.fabrica.devices.core.DeviceDrivers;
import io.fabrica.devices.core.Recorder;
import io.fabrica.devices.sim.SimulatedPlant;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.core.files.AtomicFiles;
import io.fabrica.model.resource.PlantFiles;
import io.fabrica.pipeline.data.Dataset;
import io.fabrica.pipeline.data.ImageFolder;
import io.fabrica.pipeline.djl.anomaly.AnomalyTraining;
import io.fabrica.pipeline.engine.PipelineEngine;
import io.fabrica.pipeline.engine.PipelineEvaluation;
import io.fabrica.pipeline.engine.ReplayProgress;
import io.fabrica.pipeline.evaluation.InspectionMetrics;

/**
 * {@code fabrica demo --inspection}: visual inspection end to end on the simulated camera station —
 * records parts (30 % defective: scratches, spots, dents) from the simulator over OPC UA, learns
 * "normal" from the good parts of a first recording only (or reuses the model of an earlier run),
 * inspects the parts of a second recording and lists every rejected part with its score, its ground
 * truth and its heatmap file (the photo with the anomaly map and the defect's mask), then the figures.
 */
final class InspectionDemo {

    /** Share of defective parts the simulator makes in the demo. */
    static final double DEFECT_RATE = 0.3;

    /** The simulator's seed: the same parts every run, so that runs compare. */
    static final long SEED = 7;

    private final CommandContext context;
    private final PipelineEngine engine;
    private final DeviceDrivers drivers;
    private final Path dir;
    private final int trainSeconds;
    private final int inspectSeconds;
    private final CountDownLatch stop;

    InspectionDemo(CommandContext context, PipelineEngine engine, DeviceDrivers drivers, Path dir, int trainSeconds, int inspectSeconds,
            CountDownLatch stop) {
        this.context = context;
        this.engine = engine;
        this.drivers = drivers;
        this.dir = dir;
        this.trainSeconds = trainSeconds;
        this.inspectSeconds = inspectSeconds;
        this.stop = stop;
    }

    int run() throws Exception {
        Path plantFile = new DemoProject(context, dir, engine, drivers).plant();
        Enterprise plant = PlantFiles.load(plantFile);
        step("Simulated plant (camera station, " + Math.round(DEFECT_RATE * 100) + " % defective parts)");
        Path inspected;
        try (SimulatedPlant sim = SimulatedPlant.start(plant, new SimulatedPlant.Options("127.0.0.1", freePort(), SEED, null,
                DEFECT_RATE))) {
            context.out().println("  " + sim.endpointUrl());
            Path trained = trainOrLoad(plant, sim);
            step("Inspecting the parts of the next " + inspectSeconds + " s");
            inspected = record(plant, sim, "inspect", inspectSeconds);
            if (stop.getCount() == 0) {
                return CommandContext.OK;
            }
            return inspect(trained, inspected);
        }
    }

    private Path trainOrLoad(Enterprise plant, SimulatedPlant sim) throws Exception {
        Path trained = dir.resolve("models/inspection/inspection.pipeline");
        if (Files.exists(trained)) {
            step("Trained inspection found: " + trained + " (delete models/inspection to learn again)");
            return trained;
        }
        step("Recording " + trainSeconds + " s of parts to learn from (the good ones only)");
        Path recording = record(plant, sim, "learn", trainSeconds);
        step("Learning normal parts: each part located and turned upright, then a variation model of the good parts (per-pixel mean and deviation)");
        AnomalyTraining.Trained result = AnomalyTraining.train(engine, dir.resolve("inspection.pipeline"),
                Dataset.open(recording, ImageFolder.Part.TRAIN), trained.getParent(), 42, line -> context.out().println("  " + line));
        return result.pipelineFile();
    }

    private Path record(Enterprise plant, SimulatedPlant sim, String name, int seconds) throws Exception {
        Path recording = dir.resolve("recordings/" + name + "-" + System.currentTimeMillis());
        try (DeviceSession session = drivers.forEndpoint(sim.endpointUrl()).connect(ConnectionSpec.anonymous(sim.endpointUrl()))
                .get(20, TimeUnit.SECONDS)) {
            Recorder.Summary summary = Recorder.record(session, plant, new Recorder.Options(recording, Duration.ofSeconds(seconds),
                    Duration.ofMillis(100)), p -> { }, () -> stop.getCount() == 0);
            context.out().println("  " + summary.images() + " part images in " + recording);
        }
        return recording;
    }

    private int inspect(Path trained, Path recording) throws Exception {
        Path report = dir.resolve("report-inspection");
        PipelineEvaluation.Evaluated e = PipelineEvaluation.evaluateAll(engine, trained, recording, report, ReplayProgress.NONE);
        InspectionMetrics.Result r = e.inspection();
        Path rejectedDir = Files.createDirectories(report.resolve("rejected"));
        List<InspectionMetrics.Shown> rejected = r.rejected().values().stream().sorted(Comparator.comparing(InspectionMetrics.Shown::file)).toList();
        for (InspectionMetrics.Shown s : rejected) {
            Path heatmap = rejectedDir.resolve(s.file().getFileName());
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(s.heatmap(), "png", png);
            AtomicFiles.write(heatmap, png.toByteArray());
            context.out().printf(Locale.ROOT, "  REJECTED %s  score %.2f > %.2f  truth: %-7s  heatmap %s%n", s.file().getFileName(), s.score(),
                    e.report().threshold(), s.label(), heatmap);
        }
        step("Figures");
        context.out().printf(Locale.ROOT, "  %d parts inspected, %d rejected; image ROC AUC %.3f%n", r.goodImages() + r.defectImages(),
                rejected.size(), e.report().rocAuc());
        context.out().println("  " + InspectionMetrics.summary(r));
        context.out().println("  report: " + report.resolve("report.html"));
        return CommandContext.OK;
    }

    private void step(String text) {
        context.out().println("== " + text);
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
