package io.fabrica.ui.deploy.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Consumer;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.QualifiedName;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.ui.progress.IProgressConstants;

import io.fabrica.deploy.api.DeploymentException;

/**
 * The deployment actions as jobs: deploy a package to a runtime, and Start/Stop/Rollback/Remove a
 * deployment. Every job records its outcome in the audit trail and hands it to the view's callback.
 *
 * <p>Threading: the returned jobs are not scheduled yet, so a caller can listen to them first; the
 * outcome is also left on the job as the {@link #OUTCOME} property. The callback runs on the job's thread. A failed
 * job returns an error status that appears in the Progress view but opens no dialog of its own: the view
 * decides how to show it (message bar, and a dialog when the user started the action).
 */
final class RuntimeOperations {

    /** Family of every job started here, so tests and shutdown can find them. */
    static final Object FAMILY = RuntimeOperations.class;
    /** Job property holding the {@link Outcome} once the job is done. */
    static final QualifiedName OUTCOME = new QualifiedName("io.fabrica.ui.deploy", "outcome");

    private final RuntimeClient client;
    private final AuditTrail audit;
    private final Consumer<Outcome> done;

    RuntimeOperations(RuntimeClient client, AuditTrail audit, Consumer<Outcome> done) {
        this.client = client;
        this.audit = audit;
        this.done = done;
    }

    /** Deploys a package file to one runtime. */
    Job deploy(Path pkg, RuntimeEntry runtime, boolean force) {
        String name = pkg.getFileName().toString();
        return job("Deploying " + name + " to " + runtime.endpoint() + (force ? " (forced)" : ""), monitor -> {
            long size;
            try {
                size = Files.size(pkg);
            } catch (IOException e) {
                return new Outcome(runtime, "Deploy", name, false, "cannot read " + pkg + ": " + e.getMessage(), false, force);
            }
            SubMonitor progress = SubMonitor.convert(monitor, MonitorUploadProgress.work(size));
            progress.subTask("Uploading " + name + " (" + size / 1024 + " KB)");
            try {
                String id = client.deploy(runtime, pkg, force, new MonitorUploadProgress(progress, name));
                return new Outcome(runtime, "Deploy", name + " → " + id, true, "", false, force);
            } catch (DeploymentException e) {
                return failed(runtime, "Deploy", name, e, force);
            }
        });
    }

    /** Runs Start, Stop, Rollback or Remove on a deployment of a runtime. */
    Job control(String operation, RuntimeEntry runtime, String id) {
        return job(operation + " " + id + " on " + runtime.endpoint(), monitor -> {
            try {
                client.control(runtime, operation, id);
                return new Outcome(runtime, operation, id, true, "", false, false);
            } catch (DeploymentException e) {
                return failed(runtime, operation, id, e, false);
            }
        });
    }

    private static Outcome failed(RuntimeEntry runtime, String action, String subject, DeploymentException e, boolean force) {
        return new Outcome(runtime, action, subject, false, Failures.reason(runtime, e), Failures.isRefusal(runtime, e), force);
    }

    /** The work of one job: blocking, returns how it ended. */
    private interface Work {
        Outcome run(IProgressMonitor monitor);
    }

    private Job job(String title, Work work) {
        Job job = new Job(title) {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                if (monitor.isCanceled()) {
                    return Status.CANCEL_STATUS;
                }
                Outcome outcome = work.run(monitor);
                audit.record(new AuditEntry(Instant.now(), outcome.runtime().endpoint(), outcome.action(), outcome.subject(),
                        outcome.ok() ? (outcome.forced() ? "ok (forced past the cycle budget)" : "ok") : (outcome.refused() ? "refused: " : "failed: ") + outcome.reason(), outcome.ok()));
                setProperty(OUTCOME, outcome);
                done.accept(outcome);
                return outcome.ok() ? Status.OK_STATUS : Status.error(outcome.message());
            }

            @Override
            public boolean belongsTo(Object family) {
                return family == FAMILY;
            }
        };
        // the view shows failures itself; without this the workbench would open a second, generic dialog
        job.setProperty(IProgressConstants.NO_IMMEDIATE_ERROR_PROMPT_PROPERTY, Boolean.TRUE);
        return job;
    }
}
