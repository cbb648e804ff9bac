package io.fabrica.deploy.runtime.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.fabrica.pipeline.api.InferenceEngine;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.djl.DjlEngines;
import io.fabrica.pipeline.djl.parity.GoldenSet;
import io.fabrica.pipeline.djl.parity.ParityGate;
import io.fabrica.pipeline.engine.PipelineEngine;

/**
 * The parity gate on the controller: before a deployment starts, the golden inputs stored with each of
 * its models run through this runtime's inference engine (and raw ONNX Runtime), so a model that would
 * compute something else here than where it was trained never starts. {@code fabrica package} and
 * {@code deploy} run the same gate on the engineer's machine; this one uses the runtime's own engine and
 * native libraries. Models without golden inputs are not checked (as there).
 */
final class RuntimeParity {

    private RuntimeParity() {
    }

    /**
     * @param engine the runtime's pipeline engine
     * @param pipelineFile the installed pipeline; its folder holds the models and their {@code golden.json}
     * @throws PipelineException naming the model, the path and the difference if a model differs
     * @throws IOException if a golden set cannot be read
     */
    static void check(PipelineEngine engine, Path pipelineFile) throws PipelineException, IOException {
        InferenceEngine onnx = engine.inferenceEngines().stream().filter(e -> e.name().equals(DjlEngines.ONNX_RUNTIME)).findFirst().orElse(null);
        if (onnx == null) {
            return; // a package that needs ONNX Runtime was refused at deploy (checkEngines)
        }
        Path folder = pipelineFile.toAbsolutePath().getParent();
        List<Path> goldens;
        try (Stream<Path> files = Files.walk(folder)) {
            goldens = files.filter(p -> p.getFileName().toString().equals(GoldenSet.FILE)).sorted().toList();
        }
        for (Path golden : goldens) {
            Path model = golden.resolveSibling(GoldenSet.read(golden).model());
            for (ParityGate.Check check : ParityGate.checkModel(onnx, model, folder.relativize(model).toString())) {
                if (!check.passed()) {
                    throw new PipelineException("parity gate failed on this runtime: " + check.describe()
                            + "; the model would not compute here what it computed when it was trained or imported, so it was not started");
                }
            }
        }
    }
}
