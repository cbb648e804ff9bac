package io.fabrica.ui.deploy.internal;

import java.util.function.Consumer;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;

import io.fabrica.deploy.api.DeploymentException;

/**
 * Polls one runtime's deployments every {@value #PERIOD_MILLIS} ms while the view is visible. One job
 * per runtime, so an unreachable runtime (which takes a connect timeout to fail) does not delay the
 * others. The deployment SPI offers no subscription, so polling it is.
 *
 * <p>Threading: a system job (not shown in the Progress view); the result lands in the {@link RuntimeEntry}
 * and the callback (job thread) tells the view to refresh. A failed poll is not an error to report in a
 * dialog: it is the runtime's reachability, shown in its row.
 */
final class RuntimePoller extends Job {

    /** Time between the end of one poll and the start of the next. */
    static final long PERIOD_MILLIS = 2000;
    /** Family of every poller, for tests and shutdown. */
    static final Object FAMILY = RuntimePoller.class;

    private final RuntimeEntry runtime;
    private final RuntimeClient client;
    private final Consumer<RuntimeEntry> polled;
    private volatile boolean active;

    RuntimePoller(RuntimeEntry runtime, RuntimeClient client, Consumer<RuntimeEntry> polled) {
        super("Polling " + runtime.endpoint());
        this.runtime = runtime;
        this.client = client;
        this.polled = polled;
        setSystem(true);
    }

    /** Starts polling now, or polls at once if it was waiting for its next turn. */
    void pollNow() {
        active = true;
        if (getState() == Job.SLEEPING) {
            wakeUp();
        } else if (getState() == Job.NONE) {
            schedule();
        }
    }

    /** Stops after the current poll (the view was hidden or closed, or the runtime removed). */
    void stop() {
        active = false;
        cancel();
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        try {
            if (!runtime.user().isEmpty() && runtime.password() == null) {
                // restored from the list without a remembered password: ask rather than be refused by the runtime
                runtime.unreachable(Reachability.unreachable("no password for " + runtime.user() + " in this session; choose Edit Credentials…",
                        false));
                polled.accept(runtime);
                return Status.OK_STATUS;
            }
            runtime.online(client.status(runtime));
        } catch (DeploymentException e) {
            runtime.unreachable(Reachability.unreachable(Failures.reason(runtime, e), Failures.isUntrustedCertificate(e)));
        } catch (RuntimeException e) {
            runtime.unreachable(Reachability.unreachable(e.getMessage() == null ? e.toString() : e.getMessage(), false));
        }
        polled.accept(runtime);
        if (active && !monitor.isCanceled()) {
            schedule(PERIOD_MILLIS);
        }
        return Status.OK_STATUS;
    }

    @Override
    public boolean shouldSchedule() {
        return active;
    }

    @Override
    public boolean belongsTo(Object family) {
        return family == FAMILY;
    }
}
