package com.example.fabrica.controller.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.fabrica.deploy.core.DeploymentPackage;
import io.fabrica.model.plant.Signal;
import io.fabrica.model.resource.PlantFileException;
import io.fabrica.pipeline.Connection;
import io.fabrica.pipeline.ModelStage;
import io.fabrica.pipeline.NormalizeStage;
import io.fabrica.pipeline.Pipeline;
import io.fabrica.pipeline.Port;
import io.fabrica.pipeline.PortDirection;
import io.fabrica.pipeline.SignalSource;
import io.fabrica.pipeline.Stage;
import io.fabrica.pipeline.engine.ModelCard;
import io.fabrica.pipeline.resource.PipelineFiles;

import com.example.fabrica.controller.internal.ModelInterface.Element;

/**
 * Reads what the controller needs from a verified package extracted into a folder: the pipeline's one
 * model stage, its ONNX file, its model card (feature names, classes, kind, threshold), the
 * standardisation a Normalize stage applies before the model, and the units of the plant signals the
 * features come from. Stateless; thread-safe.
 */
final class InterfaceReader {

    /** What a deployment exports: the ONNX file and the interface around it. */
    record ExportedModel(Path onnxFile, ModelInterface modelInterface) {
    }

    private InterfaceReader() {
    }

    /**
     * @param extracted the folder the package was extracted into
     * @param pkg the verified package
     * @return the model file (inside {@code extracted}) and its interface
     * @throws IOException naming the problem if the pipeline cannot be loaded or has not exactly one
     *         trained model stage
     */
    static ExportedModel read(Path extracted, DeploymentPackage pkg) throws IOException {
        Path pipelineFile = extracted.resolve(pkg.pipelineEntry());
        Pipeline pipeline = load(pipelineFile);
        ModelStage model = onlyModelStage(pipeline);
        Path onnx = pipelineFile.getParent().resolve(model.getModelFile()).normalize();
        if (!onnx.startsWith(extracted) || !Files.isRegularFile(onnx)) {
            throw new IOException("model stage '" + model.getName() + "' refers to " + model.getModelFile() + ", which the package does not hold");
        }
        Path cardFile = onnx.resolveSibling(ModelCard.FILE);
        ModelCard card = Files.isRegularFile(cardFile) ? ModelCard.read(cardFile) : null;
        String identifier = IecNames.identifier(pipeline.getName());
        List<Element> inputs = inputs(pipeline, model, card);
        List<Element> outputs = outputs(card, model, inputs);
        String kind = card == null ? "UNKNOWN" : card.kind();
        return new ExportedModel(onnx, new ModelInterface(pipeline.getId(), pipeline.getName(), pipeline.getVersion(), identifier, kind, "input",
                outputTensor(kind), card == null ? Double.NaN : card.threshold(), inputs, outputs));
    }

    private static Pipeline load(Path file) throws IOException {
        try {
            return PipelineFiles.load(file);
        } catch (PlantFileException e) {
            throw new IOException("the packaged pipeline cannot be loaded: " + e.getMessage(), e);
        }
    }

    private static ModelStage onlyModelStage(Pipeline pipeline) throws IOException {
        List<ModelStage> models = pipeline.getStages().stream().filter(ModelStage.class::isInstance).map(ModelStage.class::cast).toList();
        if (models.size() != 1) {
            throw new IOException("pipeline '" + pipeline.getName() + "' has " + models.size()
                    + " model stages; this controller runs exactly one ONNX model per pipeline");
        }
        ModelStage model = models.get(0);
        if (model.getModelFile() == null || model.getModelFile().isBlank()) {
            throw new IOException("model stage '" + model.getName() + "' has no model file: the pipeline is not trained");
        }
        return model;
    }

    /** Fabrica's exporter names the output tensor by kind (see the model card). */
    private static String outputTensor(String kind) {
        return kind.toUpperCase(Locale.ROOT).contains("CLASSIFIER") ? "probabilities" : kind.equals("UNKNOWN") ? "output" : "error";
    }

    private static List<Element> inputs(Pipeline pipeline, ModelStage model, ModelCard card) {
        int size = card != null ? product(card.inputShape()) : product(model.getInputShape());
        List<String> names = card == null || card.inputNames() == null ? List.of() : card.inputNames();
        if (names.isEmpty() || names.size() != size) {
            return List.of(new Element("Input", "the model's input vector, shape " + shape(card, model), "", Math.max(size, 1)));
        }
        NormalizeStage normalize = normalizeFeeding(pipeline, model, size);
        Map<String, String> units = signalUnits(pipeline);
        IecNames ids = new IecNames();
        List<Element> elements = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            String name = names.get(i);
            String rawUnit = FeatureUnits.of(name, units);
            if (normalize != null) {
                double mean = normalize.getMeans().get(i);
                double deviation = normalize.getDeviations().get(i);
                elements.add(new Element(ids.unique(name), name + " standardized: (x - " + mean + ") / " + deviation + " with x in "
                        + (rawUnit.isEmpty() ? "its unit" : rawUnit), "1", 0));
            } else {
                elements.add(new Element(ids.unique(name), name, rawUnit, 0));
            }
        }
        return elements;
    }

    private static List<Element> outputs(ModelCard card, ModelStage model, List<Element> inputs) {
        int size = card != null ? product(card.outputShape()) : product(model.getOutputShape());
        List<String> classes = card == null || card.classes() == null ? List.of() : card.classes();
        String kind = card == null ? "" : card.kind().toUpperCase(Locale.ROOT);
        IecNames ids = new IecNames();
        List<Element> elements = new ArrayList<>();
        if (kind.contains("CLASSIFIER") && classes.size() == size) {
            for (String c : classes) {
                elements.add(new Element(ids.unique("P_" + c), "probability of class '" + c + "'", "1", 0));
            }
        } else if (kind.equals("AUTOENCODER") && size == inputs.size() && inputs.get(0).arrayLength() == 0) {
            for (Element in : inputs) {
                String unit = in.unit().equals("1") || in.unit().isEmpty() ? in.unit() : "(" + in.unit() + ")²";
                elements.add(new Element(ids.unique(in.identifier() + "_error"), "squared reconstruction error of " + in.meaning(), unit, 0));
            }
        } else {
            elements.add(new Element("Output", "the model's output vector, shape " + (card != null ? java.util.Arrays.toString(card.outputShape())
                    : model.getOutputShape()), "", Math.max(size, 1)));
        }
        return elements;
    }

    /** The Normalize stage whose output feeds the model's first input, if its statistics fit the model. */
    private static NormalizeStage normalizeFeeding(Pipeline pipeline, ModelStage model, int size) {
        Port in = model.getPorts().stream().filter(p -> p.getDirection() == PortDirection.IN).findFirst().orElse(null);
        for (Connection c : pipeline.getConnections()) {
            if (c.getTarget() == in && c.getSource() != null && c.getSource().eContainer() instanceof NormalizeStage n
                    && n.getMeans().size() == size && n.getDeviations().size() == size) {
                return n;
            }
        }
        return null;
    }

    /** Signal name → unit, for the signals the pipeline's sources read. */
    private static Map<String, String> signalUnits(Pipeline pipeline) {
        Map<String, String> units = new HashMap<>();
        for (Stage stage : pipeline.getStages()) {
            if (stage instanceof SignalSource source && source.getSignal() != null) {
                Signal signal = source.getSignal();
                units.put(signal.getName(), signal.getUnit() == null ? "" : signal.getUnit());
            }
        }
        return units;
    }

    private static String shape(ModelCard card, ModelStage model) {
        return card != null ? java.util.Arrays.toString(card.inputShape()) : String.valueOf(model.getInputShape());
    }

    private static int product(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    private static int product(List<Integer> shape) {
        return shape.isEmpty() ? 0 : product(shape.stream().mapToInt(Integer::intValue).toArray());
    }
}
