package io.fabrica.cli.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.fabrica.cli.CommandContext;
import io.fabrica.deploy.core.Keys;
import io.fabrica.deploy.core.PackageBuilder;
import io.fabrica.deploy.core.TrustStore;
import io.fabrica.devices.api.ConnectionSpec;
import io.fabrica.devices.api.DeviceSession;
import io.fabrica.devices.core.DeviceDrivers;
import io.fabrica.devices.core.Recorder;
import io.fabrica.devices.sim.SimulatedPlant;
import io.fabrica.examples.Examples;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.resource.PlantFiles;
import io.fabrica.pipeline.djl.PipelineTraining;
import io.fabrica.pipeline.djl.training.TrainingOptions;
import io.fabrica.pipeline.engine.PipelineEngine;
import io.fabrica.pipeline.engine.PipelineEvaluation;
import io.fabrica.pipeline.engine.ReplayProgress;
import io.fabrica.pipeline.evaluation.EvaluationReport;

/**
 * The demo project in a folder, as {@code fabrica demo} and {@code fabrica bench runtime} use it: the
 * example plant and pipelines copied there once, the PdM pipeline trained on a recording of the simulator
 * (or the trained one from an earlier run), packaged and signed with the folder's key.
 */
final class DemoProject {

    private final CommandContext context;
    private final Path dir;
    private final PipelineEngine engine;
    private final DeviceDrivers drivers;

    DemoProject(CommandContext context, Path dir, PipelineEngine engine, DeviceDrivers drivers) {
        this.context = context;
        this.dir = dir;
        this.engine = engine;
        this.drivers = drivers;
    }

    /** @return the project's plant file, copied from the examples the first time */
    Path plant() throws IOException {
        Path plant = dir.resolve("demo.plant");
        if (!Files.exists(plant)) {
            Examples.copyDemoProject(dir);
        }
        return plant;
    }

    /**
     * The trained PdM pipeline: found from an earlier run, or trained now on 30 s of healthy operation
     * recorded from the simulator.
     *
     * @param plant the loaded plant
     * @param sim the running simulator
     * @param stop counted down to stop the recording early
     * @return the trained pipeline file
     */
    Path trainOrLoad(Enterprise plant, SimulatedPlant sim, CountDownLatch stop) throws Exception {
        Path trained = dir.resolve("models/pdm/pdm.pipeline");
        if (Files.exists(trained)) {
            step("Trained pipeline found: " + trained + " (delete the models folder to train again)");
            return trained;
        }
        step("Recording 30 s of healthy operation");
        Path recording = dir.resolve("recordings/healthy-" + System.currentTimeMillis());
        try (DeviceSession session = drivers.forEndpoint(sim.endpointUrl()).connect(ConnectionSpec.anonymous(sim.endpointUrl()))
                .get(20, TimeUnit.SECONDS)) {
            Recorder.record(session, plant, new Recorder.Options(recording, Duration.ofSeconds(30), Duration.ofMillis(100)), p -> { },
                    () -> stop.getCount() == 0);
        }
        step("Training the autoencoder (PyTorch, 2 cores)");
        PipelineTraining.Trained result = PipelineTraining.train(engine, dir.resolve("pdm.pipeline"), recording,
                trained.getParent(), TrainingOptions.defaults(), line -> context.out().println("  " + line), null);
        EvaluationReport report = PipelineEvaluation.evaluate(engine, result.pipelineFile(), recording,
                dir.resolve("report"), ReplayProgress.NONE);
        context.out().printf(Locale.ROOT, "  alarms on the healthy recording (false alarms): %d of %d decisions; report %s%n",
                countAlarms(report), report.decisions(), dir.resolve("report/report.html"));
        return trained;
    }

    private static long countAlarms(EvaluationReport report) {
        long n = 0;
        if (report.timeline() == null) {
            return 0;
        }
        for (boolean alarm : report.timeline().alarms()) {
            n += alarm ? 1 : 0;
        }
        return n;
    }

    /**
     * Packages and signs the trained pipeline with the project's key (made the first time) and makes a
     * runtime's data folder trust that key.
     *
     * @param trained the trained pipeline file
     * @param runtimeData the data folder of the runtime that will receive the package
     * @return the package file
     */
    Path packageSigned(Path trained, Path runtimeData) throws Exception {
        step("Package and sign");
        Path keyFile = dir.resolve("keys/demo.key");
        Path publicKey = dir.resolve("keys/demo.pub");
        if (!Files.exists(keyFile)) {
            Files.createDirectories(keyFile.getParent());
            KeyPair pair = Keys.generate();
            Keys.write(pair, keyFile, publicKey);
        }
        new TrustStore(runtimeData.resolve("trusted-keys")).trust(Keys.readPublic(publicKey), "demo");
        Path pkg = dir.resolve("pdm.fpkg");
        var manifest = PackageBuilder.build(trained, pkg, Keys.readPrivate(keyFile), "edge", Double.NaN);
        context.out().println("  " + pkg + " (" + manifest.entries().size() + " entries, signed " + manifest.signer() + ")");
        return pkg;
    }

    void step(String text) {
        context.out().println("== " + text);
    }

    /**
     * Points the demo project's device connections at the simulator that serves it now (its port is
     * chosen free each run), so that the pipeline deployed to the runtime connects to it with the
     * bindings in its package, as it would to a real plant.
     */
    static void pointConnectionsAt(Path plantFile, String endpoint) throws IOException {
        Enterprise plant = PlantFiles.load(plantFile);
        for (io.fabrica.model.plant.DeviceConnection c : plant.getConnections()) {
            c.setEndpoint(endpoint);
        }
        PlantFiles.save(plant, plantFile);
    }

    static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
