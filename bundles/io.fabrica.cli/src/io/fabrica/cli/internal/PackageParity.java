package io.fabrica.cli.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.List;

import io.fabrica.deploy.core.PackageBuilder;
import io.fabrica.deploy.core.PackageManifest;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.djl.parity.ParityGate;
import io.fabrica.pipeline.engine.PipelineEngine;

/**
 * The parity gate of {@code fabrica package} and {@code fabrica deploy}: the golden inputs of every
 * model in a package run through Fabrica's engine and raw ONNX Runtime on the model as packaged, and
 * a difference above the tolerance fails the command. {@code package} builds into a hidden file beside
 * the target and moves it into place only when the gate passes, so a failing package never appears.
 */
final class PackageParity {

    private PackageParity() {
    }

    /**
     * Builds a package and lets it through only if its models reproduce their golden outputs.
     *
     * @return the manifest
     * @throws PipelineException naming the model, path and value that differ; the output is then unchanged
     */
    static PackageManifest build(PipelineEngine engine, Path pipeline, Path out, PrivateKey key, String tier, double latency, PrintStream log)
            throws Exception {
        Path parent = out.toAbsolutePath().normalize().getParent();
        Files.createDirectories(parent);
        Path staged = parent.resolve("." + out.getFileName() + ".parity-" + ProcessHandle.current().pid());
        try {
            PackageManifest manifest = PackageBuilder.build(pipeline, staged, key, tier, latency);
            check(engine, staged, out.getFileName().toString(), log);
            io.fabrica.core.files.AtomicFiles.replace(staged, out);
            return manifest;
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    /**
     * Runs the gate on a package file.
     *
     * @param label the package's name in messages
     * @throws PipelineException if a model differs from its golden outputs
     */
    static void check(PipelineEngine engine, Path fpkg, String label, PrintStream log) throws PipelineException, IOException {
        List<ParityGate.Check> checks = ParityGate.checkPackage(ImportModelCommand.onnxRuntime(engine), fpkg);
        if (checks.isEmpty()) {
            log.println("parity: " + label + " has no model with golden inputs (trained or imported before the parity gate?): not checked");
            return;
        }
        for (ParityGate.Check check : checks) {
            log.println(check.describe().replace(fpkg.getFileName().toString(), label));
        }
        for (ParityGate.Check check : checks) {
            if (!check.passed()) {
                throw new PipelineException("parity gate failed: " + check.describe().replace(fpkg.getFileName().toString(), label)
                        + "; the model would not compute on the controller what it computed when it was trained or imported");
            }
        }
    }
}
