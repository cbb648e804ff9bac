package io.fabrica.ui.deploy.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.InputDialog;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.window.Window;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CLabel;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.part.ViewPart;

import io.fabrica.deploy.api.DeploymentException;
import io.fabrica.deploy.opcua.ApprovalsClient;
import io.fabrica.devices.core.DeviceDrivers;
import io.fabrica.ui.FabricaUi;
import io.fabrica.ui.Services;
import io.fabrica.ui.UiThread;

/**
 * The Approvals view: the parameter writes the runtimes of the Deployment view hold for a person, polled every
 * two seconds while the view is open, with Approve and Reject… (which asks for the reason), and the latest
 * decisions of each runtime. The runtimes and their passwords are the Deployment view's (its saved list and
 * this session's passwords). Approving needs the engineer user until roles exist (issue 20); the runtime
 * refuses and audits anyone else, and the refusal shows here.
 *
 * <p>Threading: polls and decisions run as jobs; their results reach the tables through {@link UiThread}. The
 * public methods are the work without dialogs, for tests.
 */
public final class ApprovalsView extends ViewPart {

    /** The view id (see plugin.xml). */
    public static final String ID = FabricaUi.APPROVALS_VIEW;
    private static final long PERIOD_MILLIS = 2000;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final RuntimeListStore listStore = new RuntimeListStore();
    private final CredentialStore credentials = new CredentialStore();
    private final List<ApprovalRow> rows = new CopyOnWriteArrayList<>();
    private final List<ApprovalsClient.Event> history = new CopyOnWriteArrayList<>();
    private ApprovalsClient client;
    private TableViewer pending;
    private TableViewer decisions;
    private CLabel message;
    private Button approve;
    private Button reject;
    private volatile String pollProblem = "";
    private final Job poller = new Job("Polling approvals") {
        @Override
        protected IStatus run(IProgressMonitor monitor) {
            poll();
            if (!monitor.isCanceled() && message != null && !message.isDisposed()) {
                schedule(PERIOD_MILLIS);
            }
            return Status.OK_STATUS;
        }
    };

    @Override
    public void createPartControl(Composite parent) {
        client = new ApprovalsClient(Services.get(DeviceDrivers.class));
        GridLayoutFactory.fillDefaults().spacing(0, 2).applyTo(parent);
        message = new CLabel(parent, SWT.NONE);
        message.setData(FabricaUi.WIDGET_KEY, "approvals.message");
        GridDataFactory.fillDefaults().grab(true, false).applyTo(message);
        Composite buttons = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(3).margins(4, 2).applyTo(buttons);
        approve = button(buttons, "Approve", "approvals.approve", () -> selected(row -> decide(approve(row), row, "Approve")));
        reject = button(buttons, "Reject…", "approvals.reject", () -> selected(this::askReason));
        Label hint = new Label(buttons, SWT.WRAP);
        hint.setText("Held parameter writes of the runtimes in the Deployment view. Approving writes the value now, re-checked against the"
                + " safe bounds, the step limit and the rate limit; only the engineer user may approve or reject.");
        GridDataFactory.fillDefaults().grab(true, false).applyTo(hint);
        SashForm sash = new SashForm(parent, SWT.VERTICAL);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(sash);
        pending = ApprovalTables.pending(sash);
        decisions = ApprovalTables.history(sash);
        sash.setWeights(55, 45);
        pending.addSelectionChangedListener(e -> enable());
        enable();
        poller.setSystem(true);
        poller.schedule();
    }

    private Button button(Composite parent, String text, String key, Runnable action) {
        Button b = new Button(parent, SWT.PUSH);
        b.setText(text);
        b.setData(FabricaUi.WIDGET_KEY, key);
        b.addListener(SWT.Selection, e -> action.run());
        return b;
    }

    private void enable() {
        boolean one = !pending.getStructuredSelection().isEmpty();
        approve.setEnabled(one);
        reject.setEnabled(one);
    }

    private void selected(java.util.function.Consumer<ApprovalRow> action) {
        IStructuredSelection selection = pending.getStructuredSelection();
        if (selection.getFirstElement() instanceof ApprovalRow row) {
            action.accept(row);
        }
    }

    private void askReason(ApprovalRow row) {
        InputDialog ask = new InputDialog(getSite().getShell(), "Reject " + row.item().id(), "Why is " + ApprovalTables.number(row.item().proposed())
                + " for " + ApprovalTables.name(row.item().parameter()) + " rejected? (goes into the runtime's audit log)", "",
                text -> text.isBlank() ? "A rejection needs a reason." : null);
        if (ask.open() == Window.OK) {
            decide(reject(row, ask.getValue()), row, "Reject");
        }
    }

    /** A decision started from a button also gets a dialog when it fails. */
    private void decide(Job job, ApprovalRow row, String what) {
        job.addJobChangeListener(new org.eclipse.core.runtime.jobs.JobChangeAdapter() {
            @Override
            public void done(org.eclipse.core.runtime.jobs.IJobChangeEvent event) {
                if (!event.getResult().isOK()) {
                    UiThread.whileAlive(message, () -> MessageDialog.openError(getSite().getShell(), what + " " + row.item().id() + " failed",
                            event.getResult().getMessage()));
                }
            }
        });
    }

    @Override
    public void setFocus() {
        pending.getControl().setFocus();
    }

    @Override
    public void dispose() {
        poller.cancel();
        super.dispose();
    }

    // --- public work (no dialogs) ---

    /**
     * Approves a held write on its runtime, as a job.
     *
     * @param row a row of {@link #rows()}
     * @return the running job; its result is the runtime's answer
     */
    public Job approve(ApprovalRow row) {
        return run("Approve " + row.item().id(), row, () -> client.approve(RuntimeClient.spec(row.runtime(), TIMEOUT), row.item().id()));
    }

    /**
     * Rejects a held write on its runtime, as a job.
     *
     * @param row a row of {@link #rows()}
     * @param reason why, for the runtime's audit log
     * @return the running job
     */
    public Job reject(ApprovalRow row, String reason) {
        return run("Reject " + row.item().id(), row, () -> client.reject(RuntimeClient.spec(row.runtime(), TIMEOUT), row.item().id(), reason));
    }

    /** A call to a runtime that answers with a sentence. */
    @FunctionalInterface
    private interface Call {
        String call() throws DeploymentException;
    }

    private Job run(String name, ApprovalRow row, Call call) {
        Job job = Job.create(name, monitor -> {
            try {
                String done = call.call();
                show(row.item().id() + ": " + done, false);
                poll();
                return Status.OK_STATUS;
            } catch (DeploymentException e) {
                show(row.item().id() + ": " + e.getMessage(), true);
                return Status.error(e.getMessage());
            }
        });
        job.schedule();
        return job;
    }

    /** Polls every runtime of the Deployment view's list now (on the calling thread). */
    public void poll() {
        List<ApprovalRow> now = new ArrayList<>();
        List<ApprovalsClient.Event> decided = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (RuntimeListStore.Saved saved : listStore.load()) {
            RuntimeEntry entry = new RuntimeEntry(saved.endpoint(), saved.user(), credentials.recall(saved.endpoint()), saved.remember());
            try {
                ApprovalsClient.Snapshot s = client.list(RuntimeClient.spec(entry, TIMEOUT));
                s.pending().forEach(p -> now.add(new ApprovalRow(entry, p)));
                decided.addAll(s.history());
            } catch (DeploymentException e) {
                problems.add(e.getMessage());
            }
        }
        decided.sort((a, b) -> b.time().compareTo(a.time()));
        rows.clear();
        rows.addAll(now);
        history.clear();
        history.addAll(decided);
        String problem = String.join("; ", problems);
        if (!problem.equals(pollProblem)) {
            pollProblem = problem;
            show(problem, !problem.isEmpty());
        }
        UiThread.whileAlive(message, this::refresh);
    }

    private void refresh() {
        Object keep = pending.getStructuredSelection().getFirstElement();
        pending.setInput(List.copyOf(rows));
        if (keep instanceof ApprovalRow was) {
            rows.stream().filter(r -> r.item().id().equals(was.item().id())).findFirst()
                    .ifPresent(r -> pending.setSelection(new org.eclipse.jface.viewers.StructuredSelection(r)));
        }
        decisions.setInput(List.copyOf(history));
        enable();
    }

    private void show(String text, boolean error) {
        UiThread.whileAlive(message, () -> {
            message.setText(text);
            message.setToolTipText(text);
            message.setImage(text.isEmpty() ? null
                    : PlatformUI.getWorkbench().getSharedImages().getImage(error ? ISharedImages.IMG_OBJS_ERROR_TSK : ISharedImages.IMG_OBJS_INFO_TSK));
            var statusLine = getViewSite().getActionBars().getStatusLineManager();
            statusLine.setErrorMessage(error ? text : null);
            if (!error) {
                statusLine.setMessage(text);
            }
        });
    }

    /** @return the held writes as last polled */
    public List<ApprovalRow> rows() {
        return List.copyOf(rows);
    }

    /** @return the latest decisions of every runtime, newest first */
    public List<ApprovalsClient.Event> history() {
        return List.copyOf(history);
    }

    /** @return the message line's text */
    public String message() {
        return message.getText();
    }
}
