package io.fabrica.ui.deploy.internal;

import java.util.Optional;

import io.fabrica.deploy.api.DeploymentStatus;

/**
 * A deployment under its runtime in the tree. Identified by runtime and deployment id only, so a poll
 * that brings new values keeps the viewer's selection and expansion; the values are looked up from the
 * runtime's latest poll.
 *
 * @param runtime the runtime that hosts the deployment
 * @param id the deployment id
 */
public record DeploymentRow(RuntimeEntry runtime, String id) {

    /** @return the latest polled status, empty once the runtime no longer lists it */
    public Optional<DeploymentStatus> status() {
        return runtime.status(id);
    }

    /** @return the state column's text, e.g. {@code RUNNING}, or empty */
    public String state() {
        return status().map(DeploymentStatus::state).orElse("");
    }

    /** @return the version column's text, or empty */
    public String version() {
        return status().map(DeploymentStatus::version).orElse("");
    }
}
