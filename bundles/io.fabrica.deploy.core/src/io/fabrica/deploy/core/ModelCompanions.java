package io.fabrica.deploy.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.fabrica.pipeline.engine.ModelCard;

/**
 * The files that travel with a model file into a package: its card ({@code model.json}), DJL parameter
 * files ({@code *.params}), golden inputs ({@code golden.json}, for the parity gate) and, for an
 * imported model, the external-data files its card lists (weights kept beside the ONNX graph).
 */
final class ModelCompanions {

    /** The golden inputs beside a model (written by training and import; see the parity gate). */
    static final String GOLDEN = "golden.json";

    private ModelCompanions() {
    }

    /**
     * @param model a model file
     * @return name relative to the model's folder → file, sorted
     * @throws PackageException if the folder cannot be listed, the card cannot be read, or an external-data file is missing
     */
    static Map<String, Path> of(Path model) throws PackageException {
        Map<String, Path> files = new TreeMap<>();
        Path folder = model.getParent();
        try (Stream<Path> all = Files.list(folder)) {
            all.filter(p -> !p.equals(model) && Files.isRegularFile(p)).filter(p -> {
                String name = p.getFileName().toString();
                return name.equals(ModelCard.FILE) || name.equals(GOLDEN) || name.endsWith(".params");
            }).forEach(p -> files.put(p.getFileName().toString(), p));
        } catch (IOException e) {
            throw new PackageException(folder + ": cannot list the model folder: " + e.getMessage(), e);
        }
        Path cardFile = folder.resolve(ModelCard.FILE);
        if (Files.isRegularFile(cardFile)) {
            externalData(cardFile, folder, files);
        }
        return files;
    }

    private static void externalData(Path cardFile, Path folder, Map<String, Path> files) throws PackageException {
        ModelCard card;
        try {
            card = ModelCard.read(cardFile);
        } catch (IOException e) {
            throw new PackageException(e.getMessage(), e);
        }
        if (card.source() == null || !(card.source().get("externalData") instanceof Map<?, ?> data)) {
            return;
        }
        for (Object name : data.keySet()) {
            Path file = folder.resolve(name.toString()).normalize();
            if (!file.startsWith(folder) || !Files.isRegularFile(file)) {
                throw new PackageException(cardFile + ": the model's external data file " + name + " is missing; import the model again");
            }
            files.put(folder.relativize(file).toString().replace('\\', '/'), file);
        }
    }
}
