package io.fabrica.cli.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import org.eclipse.emf.common.util.EList;
import org.eclipse.emf.ecore.resource.ResourceSet;

import io.fabrica.model.plant.Access;
import io.fabrica.model.plant.Area;
import io.fabrica.model.plant.DataType;
import io.fabrica.model.plant.Enterprise;
import io.fabrica.model.plant.Equipment;
import io.fabrica.model.plant.Line;
import io.fabrica.model.plant.NamedElement;
import io.fabrica.model.plant.PlantFactory;
import io.fabrica.model.plant.Signal;
import io.fabrica.model.plant.Site;
import io.fabrica.model.resource.ElementPaths;
import io.fabrica.model.resource.PlantFileException;
import io.fabrica.model.resource.PlantFiles;
import io.fabrica.pipeline.DecisionKind;
import io.fabrica.pipeline.DecisionStage;
import io.fabrica.pipeline.ExplainStage;
import io.fabrica.pipeline.ExplanationMethod;
import io.fabrica.pipeline.Feature;
import io.fabrica.pipeline.FeatureStage;
import io.fabrica.pipeline.ModelStage;
import io.fabrica.pipeline.NormalizeStage;
import io.fabrica.pipeline.Pipeline;
import io.fabrica.pipeline.PortType;
import io.fabrica.pipeline.SignalSource;
import io.fabrica.pipeline.resource.PipelineBuilder;
import io.fabrica.pipeline.resource.PipelineFiles;

/**
 * Pipelines made for a dataset's signals ({@code fabrica new-pipeline}): the plant model describing the
 * signals by their element paths, and a PdM pipeline over them.
 */
final class DatasetPipelines {

    /** Bands of the FFT band energies: 8 equal bands up to the Nyquist frequency. */
    static final int FFT_BANDS = 8;
    private static final Feature[] FEATURES = {Feature.RMS, Feature.PEAK, Feature.CREST_FACTOR, Feature.KURTOSIS, Feature.SKEWNESS,
        Feature.FFT_BAND_ENERGY};
    private static final PlantFactory P = PlantFactory.eINSTANCE;

    /**
     * A window signal of a dataset.
     *
     * @param path its element path, {@code Enterprise/Site/Area/Line/Equipment…/Signal}
     * @param unit its UCUM unit, empty for none
     * @param window samples per window
     * @param rate samples per second
     */
    record WindowSignal(String path, String unit, int window, double rate) {
    }

    private DatasetPipelines() {
    }

    /**
     * The plant model holding the signals at their element paths.
     *
     * @throws IllegalArgumentException if a path is not {@code Enterprise/Site/Area/Line/Equipment…/Signal}
     */
    static Enterprise plant(List<WindowSignal> signals) {
        Enterprise plant = null;
        for (WindowSignal s : signals) {
            String[] names = s.path().split("/");
            if (names.length < 6 || (plant != null && !plant.getName().equals(names[0]))) {
                throw new IllegalArgumentException("signal path '" + s.path() + "' is not Enterprise/Site/Area/Line/Equipment/Signal of one plant");
            }
            if (plant == null) {
                plant = P.createEnterprise();
                plant.setName(names[0]);
            }
            equipment(plant, names).getSignals().add(signal(names[names.length - 1], s));
        }
        return plant;
    }

    private static Equipment equipment(Enterprise plant, String[] names) {
        Site site = child(plant.getSites(), names[1], n -> named(P.createSite(), n));
        Area area = child(site.getAreas(), names[2], n -> named(P.createArea(), n));
        Line line = child(area.getLines(), names[3], n -> named(P.createLine(), n));
        Equipment equipment = child(line.getEquipment(), names[4], n -> named(P.createEquipment(), n));
        for (String name : Arrays.copyOfRange(names, 5, names.length - 1)) {
            equipment = child(equipment.getEquipment(), name, n -> named(P.createEquipment(), n));
        }
        return equipment;
    }

    private static <T extends NamedElement> T child(EList<T> children, String name, Function<String, T> create) {
        for (T c : children) {
            if (name.equals(c.getName())) {
                return c;
            }
        }
        T created = create.apply(name);
        children.add(created);
        return created;
    }

    private static <T extends NamedElement> T named(T element, String name) {
        element.setName(name);
        return element;
    }

    /**
     * An array signal delivering one window per sampling interval: the interval is the window's duration,
     * so that the engine derives the sample rate (array length / interval) the FFT bands need.
     */
    private static Signal signal(String name, WindowSignal s) {
        Signal signal = P.createSignal();
        signal.setName(name);
        signal.setDataType(DataType.NUMBER_ARRAY);
        signal.setArrayLength(s.window());
        signal.setUnit(s.unit().isEmpty() ? null : s.unit());
        signal.setAccess(Access.READ);
        signal.setSamplingInterval(s.window() * 1000.0 / s.rate());
        return signal;
    }

    /**
     * The PdM pipeline: each window signal → features (RMS, peak, crest factor, kurtosis, skewness, FFT
     * band energies) → one normalize over all → autoencoder → threshold decision (3 windows) → explain →
     * alarm and decision log.
     */
    static Pipeline pdm(String stem, Enterprise plant, List<WindowSignal> signals, Path dataset) {
        PipelineBuilder b = new PipelineBuilder(stem + " PdM");
        List<Signal> plantSignals = plantSignals(plant, signals);
        List<FeatureStage> features = new ArrayList<>();
        List<Object> inputs = new ArrayList<>();
        for (Signal signal : plantSignals) {
            SignalSource source = b.source(signal.getName(), signal);
            FeatureStage f = b.features(signal.getName() + " Features", signal.getArrayLength(), FFT_BANDS, FEATURES);
            b.connect(source, f);
            features.add(f);
            inputs.add(PortType.VECTOR);
            inputs.add(f.getPorts().get(1).getSize());
        }
        NormalizeStage normalize = b.normalize("Normalize", inputs.toArray());
        features.forEach(f -> b.connect(f, normalize));
        int size = normalize.getPorts().get(normalize.getPorts().size() - 1).getSize();
        ModelStage model = b.model("Autoencoder", size, size);
        DecisionStage decision = b.decision("Anomaly", DecisionKind.THRESHOLD, 3, "normal", "anomaly");
        ExplainStage why = b.explain("Why", ExplanationMethod.FEATURE_CONTRIBUTIONS, PortType.VECTOR);
        b.connect(normalize, model).connect(model, decision).connect(decision, why).connect(normalize, why);
        b.connect(why, b.alarm("Anomaly Alarm", "Anomaly in " + String.join(", ", plantSignals.stream().map(Signal::getName).toList()), 700));
        b.connect(why, b.log("Decision Log", "decisions/" + stem + ".jsonl"));
        Pipeline pipeline = b.pipeline();
        pipeline.setDescription("Anomaly detection made by fabrica new-pipeline for the dataset " + dataset
                + ": vibration features, an autoencoder trained on normal windows, an alarm when the reconstruction error stays above"
                + " the threshold fitted on the validation windows for 3 windows, with the features that contributed most.");
        return pipeline;
    }

    private static List<Signal> plantSignals(Enterprise plant, List<WindowSignal> signals) {
        List<Signal> found = new ArrayList<>();
        for (WindowSignal s : signals) {
            plant.eAllContents().forEachRemaining(e -> {
                if (e instanceof Signal signal && ElementPaths.pathOf(signal).equals(s.path())) {
                    found.add(signal);
                }
            });
        }
        return found;
    }

    /** Saves the plant, then the pipeline beside it in the same resource set, so its references are relative. */
    static void save(Enterprise plant, Path plantFile, Pipeline pipeline, Path pipelineFile) throws PlantFileException {
        ResourceSet resources = PipelineFiles.newResourceSet();
        resources.createResource(PlantFiles.uriOf(plantFile)).getContents().add(plant);
        PlantFiles.saveRoot(plant, plantFile, resources);
        resources.createResource(PlantFiles.uriOf(pipelineFile)).getContents().add(pipeline);
        PlantFiles.saveRoot(pipeline, pipelineFile, resources);
    }
}
