package io.fabrica.ui.devices.internal.explorer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IMenuManager;
import org.eclipse.jface.action.IToolBarManager;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.action.Separator;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.ITreeViewerListener;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TreeExpansionEvent;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.jface.window.Window;
import org.eclipse.swt.SWT;
import org.eclipse.swt.dnd.DND;
import org.eclipse.swt.dnd.DragSourceAdapter;
import org.eclipse.swt.dnd.DragSourceEvent;
import org.eclipse.swt.dnd.Transfer;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.part.ViewPart;

import io.fabrica.devices.api.ConnectionSpec;
import io.fabrica.devices.api.DeviceDriver;
import io.fabrica.devices.api.DeviceException;
import io.fabrica.devices.api.DeviceSession;
import io.fabrica.devices.api.SampledValue;
import io.fabrica.devices.api.SessionState;
import io.fabrica.devices.core.DeviceDrivers;
import io.fabrica.devices.core.ManagedConnection;
import io.fabrica.devices.sim.SimulatedPlant;
import io.fabrica.model.plant.OpcUaNodeAddress;
import io.fabrica.ui.FabricaUi;
import io.fabrica.ui.ViewActions;
import io.fabrica.ui.Services;
import io.fabrica.ui.devices.internal.trend.TrendView;
import io.fabrica.ui.dnd.DeviceNodeRef;
import io.fabrica.ui.dnd.DeviceNodeTransfer;

/**
 * The Device Explorer: one root per connected endpoint, browsed lazily, with live values of the
 * variables on screen (one subscription per connection, repainted in batches five times a second),
 * the connection's health on its root and in the label above the tree, and actions to connect
 * (dialog, certificate trust), start the demo simulator, write a value, add variables to the trend
 * and refresh. Variables are dragged onto plant signals to bind them ({@link DeviceNodeTransfer}).
 *
 * <p>Threading: connecting, browsing, writing and closing run in jobs; widgets and the node tree are
 * touched only on the UI thread. Failures are shown on the connection's row, in the state label or
 * in the status line, never as a stack trace.
 */
public final class DeviceExplorerView extends ViewPart {

    /** How often live values are repainted. */
    private static final int REFRESH_MS = 200;
    /** Most variables watched per connection, so expanding a huge server does not flood it. */
    private static final int MAX_WATCHED = 500;

    private final List<ConnectionNode> roots = new ArrayList<>();
    private final Runnable refresher = this::refreshValues;
    private TreeViewer viewer;
    private Label stateLabel;
    private String lastEndpoint = "opc.tcp://localhost:4840/fabrica/demo";
    private Action connectAction;
    private Action disconnectAction;
    private Action simulatorAction;
    private Action trendAction;
    private Action writeAction;
    private Action refreshAction;

    @Override
    public void createPartControl(Composite parent) {
        GridLayoutFactory.fillDefaults().spacing(0, 2).applyTo(parent);
        stateLabel = new Label(parent, SWT.WRAP);
        stateLabel.setData(FabricaUi.WIDGET_KEY, "devices.state");
        GridDataFactory.fillDefaults().grab(true, false).indent(4, 2).applyTo(stateLabel);
        viewer = new TreeViewer(parent, SWT.BORDER | SWT.MULTI | SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL);
        viewer.getTree().setData(FabricaUi.WIDGET_KEY, "devices.tree");
        GridDataFactory.fillDefaults().grab(true, true).applyTo(viewer.getControl());
        ExplorerColumns.install(viewer);
        viewer.setContentProvider(new ExplorerContent(viewer, node -> watchVisible()));
        viewer.setUseHashlookup(true);
        viewer.setInput(roots);
        viewer.addTreeListener(new ITreeViewerListener() {
            @Override
            public void treeExpanded(TreeExpansionEvent event) {
                Display.getCurrent().asyncExec(DeviceExplorerView.this::watchVisible); // after the expansion took effect
            }

            @Override
            public void treeCollapsed(TreeExpansionEvent event) {
                Display.getCurrent().asyncExec(DeviceExplorerView.this::watchVisible);
            }
        });
        viewer.addSelectionChangedListener(e -> selectionChanged());
        viewer.addDragSupport(DND.DROP_LINK | DND.DROP_COPY, new Transfer[] {DeviceNodeTransfer.getInstance()}, new DragSourceAdapter() {
            @Override
            public void dragStart(DragSourceEvent event) {
                event.doit = dragData().length > 0;
            }

            @Override
            public void dragSetData(DragSourceEvent event) {
                event.data = dragData();
            }
        });
        createActions();
        getSite().setSelectionProvider(viewer);
        showState();
        parent.getDisplay().timerExec(REFRESH_MS, refresher);
    }

    // ---------------------------------------------------------------- actions

    private void createActions() {
        ISharedImages images = PlatformUI.getWorkbench().getSharedImages();
        connectAction = action("Connect…", "Connect to an OPC UA server", images, ISharedImages.IMG_OBJ_ADD, this::openConnectDialog);
        disconnectAction = action("Disconnect", "Close the selected connections", images, ISharedImages.IMG_ELCL_REMOVE,
                this::disconnectSelected);
        simulatorAction = action("Start Simulator", "Start the demo plant's simulator on this machine and connect to it", images,
                ISharedImages.IMG_TOOL_NEW_WIZARD, this::startSimulator);
        trendAction = action("Add to Trend", "Show the selected variables in the Trend view", images, ISharedImages.IMG_TOOL_FORWARD,
                this::addSelectionToTrend);
        writeAction = action("Write…", "Write a value to the selected variable", images, ISharedImages.IMG_ETOOL_SAVE_EDIT,
                this::openWriteDialog);
        refreshAction = action("Refresh", "Browse the selected nodes (or all connections) again", images, ISharedImages.IMG_ELCL_SYNCED,
                this::refreshSelected);
        IToolBarManager toolbar = getViewSite().getActionBars().getToolBarManager();
        for (Action a : List.of(connectAction, simulatorAction, disconnectAction)) {
            toolbar.add(a);
        }
        toolbar.add(new Separator());
        for (Action a : List.of(writeAction, trendAction, refreshAction)) {
            toolbar.add(a);
        }
        MenuManager menu = new MenuManager();
        menu.setRemoveAllWhenShown(true);
        menu.addMenuListener(this::fillContextMenu);
        viewer.getControl().setMenu(menu.createContextMenu(viewer.getControl()));
        getSite().registerContextMenu(menu, viewer);
        selectionChanged();
    }

    private static Action action(String text, String tooltip, ISharedImages images, String image, Runnable run) {
        return ViewActions.create(text, tooltip, image, run);
    }

    private void fillContextMenu(IMenuManager menu) {
        menu.add(writeAction);
        menu.add(trendAction);
        menu.add(new Separator());
        menu.add(refreshAction);
        menu.add(disconnectAction);
        menu.add(new Separator());
        menu.add(connectAction);
        menu.add(simulatorAction);
        menu.add(new Separator(org.eclipse.ui.IWorkbenchActionConstants.MB_ADDITIONS));
    }

    private void selectionChanged() {
        List<ExplorerNode> selected = selection();
        disconnectAction.setEnabled(selected.stream().anyMatch(ConnectionNode.class::isInstance));
        trendAction.setEnabled(selected.stream().anyMatch(n -> n instanceof DeviceNode d && d.isScalarNumber()));
        writeAction.setEnabled(selectedWritable().isPresent());
        refreshAction.setEnabled(!roots.isEmpty());
        showState();
    }

    private List<ExplorerNode> selection() {
        List<ExplorerNode> nodes = new ArrayList<>();
        for (Object o : ((IStructuredSelection) viewer.getSelection()).toList()) {
            if (o instanceof ExplorerNode n) {
                nodes.add(n);
            }
        }
        return nodes;
    }

    private Optional<DeviceNode> selectedWritable() {
        List<ExplorerNode> selected = selection();
        return selected.size() == 1 && selected.get(0) instanceof DeviceNode d && d.isVariable() && d.node().writable()
                && WriteValues.supported(d.node().dataType()) ? Optional.of(d) : Optional.empty();
    }

    // ------------------------------------------------------------- connecting

    private void openConnectDialog() {
        ConnectDialog dialog = new ConnectDialog(getSite().getShell(), lastEndpoint);
        if (dialog.open() == Window.OK && dialog.spec() != null) {
            lastEndpoint = dialog.spec().endpoint();
            connect(dialog.spec());
        }
    }

    /**
     * Connects to an endpoint without the dialog and adds it as a root of the tree (for tests and
     * other views). The connection keeps reconnecting on its own while the device is unreachable.
     *
     * @param spec where and how to connect
     * @return completes (on the UI thread) once connected; exceptionally with the reason when the
     *         connection fails for good (security, trust, authentication), the certificate is
     *         rejected, or it is disconnected first
     */
    public CompletableFuture<?> connect(ConnectionSpec spec) {
        return connect(spec, null);
    }

    /** @param owned closed together with the connection (the demo simulator), or {@code null} */
    private CompletableFuture<ConnectionNode> connect(ConnectionSpec spec, AutoCloseable owned) {
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
            ui(display, () -> showProblem("Cannot connect to " + spec.endpoint() + ": " + noDriver.getMessage()));
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
        showState();
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
        CertificateTrustDialog dialog = new CertificateTrustDialog(getSite().getShell(), node.endpoint(), failure.certificate(), issuer);
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
            showState();
        }
    }

    private void disconnectSelected() {
        selection().stream().filter(ConnectionNode.class::isInstance).map(ConnectionNode.class::cast).toList().forEach(this::disconnect);
    }

    /** UI thread: removes the root at once and closes the connection in a job. */
    private void disconnect(ConnectionNode node) {
        roots.remove(node);
        node.connected().completeExceptionally(new DeviceException(DeviceException.Reason.CLOSED, node.endpoint() + " was disconnected", null));
        if (!viewer.getControl().isDisposed()) {
            viewer.refresh();
            selectionChanged();
        }
        close(List.of(node));
    }

    private static void close(List<ConnectionNode> nodes) {
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

    private void startSimulator() {
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
                    showMessage("Demo simulator running on " + sim.endpointUrl() + "; Disconnect stops it");
                });
            } catch (java.io.IOException e) {
                ui(display, () -> showProblem(e.getMessage()));
            }
            return Status.OK_STATUS;
        });
        job.schedule();
    }

    // ------------------------------------------------------------ live values

    /** Watches the variables whose parents are expanded now, per connection. UI thread. */
    private void watchVisible() {
        if (viewer.getControl().isDisposed()) {
            return;
        }
        for (ConnectionNode root : roots) {
            List<DeviceNode> visible = new ArrayList<>();
            collectVisible(root, visible);
            root.live().watch(visible);
        }
    }

    private void collectVisible(ExplorerNode node, List<DeviceNode> out) {
        if (node.children() == null || !viewer.getExpandedState(node)) {
            return;
        }
        for (ExplorerNode child : node.children()) {
            if (out.size() >= MAX_WATCHED) {
                return;
            }
            if (child instanceof DeviceNode d && d.isVariable()) {
                out.add(d);
            } else {
                collectVisible(child, out);
            }
        }
    }

    /** Timer on the UI thread: paints the samples received since the last tick, in one batch. */
    private void refreshValues() {
        if (viewer == null || viewer.getControl().isDisposed()) {
            return;
        }
        List<Object> changed = new ArrayList<>();
        for (ConnectionNode root : roots) {
            for (Map.Entry<DeviceNode, SampledValue> e : root.live().drain().entrySet()) {
                e.getKey().setValue(e.getValue());
                changed.add(e.getKey());
            }
        }
        if (!changed.isEmpty()) {
            viewer.update(changed.toArray(), null);
        }
        viewer.getControl().getDisplay().timerExec(REFRESH_MS, refresher);
    }

    // ----------------------------------------------------------- write, trend

    private void openWriteDialog() {
        WriteDialog dialog = createWriteDialog();
        DeviceNode node = selectedWritable().orElse(null);
        if (dialog != null && node != null && dialog.open() == Window.OK && dialog.value() != null) {
            write(node, dialog.value());
        }
    }

    /**
     * The write dialog for the selected variable (for the Write action and tests, which open it
     * without blocking).
     *
     * @return the dialog, not open yet; {@code null} if no single writable variable is selected
     */
    public WriteDialog createWriteDialog() {
        DeviceNode node = selectedWritable().orElse(null);
        if (node == null) {
            return null;
        }
        Optional<PlantSignals.Bound> bound = node.node().address() instanceof OpcUaNodeAddress a ? PlantSignals.boundTo(a) : Optional.empty();
        WriteValues.Bounds bounds = bound.map(b -> new WriteValues.Bounds(b.minimum(), b.maximum())).orElse(WriteValues.Bounds.NONE);
        String source = bound.isEmpty()
                ? "unknown: no open plant editor binds a signal to this node, so only the device checks the value"
                : bounds.known() ? bound.get().source() : "none: signal '" + bound.get().signal().getName() + "' has no range";
        DeviceNodeRef ref = node.ref();
        return new WriteDialog(getSite().getShell(), new WriteDialog.Request(node.node().displayName(),
                ref != null ? ref.nodeIdText() : String.valueOf(node.node().address()), node.node().dataType(), ValueText.value(node.value()),
                bounds, source));
    }

    private void write(DeviceNode node, Object value) {
        Display display = viewer.getControl().getDisplay();
        String what = node.node().displayName() + " = " + value;
        Job job = Job.create("Writing " + what, monitor -> {
            DeviceSession session = node.connection().session();
            try {
                if (session == null) {
                    throw new DeviceException(DeviceException.Reason.CLOSED, node.connection().endpoint() + " is not connected", null);
                }
                session.writeSync(node.node().address(), value, node.connection().spec().timeout());
                ui(display, () -> showMessage("Wrote " + what));
            } catch (DeviceException e) {
                ui(display, () -> showProblem("Writing " + what + " failed: " + e.getMessage()));
            }
            return Status.OK_STATUS;
        });
        job.schedule();
    }

    /** Adds the selected numeric variables to the Trend view (opening it), with units from open plant editors. */
    public void addSelectionToTrend() {
        List<DeviceNode> nodes = selection().stream().filter(n -> n instanceof DeviceNode d && d.isScalarNumber())
                .map(DeviceNode.class::cast).toList();
        if (nodes.isEmpty()) {
            return;
        }
        try {
            TrendView trend = (TrendView) getSite().getPage().showView(FabricaUi.TREND_VIEW, null, IWorkbenchPage.VIEW_VISIBLE);
            for (DeviceNode node : nodes) {
                String unit = node.node().address() instanceof OpcUaNodeAddress a
                        ? PlantSignals.boundTo(a).map(PlantSignals.Bound::unit).orElse("") : "";
                trend.addLive(node.node().displayName(), unit, node.connection().managed(), node.node().address());
            }
        } catch (PartInitException e) {
            showProblem("The Trend view cannot be opened: " + e.getMessage());
        }
    }

    private void refreshSelected() {
        List<ExplorerNode> selected = selection().stream().filter(ExplorerNode::browsable).toList();
        List<? extends ExplorerNode> targets = selected.isEmpty() ? roots : selected;
        for (ExplorerNode node : targets) {
            node.forgetChildren();
            viewer.refresh(node);
        }
    }

    // ------------------------------------------------------------ for drag & tests

    /**
     * What a drag of the current selection carries: the selected variables with an OPC UA address.
     *
     * @return the references, possibly empty
     */
    public DeviceNodeRef[] dragData() {
        return selection().stream().filter(n -> n instanceof DeviceNode d && d.isVariable()).map(n -> ((DeviceNode) n).ref())
                .filter(java.util.Objects::nonNull).toArray(DeviceNodeRef[]::new);
    }

    /** @return the explorer's tree (for tests) */
    public TreeViewer viewer() {
        return viewer;
    }

    // ------------------------------------------------------------ state label

    /** Shows the health of the selected connection (or the only one) above the tree. */
    private void showState() {
        if (stateLabel == null || stateLabel.isDisposed()) {
            return;
        }
        List<ExplorerNode> selected = selection();
        ConnectionNode node = !selected.isEmpty() ? selected.get(0).connection() : roots.size() == 1 ? roots.get(0) : null;
        if (node == null) {
            setState(roots.isEmpty() ? "Not connected. Use Connect… or Start Simulator." : roots.size() + " connections", SWT.COLOR_WIDGET_FOREGROUND);
            return;
        }
        int color = switch (node.state().status()) {
            case CONNECTED -> SWT.COLOR_DARK_GREEN;
            case RECONNECTING -> SWT.COLOR_DARK_YELLOW;
            case FAILED -> SWT.COLOR_RED;
        };
        setState(node.endpoint() + ": " + ExplorerColumns.health(node), color);
    }

    private void setState(String text, int color) {
        stateLabel.setText(text);
        stateLabel.setForeground(stateLabel.getDisplay().getSystemColor(color));
        stateLabel.getParent().layout(true);
    }

    private void showMessage(String text) {
        getViewSite().getActionBars().getStatusLineManager().setErrorMessage(null);
        getViewSite().getActionBars().getStatusLineManager().setMessage(text);
    }

    private void showProblem(String text) {
        getViewSite().getActionBars().getStatusLineManager().setErrorMessage(text);
        if (stateLabel != null && !stateLabel.isDisposed()) {
            setState(text, SWT.COLOR_RED);
        }
    }

    private static void ui(Display display, Runnable task) {
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

    @Override
    public void setFocus() {
        viewer.getControl().setFocus();
    }

    @Override
    public void dispose() {
        List<ConnectionNode> open = List.copyOf(roots);
        roots.clear();
        open.forEach(n -> n.connected().completeExceptionally(new DeviceException(DeviceException.Reason.CLOSED, "the explorer was closed", null)));
        close(open);
        super.dispose();
    }
}
