package io.fabrica.pipeline.validation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.emf.common.util.BasicDiagnostic;
import org.eclipse.emf.common.util.Diagnostic;
import org.eclipse.emf.common.util.DiagnosticChain;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.util.EObjectValidator;

import io.fabrica.model.plant.DataType;
import io.fabrica.model.plant.ProcessParameter;
import io.fabrica.model.plant.Signal;
import io.fabrica.pipeline.Connection;
import io.fabrica.pipeline.DecisionKind;
import io.fabrica.pipeline.DecisionStage;
import io.fabrica.pipeline.ModelStage;
import io.fabrica.pipeline.Pipeline;
import io.fabrica.pipeline.PipelinePackage;
import io.fabrica.pipeline.Port;
import io.fabrica.pipeline.PortDirection;
import io.fabrica.pipeline.PortType;
import io.fabrica.pipeline.SignalSource;
import io.fabrica.pipeline.Stage;
import io.fabrica.pipeline.WindowStage;
import io.fabrica.pipeline.WriteSignalSink;

/**
 * The pipeline model's constraints for EMF's Diagnostician: connections go from an output to an
 * input of a compatible type and size; every input is fed exactly once; the graph has no cycle;
 * sources read signals that exist in the plant with a type their port can carry; sinks write only
 * process parameters with safe bounds; windows, decisions and models are configured consistently
 * (a model's input shape fits the port that feeds it).
 */
public class PipelineValidator extends EObjectValidator {

    /** Diagnostic source of the findings of this validator. */
    public static final String SOURCE = "io.fabrica.pipeline.validation";

    @Override
    protected EPackage getEPackage() {
        return PipelinePackage.eINSTANCE;
    }

    @Override
    public boolean validate(EClass eClass, EObject object, DiagnosticChain diagnostics, Map<Object, Object> context) {
        boolean ok = super.validate(eClass, object, diagnostics, context);
        Findings f = new Findings(object, diagnostics);
        if (object instanceof Pipeline pipeline) {
            checkInputsFedOnce(pipeline, f);
            checkAcyclic(pipeline, f);
        } else if (object instanceof Connection connection) {
            checkConnection(connection, f);
        } else if (object instanceof SignalSource source) {
            checkSource(source, f);
        } else if (object instanceof WriteSignalSink sink) {
            checkSink(sink, f);
        } else if (object instanceof WindowStage window) {
            checkWindow(window, f);
        } else if (object instanceof DecisionStage decision) {
            checkDecision(decision, f);
        } else if (object instanceof ModelStage model) {
            checkModel(model, f);
        } else if (object instanceof io.fabrica.pipeline.AnomalyStage anomaly) {
            checkAnomaly(anomaly, f);
        } else if (object instanceof io.fabrica.pipeline.FeatureStage features) {
            checkFeatures(features, f);
        } else if (object instanceof io.fabrica.pipeline.ImagePreprocessStage image) {
            checkAlignment(image, f);
        }
        return ok && !f.anyError;
    }

    /**
     * Whether a connection between these port types is allowed: same type, or anything numeric
     * into a tensor input (a model takes vectors, windows and images as tensors).
     *
     * @param from the output port's type
     * @param to the input port's type
     * @return whether they fit
     */
    public static boolean compatible(PortType from, PortType to) {
        return from == to || to == PortType.TENSOR && from != PortType.DECISION;
    }

    private static void checkConnection(Connection c, Findings f) {
        Port from = c.getSource();
        Port to = c.getTarget();
        if (from == null || to == null) {
            f.error("is not attached at both ends; connect an output port to an input port or delete it");
            return;
        }
        if (from.getDirection() != PortDirection.OUT || to.getDirection() != PortDirection.IN) {
            f.error("must go from an output port to an input port (" + PipelinePaths.of(from) + " -> " + PipelinePaths.of(to) + ")");
        } else if (!compatible(from.getType(), to.getType())) {
            f.error("connects a " + from.getType().getLiteral() + " output to a " + to.getType().getLiteral() + " input ("
                    + PipelinePaths.of(from) + " -> " + PipelinePaths.of(to) + "); insert a stage that converts it");
        } else if (from.getSize() > 0 && to.getSize() > 0 && from.getSize() != to.getSize()) {
            f.error("carries " + from.getSize() + " values into an input that expects " + to.getSize() + " (" + PipelinePaths.of(to)
                    + "); make the sizes agree");
        }
    }

    private static void checkInputsFedOnce(Pipeline pipeline, Findings f) {
        Map<Port, Integer> fed = new HashMap<>();
        pipeline.getConnections().forEach(c -> fed.merge(c.getTarget(), 1, Integer::sum));
        for (Stage stage : pipeline.getStages()) {
            for (Port port : stage.getPorts()) {
                int n = fed.getOrDefault(port, 0);
                if (port.getDirection() == PortDirection.IN && n != 1) {
                    f.errorOn(port, n == 0 ? "input is not connected; connect it to an output of type " + port.getType().getLiteral()
                            : "input is fed by " + n + " connections; an input takes exactly one");
                }
            }
        }
    }

    private static void checkAcyclic(Pipeline pipeline, Findings f) {
        Map<Stage, List<Stage>> next = new HashMap<>();
        for (Connection c : pipeline.getConnections()) {
            if (c.getSource() != null && c.getTarget() != null && c.getSource().eContainer() instanceof Stage a
                    && c.getTarget().eContainer() instanceof Stage b) {
                next.computeIfAbsent(a, k -> new ArrayList<>()).add(b);
            }
        }
        Set<Stage> done = new HashSet<>();
        for (Stage stage : pipeline.getStages()) {
            Stage inCycle = cycleFrom(stage, next, new HashSet<>(), done);
            if (inCycle != null) {
                f.errorOn(inCycle, "is part of a cycle; a pipeline must flow from sources to sinks");
                return;
            }
        }
    }

    private static Stage cycleFrom(Stage stage, Map<Stage, List<Stage>> next, Set<Stage> path, Set<Stage> done) {
        if (done.contains(stage)) {
            return null;
        }
        if (!path.add(stage)) {
            return stage;
        }
        for (Stage s : next.getOrDefault(stage, List.of())) {
            Stage cycle = cycleFrom(s, next, path, done);
            if (cycle != null) {
                return cycle;
            }
        }
        path.remove(stage);
        done.add(stage);
        return null;
    }

    private static void checkSource(SignalSource source, Findings f) {
        Signal signal = source.getSignal();
        if (signal == null) {
            f.error("reads no signal; choose a signal of the plant");
            return;
        }
        if (signal.eIsProxy()) {
            f.error("reads a signal that is not in the plant (" + org.eclipse.emf.ecore.util.EcoreUtil.getURI(signal)
                    + "); it was deleted or the plant file moved: choose the signal again");
            return;
        }
        PortType expected = signal.getDataType() == DataType.NUMBER_ARRAY ? PortType.WINDOW
                : signal.getDataType() == DataType.IMAGE ? PortType.IMAGE : PortType.SCALAR;
        for (Port out : source.getPorts()) {
            if (out.getDirection() == PortDirection.OUT && out.getType() != expected) {
                f.errorOn(out, "carries " + out.getType().getLiteral() + " but signal '" + signal.getName() + "' is "
                        + signal.getDataType().getLiteral() + "; make the port " + expected.getLiteral());
            }
        }
    }

    private static void checkSink(WriteSignalSink sink, Findings f) {
        ProcessParameter target = sink.getTarget();
        if (target == null) {
            f.error("writes no parameter; only a process parameter of the plant may be written");
        } else if (target.eIsProxy()) {
            f.error("writes a parameter that is not in the plant; choose it again");
        } else if (target.getSafeMinimum() == null || target.getSafeMaximum() == null) {
            f.error("writes '" + target.getName() + "', which has no safe bounds; give the parameter bounds before a pipeline may write it");
        } else if (target.isRequiresApproval()) {
            f.info("writes '" + target.getName() + "' only after a person approves each value (the parameter requires approval)");
        }
    }

    private static void checkWindow(WindowStage window, Findings f) {
        if (window.getSize() <= 0) {
            f.error("has window size " + window.getSize() + "; give the number of samples per window");
        } else if (window.getHop() <= 0 || window.getHop() > window.getSize()) {
            f.error("has hop " + window.getHop() + "; it must be between 1 and the window size " + window.getSize());
        }
    }

    private static void checkDecision(DecisionStage decision, Findings f) {
        if (decision.getKind() == DecisionKind.ARGMAX && decision.getClasses().size() < 2) {
            f.error("decides by argmax but names " + decision.getClasses().size() + " class(es); name every class the model outputs");
        }
        if (decision.getPersistence() < 1) {
            f.error("has persistence " + decision.getPersistence() + "; at least 1 result must agree before the decision changes");
        }
    }

    private static void checkFeatures(io.fabrica.pipeline.FeatureStage stage, Findings f) {
        if (stage.getFeatures().isEmpty()) {
            f.error("computes no features; choose at least one (rms, kurtosis, fft-band-energy, ...)");
            return;
        }
        if (stage.getFeatures().contains(io.fabrica.pipeline.Feature.FFT_BAND_ENERGY) && stage.getFftBands() < 1) {
            f.error("computes FFT band energies but has " + stage.getFftBands() + " bands; give the number of bands");
            return;
        }
        int dimension = io.fabrica.pipeline.features.FeatureExtractor.dimensionOf(stage);
        for (Port out : stage.getPorts()) {
            if (out.getDirection() == PortDirection.OUT && out.getSize() > 0 && out.getSize() != dimension) {
                f.errorOn(out, "declares " + out.getSize() + " values but the stage computes " + dimension + " features; set the size to "
                        + dimension);
            }
        }
    }

    private static void checkModel(ModelStage model, Findings f) {
        if (model.getModelFile() == null || model.getModelFile().isBlank()) {
            f.warning("has no model file yet; train the pipeline (fabrica train) or choose an ONNX file before running it");
        }
        long elements = 1;
        for (int d : model.getInputShape()) {
            elements *= d;
        }
        for (Port in : model.getPorts()) {
            if (in.getDirection() == PortDirection.IN && in.getSize() > 0 && !model.getInputShape().isEmpty() && elements != in.getSize()) {
                f.errorOn(in, "receives " + in.getSize() + " values but the model's input shape " + model.getInputShape() + " takes "
                        + elements + "; the model signature does not fit its input");
            }
        }
    }

    private static void checkAlignment(io.fabrica.pipeline.ImagePreprocessStage stage, Findings f) {
        if (stage.getAlignment() == io.fabrica.pipeline.PartAlignment.ROTATION && stage.getSymmetry() < 1) {
            f.error("aligns the rotation of a part with symmetry order " + stage.getSymmetry()
                    + "; give 1 for a part without symmetry, n for one that looks the same turned by 360/n degrees");
        }
    }

    /** The anomaly stage's feature extractor that compares aligned parts pixel by pixel (no network, no tiles). */
    private static final String VARIATION_MODEL = "variation-model";

    private static void checkAnomaly(io.fabrica.pipeline.AnomalyStage stage, Findings f) {
        if (stage.getModelFile() == null || stage.getModelFile().isBlank()) {
            f.warning("has no anomaly model yet; train the pipeline on good parts (fabrica train) before running it");
        }
        boolean variation = VARIATION_MODEL.equals(stage.getFeatureExtractor());
        if (!variation && (stage.getTileSize() < 32 || stage.getTileSize() % 32 != 0)) {
            f.error("has tile size " + stage.getTileSize() + "; the feature extractor takes square tiles of a multiple of 32 pixels (e.g. 256)");
        }
        if (!variation && (stage.getTileOverlap() < 0 || stage.getTileOverlap() >= stage.getTileSize())) {
            f.error("has tile overlap " + stage.getTileOverlap() + "; it must be at least 0 and less than the tile size " + stage.getTileSize());
        }
        if (stage.getFalseRejectRate() <= 0 || stage.getFalseRejectRate() >= 0.5) {
            f.error("has false-reject rate " + stage.getFalseRejectRate() + "; give the share of good parts the threshold may reject, e.g. 0.01");
        }
        if (stage.getCoresetFraction() <= 0 || stage.getCoresetFraction() > 1 || stage.getMaxMemoryBank() < 1) {
            f.error("keeps coreset fraction " + stage.getCoresetFraction() + " of at most " + stage.getMaxMemoryBank()
                    + " patches; the fraction must be in (0, 1] and the bound at least 1");
        }
        long images = stage.getPorts().stream().filter(p -> p.getDirection() == PortDirection.IN && p.getType() == PortType.IMAGE).count();
        long outs = stage.getPorts().stream().filter(p -> p.getDirection() == PortDirection.OUT).count();
        if (images != 1 || outs < 1) {
            f.error("needs one Image input and a Vector output (the score), optionally an Image output (the anomaly map)");
        }
    }

    /** Collects diagnostics; messages get the element's path from {@link PipelineValidation}. */
    private static final class Findings {
        private final EObject element;
        private final DiagnosticChain chain;
        private boolean anyError;

        Findings(EObject element, DiagnosticChain chain) {
            this.element = element;
            this.chain = chain;
        }

        void error(String message) {
            errorOn(element, message);
        }

        void errorOn(EObject on, String message) {
            anyError = true;
            add(Diagnostic.ERROR, on, message);
        }

        void warning(String message) {
            add(Diagnostic.WARNING, element, message);
        }

        void info(String message) {
            add(Diagnostic.INFO, element, message);
        }

        private void add(int severity, EObject on, String message) {
            if (chain != null) {
                chain.add(new BasicDiagnostic(severity, SOURCE, 0, message, new Object[] {on}));
            }
        }
    }
}
