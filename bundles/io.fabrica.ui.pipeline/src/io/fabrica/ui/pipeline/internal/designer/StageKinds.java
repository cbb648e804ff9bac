package io.fabrica.ui.pipeline.internal.designer;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EClassifier;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.util.EcoreUtil;

import io.fabrica.pipeline.DecisionKind;
import io.fabrica.pipeline.ExplanationMethod;
import io.fabrica.pipeline.Feature;
import io.fabrica.pipeline.PipelineFactory;
import io.fabrica.pipeline.PipelinePackage;
import io.fabrica.pipeline.Port;
import io.fabrica.pipeline.PortDirection;
import io.fabrica.pipeline.PortType;
import io.fabrica.pipeline.Stage;
import io.fabrica.pipeline.api.StageFactory;
import io.fabrica.pipeline.resource.PipelineBuilder;

/**
 * The stage kinds of the palette: Fabrica's built-in kinds with the ports {@link PipelineBuilder} gives
 * them, and the vendor kinds of installed {@link StageFactory} services. A factory does not list what it
 * supports, so vendor kinds are found as the concrete {@link Stage} subclasses of registered EMF packages
 * (other than Fabrica's) that some factory {@link StageFactory#supports supports}. Stateless; call from
 * any thread.
 */
final class StageKinds {

    private StageKinds() {
    }

    /** @return the built-in kinds, grouped and ordered as in the palette */
    static List<StageKind> builtIns() {
        List<StageKind> kinds = new ArrayList<>();
        kinds.add(new StageKind("signal-source", "Signal source", PaletteGroup.SOURCES, "Reads a plant signal (choose it in Properties)",
                StageKinds::signalSource));
        kinds.add(new StageKind("dataset-source", "Dataset source", PaletteGroup.SOURCES, "Replays a recorded dataset folder",
                StageKinds::datasetSource));
        kinds.add(new StageKind("window", "Window", PaletteGroup.SIGNAL_PROCESSING, "Collects scalars into windows of samples",
                () -> detach(builder().window("", 1024, 512))));
        kinds.add(new StageKind("features", "Features", PaletteGroup.SIGNAL_PROCESSING, "Computes features of a window (rms, kurtosis, FFT bands, ...)",
                () -> detach(builder().features("", 1024, 8, Feature.RMS, Feature.PEAK, Feature.CREST_FACTOR, Feature.KURTOSIS,
                        Feature.SKEWNESS, Feature.FFT_BAND_ENERGY))));
        kinds.add(new StageKind("normalize", "Normalize", PaletteGroup.SIGNAL_PROCESSING, "Standardises a vector (statistics fitted by training)",
                () -> detach(builder().normalize("", PortType.VECTOR, 0))));
        kinds.add(new StageKind("image", "Image preprocess", PaletteGroup.SIGNAL_PROCESSING, "Crops, scales and normalises an image",
                () -> detach(builder().image("", 96, 96))));
        kinds.add(new StageKind("model", "Model", PaletteGroup.MODEL, "Runs an ONNX model (set by training)",
                () -> detach(builder().model("", 0, 0))));
        kinds.add(new StageKind("anomaly", "Anomaly (good parts)", PaletteGroup.MODEL,
                "Anomaly detection learnt from good parts only: PatchCore (pretrained patch features, nearest neighbour in a memory bank) or a variation model of aligned parts",
                () -> detach(builder().anomaly("", io.fabrica.pipeline.djl.anomaly.FeatureNetwork.DEFAULT, 256, 0))));
        kinds.add(new StageKind("decision", "Decision", PaletteGroup.DECISION, "Turns model output into a decision (threshold or argmax)",
                () -> detach(builder().decision("", DecisionKind.THRESHOLD, 1, "normal", "anomaly"))));
        kinds.add(new StageKind("explain", "Explain", PaletteGroup.DECISION, "Explains a decision by the inputs that drove it",
                () -> detach(builder().explain("", ExplanationMethod.FEATURE_CONTRIBUTIONS, PortType.VECTOR))));
        kinds.add(new StageKind("alarm", "Alarm", PaletteGroup.SINKS, "Raises an alarm on a positive decision",
                () -> detach(builder().alarm("", "Anomaly", 500))));
        kinds.add(new StageKind("log", "Decision log", PaletteGroup.SINKS, "Appends decisions to a JSON-lines file",
                () -> detach(builder().log("", "decisions/decisions.jsonl"))));
        kinds.add(new StageKind("write", "Write parameter", PaletteGroup.SINKS, "Writes a bounded process parameter (choose it in Properties)",
                () -> detach(builder().write("", null))));
        return kinds;
    }

    /**
     * The vendor kinds: concrete Stage subclasses outside Fabrica's package that an installed factory supports.
     *
     * @param factories the installed stage factories
     * @param registry the EMF packages to look in (normally {@link EPackage.Registry#INSTANCE})
     * @return one kind per supported class; empty when no vendor stage is installed
     */
    /**
     * @param problem told when the vendor stages cannot be listed (the built-in ones are still offered)
     * @return the built-in kinds, then the vendors'
     */
    static List<StageKind> available(java.util.function.Consumer<String> problem) {
        List<StageKind> kinds = new java.util.ArrayList<>(builtIns());
        try {
            kinds.addAll(vendor(io.fabrica.ui.Services.all(StageFactory.class), EPackage.Registry.INSTANCE));
        } catch (RuntimeException e) {
            problem.accept("vendor stages could not be listed: " + e.getMessage());
        }
        return kinds;
    }

    /** @return the kind with this palette id, or {@code null} */
    static StageKind find(List<StageKind> kinds, String id) {
        return kinds.stream().filter(k -> k.id().equals(id)).findFirst().orElse(null);
    }

    static List<StageKind> vendor(List<StageFactory> factories, EPackage.Registry registry) {
        List<StageKind> kinds = new ArrayList<>();
        for (String nsUri : List.copyOf(registry.keySet())) {
            EPackage pkg;
            try {
                pkg = registry.getEPackage(nsUri);
            } catch (RuntimeException e) {
                continue; // a package that fails to load is not offered rather than breaking the palette
            }
            if (pkg == null || pkg == PipelinePackage.eINSTANCE) {
                continue;
            }
            for (EClassifier classifier : pkg.getEClassifiers()) {
                if (classifier instanceof EClass c && !c.isAbstract() && !c.isInterface() && PipelinePackage.Literals.STAGE.isSuperTypeOf(c)
                        && factories.stream().anyMatch(f -> supports(f, c))) {
                    kinds.add(new StageKind("vendor:" + nsUri + "#" + c.getName(), humanize(c.getName()), PaletteGroup.VENDOR,
                            c.getName() + " from " + pkg.getName(), () -> vendorStage(c, factories)));
                }
            }
        }
        return kinds;
    }

    private static boolean supports(StageFactory factory, EClass c) {
        try {
            return factory.supports((Stage) EcoreUtil.create(c));
        } catch (RuntimeException e) {
            return false; // a vendor factory that throws is not offered
        }
    }

    /**
     * A new vendor stage with the ports its factory gives it ({@link StageFactory#addDefaultPorts});
     * without any, a generic tensor input and output (a tensor input accepts any numeric output).
     */
    private static Stage vendorStage(EClass c, List<StageFactory> factories) {
        Stage stage = (Stage) EcoreUtil.create(c);
        for (StageFactory factory : factories) {
            if (stage.getPorts().isEmpty() && supports(factory, c) && portsBy(factory, stage)) {
                break;
            }
        }
        if (stage.getPorts().isEmpty()) {
            stage.getPorts().add(port("in", PortDirection.IN, PortType.TENSOR));
            stage.getPorts().add(port("out", PortDirection.OUT, PortType.TENSOR));
        }
        return stage;
    }

    private static boolean portsBy(StageFactory factory, Stage stage) {
        try {
            return factory.addDefaultPorts(stage);
        } catch (RuntimeException e) {
            stage.getPorts().clear(); // a vendor factory that throws leaves no half-made ports
            return false;
        }
    }

    private static Stage signalSource() {
        return withScalarOutput(PipelineFactory.eINSTANCE.createSignalSource());
    }

    private static Stage datasetSource() {
        return withScalarOutput(PipelineFactory.eINSTANCE.createDatasetSource());
    }

    /** A source's one output: a single scalar. */
    private static Stage withScalarOutput(Stage source) {
        Port out = port("out", PortDirection.OUT, PortType.SCALAR);
        out.setSize(1);
        source.getPorts().add(out);
        return source;
    }

    private static Port port(String name, PortDirection direction, PortType type) {
        Port p = PipelineFactory.eINSTANCE.createPort();
        p.setName(name);
        p.setDirection(direction);
        p.setType(type);
        return p;
    }

    private static PipelineBuilder builder() {
        return new PipelineBuilder("palette");
    }

    /** The builder adds the stage to its own pipeline; the designer adds it to the edited one by command. */
    private static Stage detach(Stage stage) {
        EcoreUtil.remove(stage);
        return stage;
    }

    /**
     * @param stage a stage
     * @return its kind as the canvas shows it, e.g. "Signal source" for a SignalSource
     */
    static String labelOf(Stage stage) {
        String label = Labels.BY_CLASS.get(stage.eClass());
        return label != null ? label : humanize(stage.eClass().getName());
    }

    /**
     * @param stage a stage
     * @return its palette group; stages of other packages are vendor stages
     */
    static PaletteGroup groupOf(Stage stage) {
        PaletteGroup group = Labels.GROUPS.get(stage.eClass());
        return group != null ? group : PaletteGroup.VENDOR;
    }

    /** The palette labels and groups of the built-in classes, computed once (painting asks for every stage). */
    private static final class Labels {
        static final java.util.Map<EClass, String> BY_CLASS = new java.util.HashMap<>();
        static final java.util.Map<EClass, PaletteGroup> GROUPS = new java.util.HashMap<>();

        static {
            for (StageKind k : builtIns()) {
                EClass c = k.create().eClass();
                BY_CLASS.put(c, k.label());
                GROUPS.put(c, k.group());
            }
        }
    }

    /** "ImagePreprocessStage" becomes "Image preprocess stage". */
    static String humanize(String camel) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < camel.length(); i++) {
            char ch = camel.charAt(i);
            if (i > 0 && Character.isUpperCase(ch)) {
                b.append(' ').append(Character.toLowerCase(ch));
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }
}
