package io.fabrica.ui.deploy.internal;

import io.fabrica.deploy.opcua.ApprovalsClient;

/**
 * A held parameter write in the Approvals view, with the runtime that holds it.
 *
 * @param runtime the runtime (endpoint and credentials)
 * @param item the held write as the runtime publishes it
 */
public record ApprovalRow(RuntimeEntry runtime, ApprovalsClient.Pending item) {
}
