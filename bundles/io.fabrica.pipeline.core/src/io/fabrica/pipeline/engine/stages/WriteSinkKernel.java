package io.fabrica.pipeline.engine.stages;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.fabrica.model.plant.ProcessParameter;
import io.fabrica.model.resource.ElementPaths;
import io.fabrica.pipeline.WriteSignalSink;
import io.fabrica.pipeline.api.DecisionListener;
import io.fabrica.pipeline.api.Frame;
import io.fabrica.pipeline.api.ParameterWrite;
import io.fabrica.pipeline.api.ParameterWrite.Status;
import io.fabrica.pipeline.api.ParameterWriter;
import io.fabrica.pipeline.api.PipelineException;
import io.fabrica.pipeline.api.Recommendation;
import io.fabrica.pipeline.api.StageKernel;

/**
 * Writes a recommended value to a process parameter, and only safely: a value outside the parameter's
 * safe bounds (or not a number) is refused; when the parameter requires approval the value waits for a
 * person (the newest recommendation replaces an older waiting one); otherwise it is written, or reported
 * as not connected when no device is attached (dataset replay).
 */
public final class WriteSinkKernel implements StageKernel, Announcing {

    private final String parameter;
    private final double minimum;
    private final double maximum;
    private final boolean approval;
    private final List<ParameterWrite> pending = new ArrayList<>();
    private List<DecisionListener> listeners = List.of();
    private ParameterWriter writer;

    WriteSinkKernel(String path, WriteSignalSink sink) throws PipelineException {
        ProcessParameter target = sink.getTarget();
        if (target == null || target.eIsProxy() || target.getSafeMinimum() == null || target.getSafeMaximum() == null) {
            throw new PipelineException(path + ": writes no process parameter with safe bounds; run 'fabrica validate'");
        }
        this.parameter = ElementPaths.pathOf(target);
        this.minimum = target.getSafeMinimum();
        this.maximum = target.getSafeMaximum();
        this.approval = target.isRequiresApproval();
    }

    @Override
    public void listeners(List<DecisionListener> all) {
        this.listeners = all;
    }

    /** @param deviceWriter the writer of a live run, or {@code null} */
    public void writer(ParameterWriter deviceWriter) {
        this.writer = deviceWriter;
    }

    /** @return the values waiting for approval */
    public synchronized List<ParameterWrite> pending() {
        return List.copyOf(pending);
    }

    @Override
    public boolean process(Frame[] inputs, Frame[] outputs) throws PipelineException {
        double value = inputs[0].values()[0];
        long time = inputs[0].timeMillis();
        Recommendation why = inputs[0].recommendation();
        if (why != null && (float) value == (float) why.current()) { // frames carry floats
            return false; // the recommender changes another parameter and keeps this one
        }
        ParameterWrite result;
        if (!Double.isFinite(value) || value < minimum || value > maximum) {
            result = new ParameterWrite(parameter, value, Status.REFUSED, time, String.format(Locale.ROOT,
                    "%s is outside the safe bounds [%s, %s] of %s; not written", value, minimum, maximum, parameter), why);
        } else if (approval) {
            result = new ParameterWrite(parameter, value, Status.AWAITING_APPROVAL, time, parameter + " requires approval before it is written", why);
            synchronized (this) {
                pending.clear();
                pending.add(result);
            }
        } else {
            result = write(value, time, "written", why);
        }
        ParameterWrite announced = result;
        listeners.forEach(l -> l.parameterWrite(announced));
        return false;
    }

    private ParameterWrite write(double value, long time, String detail, Recommendation why) throws PipelineException {
        if (writer == null) {
            return new ParameterWrite(parameter, value, Status.NOT_CONNECTED, time, "no device connected; " + parameter + " not written", why);
        }
        writer.write(parameter, value);
        return new ParameterWrite(parameter, value, Status.WRITTEN, time, detail, why);
    }

    /**
     * Writes a waiting value after a person approved it.
     *
     * @param held a value from {@link #pending()}
     * @param approver who approved it
     * @return what became of it
     * @throws PipelineException if it is no longer waiting or the write fails
     */
    public ParameterWrite approve(ParameterWrite held, String approver) throws PipelineException {
        synchronized (this) {
            if (!pending.remove(held)) {
                throw new PipelineException("the value " + held.value() + " for " + parameter + " is no longer waiting");
            }
        }
        ParameterWrite result = write(held.value(), held.timeMillis(), "approved by " + approver, held.recommendation());
        listeners.forEach(l -> l.parameterWrite(result));
        return result;
    }
}
