package io.fabrica.ui.deploy.internal;

import java.nio.file.Path;
import java.util.List;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.window.Window;
import org.eclipse.swt.widgets.Shell;
import io.fabrica.ui.UiThread;

/**
 * The Deployment view's dialogs around its public work: adding and editing runtimes, confirming a
 * removal, trusting a certificate after the user compared it, choosing a package to deploy, and a
 * dialog for an action that failed (offering Force when the cycle budget refused a deploy).
 */
final class DeploymentDialogs {
    private final DeploymentView view;
    private final RuntimeOperations operations;

    DeploymentDialogs(DeploymentView view, RuntimeOperations operations) {
        this.view = view;
        this.operations = operations;
    }

    private Shell shell() {
        return view.getSite().getShell();
    }

    void addRuntimeInteractively() {
        RuntimeDialog dialog = new RuntimeDialog(shell(), null);
        if (dialog.open() == Window.OK) {
            RuntimeDialog.Credentials c = dialog.result();
            view.addRuntime(c.endpoint(), c.user(), c.password(), c.remember());
        }
    }

    void editCredentialsInteractively(RuntimeEntry runtime) {
        RuntimeDialog dialog = new RuntimeDialog(shell(), runtime);
        if (dialog.open() == Window.OK) {
            RuntimeDialog.Credentials c = dialog.result();
            view.addRuntime(runtime.endpoint(), c.user(), c.password(), c.remember());
        }
    }

    void removeRuntimeInteractively(List<RuntimeEntry> chosen) {
        String names = String.join("\n", chosen.stream().map(RuntimeEntry::endpoint).toList());
        if (MessageDialog.openConfirm(shell(), "Remove Runtime", "Remove from the list (the runtime keeps its deployments):\n"
                + names)) {
            chosen.forEach(view::removeRuntime);
        }
    }

    void trustCertificateInteractively(RuntimeEntry runtime) {
        if (MessageDialog.openQuestion(shell(), "Trust Certificate", runtime.reachability().reason()
                + "\n\nTrust this certificate for " + runtime.endpoint() + "? Compare its thumbprint with the runtime's before you do.")) {
            view.trustCertificate(runtime);
        }
    }

    void deployInteractively(List<RuntimeEntry> proposed) {
        DeployDialog dialog = new DeployDialog(shell(), view.runtimes(), proposed);
        if (dialog.open() == Window.OK) {
            DeployDialog.Request request = dialog.result();
            for (RuntimeEntry r : request.runtimes()) {
                deployReportingFailure(request.pkg(), r, request.force());
            }
        }
    }

    private void deployReportingFailure(Path pkg, RuntimeEntry runtime, boolean force) {
        Job job = operations.deploy(pkg, runtime, force);
        job.addJobChangeListener(new FailureDialog(pkg));
        job.schedule();
    }

    void controlInteractively(String operation, List<DeploymentRow> rows) {
        if ("Remove".equals(operation) && !MessageDialog.openConfirm(shell(), "Remove Deployment",
                "Stop and remove from its runtime:\n" + String.join("\n", rows.stream().map(r -> r.id() + " on " + r.runtime().endpoint())
                        .toList()) + "\n\nThe runtime deletes its installed versions; this cannot be undone.")) {
            return;
        }
        for (DeploymentRow row : rows) {
            Job job = operations.control(operation, row.runtime(), row.id());
            job.addJobChangeListener(new FailureDialog(null));
            job.schedule();
        }
    }

    /** Shows a failed action in a dialog naming the runtime; offers Force when the cycle budget refused a deploy. */
    private final class FailureDialog extends JobChangeAdapter {
        private final Path pkg;

        FailureDialog(Path pkg) {
            this.pkg = pkg;
        }

        @Override
        public void done(IJobChangeEvent event) {
            if (!(event.getJob().getProperty(RuntimeOperations.OUTCOME) instanceof Outcome outcome) || outcome.ok()) {
                return;
            }
            UiThread.whileAlive(view.viewer().getControl(), () -> {
                if (outcome.offersForce()) {
                    if (MessageDialog.openQuestion(shell(), "Deployment refused", outcome.message()
                            + "\n\nDeploy anyway with Force?")) {
                        deployReportingFailure(pkg, outcome.runtime(), true);
                    }
                } else {
                    MessageDialog.openError(shell(), outcome.refused() ? "Deployment refused" : "Deployment failed",
                            outcome.message());
                }
            });
        }
    }
}
