package io.fabrica.pipeline.engine.stages;

import java.util.ArrayList;
import java.util.List;

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
import io.fabrica.pipeline.engine.WriteSettings;

/**
 * Writes a recommended value to a process parameter, and only safely. Every write — straight from the
 * pipeline, approved by a person, auto-approved, or a revert — passes the {@link WriteGuard} at the moment it
 * would reach the device: a value that is not a number, outside the safe bounds, a larger change than the
 * parameter's maximum step, or too soon after the last write is refused and never reaches the
 * {@link ParameterWriter}. When the parameter requires approval the value waits for a person (the newest
 * recommendation replaces an older waiting one); in shadow mode nothing is written nor held; without a
 * device (dataset replay) the value is reported as not connected.
 *
 * <p>{@link #offer} runs on the pipeline's thread; the approval methods on the approving thread: the
 * guard's state is shared under this object's lock.
 */
public final class WriteSinkKernel implements StageKernel, Announcing {

    private final String parameter;
    private final boolean approval;
    private final WriteGuard guard;
    private final List<ParameterWrite> pending = new ArrayList<>();
    private List<DecisionListener> listeners = List.of();
    private ParameterWriter writer;
    private boolean shadow;
    /** The latest source time seen: the pipeline's "now", at which an approved or reverted value is written. */
    private long latestTime = Long.MIN_VALUE;

    WriteSinkKernel(String path, WriteSignalSink sink) throws PipelineException {
        ProcessParameter target = sink.getTarget();
        if (target == null || target.eIsProxy() || target.getSafeMinimum() == null || target.getSafeMaximum() == null) {
            throw new PipelineException(path + ": writes no process parameter with safe bounds; run 'fabrica validate'");
        }
        this.parameter = ElementPaths.pathOf(target);
        this.approval = target.isRequiresApproval();
        this.guard = new WriteGuard(parameter, target.getSafeMinimum(), target.getSafeMaximum(), target.getMaxStep(),
                WriteSettings.DEFAULTS.minInterval().toMillis());
    }

    @Override
    public void listeners(List<DecisionListener> all) {
        this.listeners = all;
    }

    /** @param deviceWriter the writer of a live run, or {@code null} */
    public synchronized void writer(ParameterWriter deviceWriter) {
        this.writer = deviceWriter;
    }

    /** @param settings the rate limit and shadow mode */
    public synchronized void settings(WriteSettings settings) {
        guard.minInterval(settings.minInterval().toMillis());
        this.shadow = settings.shadow();
    }

    /** @return the element path of the parameter this sink writes */
    public String parameter() {
        return parameter;
    }

    /** @return the values waiting for approval */
    public synchronized List<ParameterWrite> pending() {
        return List.copyOf(pending);
    }

    @Override
    public boolean process(Frame[] inputs, Frame[] outputs) throws PipelineException {
        double value = inputs[0].values()[0];
        Recommendation why = inputs[0].recommendation();
        if (why != null && (float) value == (float) why.current()) { // frames carry floats
            return false; // the recommender changes another parameter and keeps this one
        }
        offer(value, inputs[0].timeMillis(), why);
        return false;
    }

    /**
     * A value proposed for the parameter: refused, held for approval, reported (shadow mode) or written.
     * {@link #process} passes the recommendation its input frame carries, if any.
     *
     * @param value the proposed value
     * @param time the source time of the data behind it
     * @param why the recommendation's reasons, or {@code null}
     * @return what became of it (also announced to the listeners)
     */
    public ParameterWrite offer(double value, long time, Recommendation why) {
        ParameterWrite result;
        synchronized (this) {
            latestTime = Math.max(latestTime, time);
            String refused = guard.refusal(value, time, why);
            if (refused != null) {
                result = new ParameterWrite(parameter, value, Status.REFUSED, time, refused, why);
            } else if (shadow) {
                result = new ParameterWrite(parameter, value, Status.SHADOW, time, "shadow mode: " + parameter + " would be "
                        + (approval ? "held for approval" : "written") + "; not written", why);
            } else if (approval) {
                result = new ParameterWrite(parameter, value, Status.AWAITING_APPROVAL, time, parameter + " requires approval before it is written",
                        why);
                pending.clear();
                pending.add(result);
            } else {
                result = write(new ParameterWrite(parameter, value, Status.WRITTEN, time, "written", why), "written");
            }
        }
        announce(result);
        return result;
    }

    /** Guards and writes; the caller holds the lock. A device that refuses the write is reported, not thrown. */
    private ParameterWrite write(ParameterWrite proposal, String detail) {
        long at = Math.max(latestTime, proposal.timeMillis());
        String refused = guard.refusalNow(proposal.value(), proposal.timeMillis(), at, proposal.recommendation());
        if (refused != null) {
            return proposal.with(Status.REFUSED, refused);
        }
        if (writer == null) {
            return proposal.with(Status.NOT_CONNECTED, "no device connected; " + parameter + " not written");
        }
        try {
            writer.write(parameter, proposal.value());
        } catch (PipelineException | RuntimeException e) {
            return proposal.with(Status.REFUSED, "the device refused the write of " + proposal.value() + " to " + parameter + ": " + e.getMessage());
        }
        guard.written(proposal.value(), at);
        return proposal.with(Status.WRITTEN, detail);
    }

    private void announce(ParameterWrite result) {
        listeners.forEach(l -> l.parameterWrite(result));
    }

    /**
     * Writes the value this sink is holding after a person approved it.
     *
     * @param held a value from {@link #pending()}
     * @param approver who approved it
     * @return what became of it: written, or refused by the guard or the device
     * @throws PipelineException if it is no longer waiting
     */
    public ParameterWrite approve(ParameterWrite held, String approver) throws PipelineException {
        ParameterWrite result;
        synchronized (this) {
            if (!pending.remove(held)) {
                throw new PipelineException("the value " + held.value() + " for " + parameter + " is no longer waiting");
            }
            result = write(held, "approved by " + approver);
        }
        announce(result);
        return result;
    }

    /**
     * Writes a value this sink once held, after a person (or an auto-approve band) approved it, even if a
     * newer recommendation has replaced it in {@link #pending()} since: the runtime keeps each held value
     * until it is decided, so that a person approves exactly the value they saw. The guard checks it as any
     * other write; whether it was approved is the caller's duty.
     *
     * @param held a value this sink announced as {@link Status#AWAITING_APPROVAL}
     * @param approver who approved it (e.g. {@code "eng"} or {@code "auto-approved"})
     * @return what became of it
     * @throws PipelineException if it is not a held value of this sink's parameter
     */
    public ParameterWrite writeHeld(ParameterWrite held, String approver) throws PipelineException {
        if (held.status() != Status.AWAITING_APPROVAL || !held.parameter().equals(parameter)) {
            throw new PipelineException("not a value held for approval of " + parameter + ": " + held);
        }
        ParameterWrite result;
        synchronized (this) {
            pending.remove(held);
            result = write(held, "approved by " + approver);
        }
        announce(result);
        return result;
    }

    /**
     * Drops a held value without writing it.
     *
     * @param held a value this sink held
     * @param status {@link Status#REJECTED} or {@link Status#EXPIRED}
     * @param detail who and why, for the operator
     * @return the value with its new status (also announced)
     */
    public ParameterWrite drop(ParameterWrite held, Status status, String detail) {
        synchronized (this) {
            pending.remove(held);
        }
        ParameterWrite result = held.with(status, detail);
        announce(result);
        return result;
    }

    /**
     * Sets the parameter back to a value it had before a write made quality worse, through the same guard.
     *
     * @param previous the value to return to
     * @param time the source time of the observation that called for it
     * @param reason why, for the operator and the audit
     * @return {@link Status#REVERTED} if written, else refused or not connected
     */
    public ParameterWrite revert(double previous, long time, String reason) {
        ParameterWrite result;
        synchronized (this) {
            latestTime = Math.max(latestTime, time);
            result = write(new ParameterWrite(parameter, previous, Status.WRITTEN, time, reason, null), reason);
            if (result.status() == Status.WRITTEN) {
                result = result.with(Status.REVERTED, reason);
            }
        }
        announce(result);
        return result;
    }
}
