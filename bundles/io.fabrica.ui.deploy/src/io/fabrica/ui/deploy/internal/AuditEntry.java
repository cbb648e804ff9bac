package io.fabrica.ui.deploy.internal;

import java.time.Instant;

/**
 * One action done from this workbench on a runtime.
 *
 * @param time when the action finished
 * @param runtime the runtime's endpoint
 * @param action e.g. {@code Deploy}, {@code Stop}
 * @param subject the package file name or the deployment id
 * @param result {@code ok …} or the readable reason it failed
 * @param ok whether the runtime accepted the action
 */
public record AuditEntry(Instant time, String runtime, String action, String subject, String result, boolean ok) {
}
