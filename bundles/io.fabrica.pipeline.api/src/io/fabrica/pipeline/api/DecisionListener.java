package io.fabrica.pipeline.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Receives the decisions of a running pipeline (the CLI prints them, the workbench shows them, the
 * runtime publishes them).
 *
 * <p>Implemented by Fabrica; vendors use it: the hosts that run pipelines implement it and the engine
 * calls it; vendor stages do not see it.
 *
 * <p>Threading: called on the pipeline's thread, in the order the decisions were made (except
 * {@link #parameterWrite} for an approved value, which comes on the approving thread): return quickly,
 * do not block and do not throw (an exception stops the run).
 *
 * @since 1.0
 */
@ProviderType
@FunctionalInterface
public interface DecisionListener {

    /**
     * A decision stage decided.
     *
     * @param decision a decision with its reasons
     */
    void decided(Decision decision);

    /**
     * An alarm sink raised an alarm: the decision behind it turned positive. Default: ignored.
     *
     * @param message the sink's message
     * @param severity the sink's severity (1..1000, OPC UA style)
     * @param cause the decision that raised it, with its reasons
     */
    default void alarmRaised(String message, int severity, Decision cause) {
    }

    /**
     * A write sink wrote, or asked approval for, a process parameter value. Default: ignored.
     *
     * @param write what was (or would be) written and why it was refused or held, if it was
     */
    default void parameterWrite(ParameterWrite write) {
    }
}
