package io.fabrica.ui.devices.internal.explorer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

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
import io.fabrica.devices.api.DeviceException;
import io.fabrica.devices.api.DeviceSession;
import io.fabrica.model.plant.OpcUaNodeAddress;
import io.fabrica.ui.FabricaUi;
import io.fabrica.ui.ViewActions;
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

    private final List<ConnectionNode> roots = new ArrayList<>();
    private LiveRefresh live;
    private ExplorerConnections connections;
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
        viewer.setContentProvider(new ExplorerContent(viewer, node -> live.watchVisible()));
        live = new LiveRefresh(viewer, roots);
        connections = new ExplorerConnections(this, viewer, roots);
        viewer.setUseHashlookup(true);
        viewer.setInput(roots);
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
        live.start();
    }

    // ---------------------------------------------------------------- actions

    private void createActions() {
        ISharedImages images = PlatformUI.getWorkbench().getSharedImages();
        connectAction = action("Connect…", "Connect to an OPC UA server", images, ISharedImages.IMG_OBJ_ADD, this::openConnectDialog);
        disconnectAction = action("Disconnect", "Close the selected connections", images, ISharedImages.IMG_ELCL_REMOVE,
                () -> connections.disconnect(selection()));
        simulatorAction = action("Start Simulator", "Start the demo plant's simulator on this machine and connect to it", images,
                ISharedImages.IMG_TOOL_NEW_WIZARD, connections::startSimulator);
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

    void selectionChanged() {
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
        return connections.connect(spec, null);
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
                ExplorerConnections.ui(display, () -> showMessage("Wrote " + what));
            } catch (DeviceException e) {
                ExplorerConnections.ui(display, () -> showProblem("Writing " + what + " failed: " + e.getMessage()));
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
    void showState() {
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

    void showMessage(String text) {
        getViewSite().getActionBars().getStatusLineManager().setErrorMessage(null);
        getViewSite().getActionBars().getStatusLineManager().setMessage(text);
    }

    void showProblem(String text) {
        getViewSite().getActionBars().getStatusLineManager().setErrorMessage(text);
        if (stateLabel != null && !stateLabel.isDisposed()) {
            setState(text, SWT.COLOR_RED);
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
        ExplorerConnections.close(open);
        super.dispose();
    }
}
