package io.fabrica.pipeline.djl.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.osgi.service.component.annotations.Component;

import io.fabrica.pipeline.api.InferenceEngine;
import io.fabrica.pipeline.api.InferenceSession;
import io.fabrica.pipeline.api.ModelLoadException;
import io.fabrica.pipeline.djl.DjlEngines;
import io.fabrica.pipeline.djl.training.ModelKind;
import io.fabrica.pipeline.djl.training.PyTorchModels;
import io.fabrica.pipeline.engine.ModelCard;

/**
 * PyTorch (CPU) through DJL, offline, for models trained in Fabrica: the model file is the DJL
 * parameters file ({@code model-0000.params}) and the architecture comes from the {@code model.json}
 * beside it. A pipeline chooses it with engine {@code PyTorch} and that file as its model file.
 */
@Component(service = InferenceEngine.class, property = "engine=PyTorch")
public final class PyTorchInferenceEngine implements InferenceEngine {

    @Override
    public String name() {
        return DjlEngines.PYTORCH;
    }

    @Override
    public boolean accepts(Path modelFile) {
        return modelFile.getFileName().toString().endsWith(".params") && Files.isRegularFile(modelFile.resolveSibling(ModelCard.FILE));
    }

    @Override
    public InferenceSession open(Path modelFile) throws ModelLoadException {
        Path file = modelFile.toAbsolutePath().normalize();
        Path cardFile = file.resolveSibling(ModelCard.FILE);
        if (!Files.isRegularFile(cardFile)) {
            throw new ModelLoadException(file, "has no " + ModelCard.FILE + " beside it; PyTorch runs models trained in Fabrica", null);
        }
        ModelCard card;
        try {
            card = ModelCard.read(cardFile);
        } catch (IOException e) {
            throw new ModelLoadException(file, e.getMessage(), e);
        }
        ModelKind kind;
        try {
            kind = ModelKind.valueOf(card.kind());
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(file, "its model card names an unknown kind '" + card.kind() + "'", e);
        }
        return PyTorchModels.open(file, kind, card.inputShape(), card.outputShape());
    }
}
