package io.fabrica.pipeline.engine.stages;

import java.util.List;

import io.fabrica.pipeline.AlarmSink;
import io.fabrica.pipeline.api.Decision;
import io.fabrica.pipeline.api.DecisionListener;
import io.fabrica.pipeline.api.Frame;
import io.fabrica.pipeline.api.StageKernel;

/** Raises an alarm when the decision turns positive (once per episode, not on every window). */
final class AlarmKernel implements StageKernel, Announcing {

    private final String message;
    private final int severity;
    private List<DecisionListener> listeners = List.of();
    private boolean active;

    AlarmKernel(AlarmSink sink) {
        this.message = sink.getMessage() == null || sink.getMessage().isBlank() ? sink.getName() : sink.getMessage();
        this.severity = sink.getSeverity();
    }

    @Override
    public void listeners(List<DecisionListener> all) {
        this.listeners = all;
    }

    @Override
    public boolean process(Frame[] inputs, Frame[] outputs) {
        Decision d = inputs[0].decision();
        if (d != null) {
            if (d.positive() && !active) {
                listeners.forEach(l -> l.alarmRaised(message + ": " + d.outcome(), severity, d));
            }
            active = d.positive();
        }
        return false;
    }
}
