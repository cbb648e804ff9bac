package io.fabrica.pipeline.djl.imports;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.common.command.AbstractCommand;

import io.fabrica.pipeline.DecisionStage;
import io.fabrica.pipeline.Engine;
import io.fabrica.pipeline.ModelStage;
import io.fabrica.pipeline.Port;
import io.fabrica.pipeline.PortDirection;

/**
 * The pipeline change of a model import, as one undoable EMF command: the Model stage's model file,
 * engine and signature, its output port's size, and the decision's classes when labels were given.
 * Executed on the workbench editor's command stack or, headless, on a {@code BasicCommandStack}.
 */
public final class ImportModelCommand extends AbstractCommand {

    private final ModelStage stage;
    private final DecisionStage decision;
    private final State target;
    private State before;

    /** Everything the command sets. */
    private record State(String modelFile, Engine engine, List<Integer> inputShape, List<Integer> outputShape, int outputPortSize,
            List<String> classes) {
    }

    /**
     * @param stage the Model stage
     * @param decision the decision after it, or {@code null}
     * @param modelFile the model file relative to the pipeline
     * @param inputShape the input shape per sample
     * @param outputShape the output shape per sample
     * @param classes the decision's classes to set, or empty to keep them
     */
    public ImportModelCommand(ModelStage stage, DecisionStage decision, String modelFile, int[] inputShape, int[] outputShape,
            List<String> classes) {
        super("Import ONNX model " + modelFile, "Sets the model file and signature of " + stage.getName());
        this.stage = stage;
        this.decision = decision;
        int outputs = 1;
        for (int d : outputShape) {
            outputs *= d;
        }
        this.target = new State(modelFile, Engine.ONNX_RUNTIME, boxed(inputShape), boxed(outputShape), outputs,
                classes.isEmpty() || decision == null ? null : List.copyOf(classes));
    }

    private static List<Integer> boxed(int[] values) {
        List<Integer> list = new ArrayList<>();
        for (int v : values) {
            list.add(v);
        }
        return list;
    }

    @Override
    protected boolean prepare() {
        return true;
    }

    @Override
    public void execute() {
        Port out = outputPort();
        before = new State(stage.getModelFile(), stage.getEngine(), List.copyOf(stage.getInputShape()), List.copyOf(stage.getOutputShape()),
                out == null ? 0 : out.getSize(), decision == null ? null : List.copyOf(decision.getClasses()));
        apply(target);
    }

    @Override
    public void undo() {
        apply(before);
    }

    @Override
    public void redo() {
        apply(target);
    }

    private void apply(State state) {
        stage.setModelFile(state.modelFile());
        stage.setEngine(state.engine());
        stage.getInputShape().clear();
        stage.getInputShape().addAll(state.inputShape());
        stage.getOutputShape().clear();
        stage.getOutputShape().addAll(state.outputShape());
        Port out = outputPort();
        if (out != null) {
            out.setSize(state.outputPortSize());
        }
        if (decision != null && state.classes() != null) {
            decision.getClasses().clear();
            decision.getClasses().addAll(state.classes());
        }
    }

    private Port outputPort() {
        return stage.getPorts().stream().filter(p -> p.getDirection() == PortDirection.OUT).findFirst().orElse(null);
    }
}
