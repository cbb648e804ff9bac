package io.fabrica.ui.devices.internal.explorer;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.jface.window.Window;
import org.eclipse.swt.widgets.Display;
import io.fabrica.devices.api.ConnectionSpec;
import io.fabrica.devices.api.DeviceDriver;
import io.fabrica.devices.api.DeviceException;
import io.fabrica.devices.api.DeviceSession;
import io.fabrica.devices.api.SessionState;
import io.fabrica.devices.core.DeviceDrivers;
import io.fabrica.devices.core.ManagedConnection;
import io.fabrica.devices.sim.SimulatedPlant;
import io.fabrica.ui.Services;

/**
 * The Device Explorer's connections: connecting in a job (staying in the Progress view until the
 * first attempt has an outcome), following each connection's health, asking about an untrusted
 * server certificate, disconnecting and starting the demo simulator. Widgets are touched on the UI
 * thread only.
 */
final class ExplorerConnections {

    private final DeviceExplorerView view;
    private final TreeViewer viewer;
    private final List<ConnectionNode> roots;

    ExplorerConnections(DeviceExplorerView view, TreeViewer viewer, List<ConnectionNode> roots) {
        this.view = view;
        this.viewer = viewer;
        this.roots = roots;
    }

    /** @param owned closed together with the connection (the demo simulator), or {@code null} */
    CompletableFuture<ConnectionNode> connect(ConnectionSpec spec, AutoCloseable owned) {
        CompletableFuture<ConnectionNode> result = new CompletableFuture<>();
        Display display = viewer.getControl().getDisplay();
        Job job = Job.create("Connecting to " + spec.endpoint(),
                (IProgressMonitor monitor) -> connectInBackground(spec, owned, result, display, monitor));
        job.schedule();
        return result;
    }

    private IStatus connectInBackground(ConnectionSpec spec, AutoCloseable owned, CompletableFuture<ConnectionNode> result, Display display,
            IProgressMonitor monitor) {
        monitor.beginTask("Connecting to " + spec.endpoint(), IProgressMonitor.UNKNOWN);
        DeviceDriver driver;
        try {
            driver = Services.get(DeviceDrivers.class).forEndpoint(spec.endpoint());
        } catch (IllegalArgumentException | IllegalStateException noDriver) {
            result.completeExceptionally(noDriver);
            closeQuietly(owned);
            ui(display, () -> view.showProblem("Cannot connect to " + spec.endpoint() + ": " + noDriver.getMessage()));
            return Status.OK_STATUS;
        }
        ManagedConnection managed = new ManagedConnection(driver, spec);
        ConnectionNode node = new ConnectionNode(spec, driver, managed);
        node.own(owned);
        node.connected().whenComplete((ok, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                result.complete(ok);
            }
        });
        managed.onStateChange(state -> {
            node.stateChanged(state);
            ui(display, () -> stateChanged(node));
        });
        node.stateChanged(managed.state()); // it started connecting in its constructor: a change may have come before the listener
        ui(display, () -> {
            if (viewer.getControl().isDisposed()) {
                close(List.of(node)); // the view was closed while connecting
                return;
            }
            roots.add(node);
            viewer.refresh();
            viewer.setSelection(new StructuredSelection(node));
            stateChanged(node);
        });
        // stay in the Progress view until the first attempt has an outcome; Cancel disconnects
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(spec.timeout().toMillis() * 3 + 1000);
        while (!node.connected().isDone() && "connecting".equals(managed.state().reason()) && System.nanoTime() < deadline) {
            if (monitor.isCanceled()) {
                ui(display, () -> disconnect(node));
                return Status.CANCEL_STATUS;
            }
            sleep(50);
        }
        monitor.done();
        return Status.OK_STATUS;
    }

    /** UI thread: shows the new health; expands a new connection; looks into a failure. */
    private void stateChanged(ConnectionNode node) {
        if (viewer.getControl().isDisposed() || !roots.contains(node)) {
            return;
        }
        SessionState state = node.state();
        if (state.status() == SessionState.Status.CONNECTED) {
            boolean browseAgain = node.children() != null && node.children().stream().anyMatch(MessageNode.class::isInstance);
            if (node.firstConnected() || browseAgain) {
                node.forgetChildren();
                viewer.refresh(node);
                viewer.setExpandedState(node, true);
            }
            node.connected().complete(node);
        } else if (state.status() == SessionState.Status.FAILED && !node.connected().isDone()) {
            examineFailure(node);
        }
        viewer.update(node, null);
        view.showState();
    }

    /**
     * A connection that failed for good: connects once more directly to learn whether an untrusted
     * certificate is the reason (the managed connection reports only the message), and if so asks
     * the user whether to trust it.
     */
    private void examineFailure(ConnectionNode node) {
        Display display = viewer.getControl().getDisplay();
        Job job = Job.create("Checking the certificate of " + node.endpoint(), monitor -> {
            ConnectionSpec spec = node.spec();
            try {
                DeviceSession probe = node.driver().connect(spec).get(spec.timeout().toMillis() * 3, TimeUnit.MILLISECONDS);
                probe.close(); // it works now: the managed connection failed for another reason
                node.connected().completeExceptionally(new DeviceException(DeviceException.Reason.DEVICE_ERROR, node.lastError(), null));
            } catch (Exception e) {
                DeviceException failure = DeviceException.of(e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e,
                        "connect to " + spec.endpoint());
                if (failure.reason() == DeviceException.Reason.UNTRUSTED_CERTIFICATE && failure.certificate() != null) {
                    String issuer = CertificateTrustDialog.issuerOf(spec.pkiDirectoryOrDefault(), failure.certificate());
                    ui(display, () -> askTrust(node, failure, issuer));
                } else {
                    node.connected().completeExceptionally(failure);
                }
            }
            return Status.OK_STATUS;
        });
        job.schedule();
    }

    private void askTrust(ConnectionNode node, DeviceException failure, String issuer) {
        CertificateTrustDialog dialog = new CertificateTrustDialog(view.getSite().getShell(), node.endpoint(), failure.certificate(), issuer);
        if (dialog.open() == Window.OK) {
            CompletableFuture<ConnectionNode> first = node.connected();
            AutoCloseable owned = node.disown();
            disconnect(node);
            connect(node.spec().withTrustServer(true), owned).whenComplete((ok, error) -> {
                if (error != null) {
                    first.completeExceptionally(error);
                } else {
                    first.complete(ok);
                }
            });
        } else {
            node.stateChanged(new SessionState(SessionState.Status.FAILED, "the server certificate was rejected"));
            node.connected().completeExceptionally(failure);
            viewer.update(node, null);
            view.showState();
        }
    }

    void disconnect(List<ExplorerNode> selected) {
        selected.stream().filter(ConnectionNode.class::isInstance).map(ConnectionNode.class::cast).toList().forEach(this::disconnect);
    }

    /** UI thread: removes the root at once and closes the connection in a job. */
    void disconnect(ConnectionNode node) {
        roots.remove(node);
        node.connected().completeExceptionally(new DeviceException(DeviceException.Reason.CLOSED, node.endpoint() + " was disconnected", null));
        if (!viewer.getControl().isDisposed()) {
            viewer.refresh();
            view.selectionChanged();
        }
        close(List.of(node));
    }

    static void close(List<ConnectionNode> nodes) {
        if (nodes.isEmpty()) {
            return;
        }
        Job job = Job.create("Disconnecting " + nodes.size() + " device connection(s)", monitor -> {
            nodes.forEach(ConnectionNode::close);
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        job.schedule();
    }

    void startSimulator() {
        Display display = viewer.getControl().getDisplay();
        Job job = Job.create("Starting the demo plant simulator", monitor -> {
            try {
                SimulatedPlant sim = DemoSimulator.start();
                ui(display, () -> {
                    if (viewer.getControl().isDisposed()) {
                        sim.close();
                        return;
                    }
                    connect(ConnectionSpec.anonymous(sim.endpointUrl()), sim); // the simulator lives as long as its connection
                    view.showMessage("Demo simulator running on " + sim.endpointUrl() + "; Disconnect stops it");
                });
            } catch (java.io.IOException e) {
                ui(display, () -> view.showProblem(e.getMessage()));
            }
            return Status.OK_STATUS;
        });
        job.schedule();
    }

    static void ui(Display display, Runnable task) {
        if (!display.isDisposed()) {
            display.asyncExec(task);
        }
    }

    private static void closeQuietly(AutoCloseable resource) {
        if (resource != null) {
            try {
                resource.close();
            } catch (Exception e) {
                // nothing was started on it: there is nothing to report beyond the connect failure
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
