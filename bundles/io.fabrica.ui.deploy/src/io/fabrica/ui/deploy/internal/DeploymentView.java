package io.fabrica.ui.deploy.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.action.IMenuManager;
import org.eclipse.jface.action.IToolBarManager;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.action.Separator;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CLabel;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.IWorkbenchActionConstants;
import org.eclipse.ui.IWorkbenchPartReference;
import org.eclipse.ui.IPartListener2;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.part.ViewPart;

import io.fabrica.ui.FabricaUi;
import io.fabrica.ui.UiThread;

/**
 * The Deployment view: the Fabrica runtimes this workbench deploys to, each with its deployments and
 * their live state (polled every two seconds while the view is visible), the deployment actions
 * (Deploy…, Start, Stop, Rollback, Remove) and the audit trail of the actions done from here.
 *
 * <p>The runtime list is kept in the preferences, passwords only in memory for the session unless the
 * user asks to remember them ({@link CredentialStore}). Every action runs as a job; its outcome lands in
 * the message line at the top, the status line and the audit trail, and an action the user started from
 * a menu also gets a dialog when it fails. The public methods are the same work without dialogs, for
 * tests and other views.
 *
 * <p>Threading: public methods are called on the UI thread; jobs report back through
 * {@code Display.asyncExec} (through {@code UiThread}), checking that the view is still open.
 */
public final class DeploymentView extends ViewPart {

    /** The view id (see plugin.xml). */
    public static final String ID = FabricaUi.DEPLOYMENT_VIEW;

    private final List<RuntimeEntry> runtimes = new CopyOnWriteArrayList<>();
    private final Map<RuntimeEntry, RuntimePoller> pollers = new ConcurrentHashMap<>();
    private final Set<RuntimeEntry> expandedOnce = new HashSet<>();
    private final Set<RuntimeEntry> toldUntrusted = new HashSet<>();
    private final RuntimeClient client = new RuntimeClient();
    private final AuditTrail audit = new AuditTrail();
    private final CredentialStore credentials = new CredentialStore();
    private final RuntimeListStore listStore = new RuntimeListStore();
    private final RuntimeOperations operations = new RuntimeOperations(client, audit, this::finished);
    private final DeploymentDialogs dialogs = new DeploymentDialogs(this, operations);

    private RuntimeTree tree;
    private AuditTable auditTable;
    private CLabel message;
    private DeploymentActions actions;
    private final IPartListener2 visibility = new IPartListener2() {
        @Override
        public void partVisible(IWorkbenchPartReference ref) {
            if (ref.getPart(false) == DeploymentView.this) {
                setPolling(true);
            }
        }

        @Override
        public void partHidden(IWorkbenchPartReference ref) {
            if (ref.getPart(false) == DeploymentView.this) {
                setPolling(false);
            }
        }
    };

    @Override
    public void createPartControl(Composite parent) {
        GridLayoutFactory.fillDefaults().spacing(0, 2).applyTo(parent);
        message = new CLabel(parent, SWT.NONE);
        message.setData(FabricaUi.WIDGET_KEY, "deploy.message");
        GridDataFactory.fillDefaults().grab(true, false).applyTo(message);
        SashForm sash = new SashForm(parent, SWT.VERTICAL);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(sash);
        tree = new RuntimeTree(sash, () -> runtimes);
        auditTable = new AuditTable(sash, audit);
        sash.setWeights(70, 30);
        audit.addListener(entry -> ui(auditTable::refresh));

        actions = new DeploymentActions(this);
        contribute();
        getSite().setSelectionProvider(tree.viewer());
        tree.viewer().addSelectionChangedListener(e -> actions.update(selection()));
        actions.update(selection());

        load();
        showMessage(runtimes.isEmpty() ? "Add a runtime (toolbar +) with its endpoint and an engineer's user name and password." : "",
                false);
        getSite().getPage().addPartListener(visibility);
        setPolling(true);
    }

    private void contribute() {
        IToolBarManager toolbar = getViewSite().getActionBars().getToolBarManager();
        actions.contributeTo(toolbar);
        IMenuManager viewMenu = getViewSite().getActionBars().getMenuManager();
        actions.contributeTo(viewMenu);
        MenuManager context = new MenuManager();
        context.setRemoveAllWhenShown(true);
        context.addMenuListener(m -> {
            actions.contributeTo(m);
            m.add(new Separator(IWorkbenchActionConstants.MB_ADDITIONS));
        });
        tree.viewer().getControl().setMenu(context.createContextMenu(tree.viewer().getControl()));
        getSite().registerContextMenu(context, tree.viewer());
    }

    /** Restores the saved runtimes with the passwords of this session or secure storage. */
    private void load() {
        for (RuntimeListStore.Saved saved : listStore.load()) {
            RuntimeEntry entry = new RuntimeEntry(saved.endpoint(), saved.user(), credentials.recall(saved.endpoint()), saved.remember());
            runtimes.add(entry);
            pollers.put(entry, new RuntimePoller(entry, client, this::polled));
        }
        tree.refresh();
    }

    @Override
    public void setFocus() {
        tree.viewer().getControl().setFocus();
    }

    @Override
    public void dispose() {
        getSite().getPage().removePartListener(visibility);
        pollers.values().forEach(RuntimePoller::stop);
        super.dispose();
    }

    // --- public work (no dialogs) ---

    /** Same as {@link #addRuntime(String, String, char[], boolean)} without remembering the password. */
    public RuntimeEntry addRuntime(String endpoint, String user, char[] password) {
        return addRuntime(endpoint, user, password, false);
    }

    /**
     * Adds a runtime (or replaces the credentials of the one with this endpoint), saves the list and polls it.
     *
     * @param remember keep the password in secure storage; if that is not possible the message line says so
     * @return the runtime's entry
     */
    public RuntimeEntry addRuntime(String endpoint, String user, char[] password, boolean remember) {
        RuntimeEntry entry = runtime(endpoint);
        if (entry == null) {
            entry = new RuntimeEntry(endpoint, user, password, remember);
            runtimes.add(entry);
            pollers.put(entry, new RuntimePoller(entry, client, this::polled));
        } else {
            entry.setCredentials(user, password, remember);
        }
        String problem = storeCredentials(entry, password, remember);
        String saveProblem = listStore.save(runtimes);
        tree.refresh();
        if (problem != null || saveProblem != null) {
            showMessage(problem != null ? problem : saveProblem, true);
        }
        pollers.get(entry).pollNow();
        return entry;
    }

    /** @return why the password could not be remembered, or {@code null} */
    private String storeCredentials(RuntimeEntry entry, char[] password, boolean remember) {
        credentials.keepForSession(entry.endpoint(), password);
        if (!remember) {
            credentials.forgetStored(entry.endpoint());
            return null;
        }
        String problem = password == null ? null : credentials.remember(entry.endpoint(), password);
        if (problem != null) {
            entry.setCredentials(entry.user(), password, false);
            return "The password for " + entry.endpoint() + " is kept for this session only: " + problem + ".";
        }
        return null;
    }

    /** Removes a runtime from the list (its deployments stay on the runtime) and forgets its password. */
    public void removeRuntime(RuntimeEntry runtime) {
        runtimes.remove(runtime);
        RuntimePoller poller = pollers.remove(runtime);
        if (poller != null) {
            poller.stop();
        }
        credentials.forget(runtime.endpoint());
        String problem = listStore.save(runtimes);
        tree.refresh();
        showMessage(problem == null ? "Removed " + runtime.endpoint() + " from the list." : problem, problem != null);
    }

    /** Trusts the runtime's server certificate on the next connection (after the user saw it) and polls. */
    public void trustCertificate(RuntimeEntry runtime) {
        runtime.setTrustServer(true);
        toldUntrusted.remove(runtime);
        pollers.get(runtime).pollNow();
    }

    /**
     * Deploys a package to a runtime.
     *
     * @return the scheduled job; its {@link RuntimeOperations#OUTCOME} property holds the {@link Outcome} when done
     */
    public Job deploy(Path fpkg, RuntimeEntry runtime, boolean force) {
        Job job = operations.deploy(fpkg, runtime, force);
        job.schedule();
        return job;
    }

    /** Starts a deployment on every runtime that lists it. @return one scheduled job per runtime */
    public List<Job> start(String deploymentId) {
        return control("Start", deploymentId);
    }

    /** Stops a deployment on every runtime that lists it. @return one scheduled job per runtime */
    public List<Job> stop(String deploymentId) {
        return control("Stop", deploymentId);
    }

    /** Returns a deployment to its previous version on every runtime that lists it. @return one scheduled job per runtime */
    public List<Job> rollback(String deploymentId) {
        return control("Rollback", deploymentId);
    }

    /** Removes a deployment from every runtime that lists it (no confirmation). @return one scheduled job per runtime */
    public List<Job> remove(String deploymentId) {
        return control("Remove", deploymentId);
    }

    private List<Job> control(String operation, String deploymentId) {
        List<Job> jobs = new ArrayList<>();
        for (DeploymentRow row : rows()) {
            if (row.id().equals(deploymentId)) {
                jobs.add(control(operation, row));
            }
        }
        if (jobs.isEmpty()) {
            throw new IllegalArgumentException("no runtime in the view lists the deployment '" + deploymentId + "'");
        }
        return jobs;
    }

    /** Runs an operation on one deployment row. @return the scheduled job */
    public Job control(String operation, DeploymentRow row) {
        Job job = operations.control(operation, row.runtime(), row.id());
        job.schedule();
        return job;
    }

    /** Polls every runtime now. */
    public void refresh() {
        pollers.values().forEach(RuntimePoller::pollNow);
    }

    /** @return the runtimes, in the order added */
    public List<RuntimeEntry> runtimes() {
        return List.copyOf(runtimes);
    }

    /** @return every deployment row of every runtime, as last polled */
    public List<DeploymentRow> rows() {
        List<DeploymentRow> rows = new ArrayList<>();
        for (RuntimeEntry r : runtimes) {
            r.deployments().forEach(s -> rows.add(new DeploymentRow(r, s.id())));
        }
        return rows;
    }

    /** @return the audit trail of this session, newest first */
    public List<AuditEntry> auditEntries() {
        return audit.entries();
    }

    /** @return the text of the message line (the last outcome or hint) */
    public String message() {
        return message.getText();
    }

    /** @return the runtimes tree (for tests and selection) */
    public TreeViewer viewer() {
        return tree.viewer();
    }

    /** @return the dialogs the actions open */
    DeploymentDialogs dialogs() {
        return dialogs;
    }

    // --- reporting back from jobs ---

    private void finished(Outcome outcome) {
        ui(() -> showMessage(outcome.message(), !outcome.ok()));
        RuntimePoller poller = pollers.get(outcome.runtime());
        if (poller != null) {
            poller.pollNow();
        }
    }

    private void polled(RuntimeEntry runtime) {
        ui(() -> {
            if (!runtimes.contains(runtime)) {
                return;
            }
            tree.refresh(runtime);
            if (!runtime.deployments().isEmpty() && expandedOnce.add(runtime)) {
                tree.viewer().expandToLevel(runtime, 1);
            }
            if (runtime.reachability().untrustedCertificate() && toldUntrusted.add(runtime)) {
                showMessage("The certificate of " + runtime.endpoint() + " is not trusted yet: select the runtime and choose "
                        + "Trust Certificate… after comparing its thumbprint (in the Last error column).", true);
            }
            actions.update(selection());
        });
    }

    private void showMessage(String text, boolean error) {
        message.setText(text);
        message.setToolTipText(text);
        message.setImage(text.isEmpty() ? null
                : PlatformUI.getWorkbench().getSharedImages().getImage(error ? ISharedImages.IMG_OBJS_ERROR_TSK : ISharedImages.IMG_OBJS_INFO_TSK));
        var statusLine = getViewSite().getActionBars().getStatusLineManager();
        if (error) {
            statusLine.setErrorMessage(text);
        } else {
            statusLine.setErrorMessage(null);
            statusLine.setMessage(text);
        }
        message.getParent().layout(true);
    }

    private void setPolling(boolean on) {
        for (RuntimePoller p : pollers.values()) {
            if (on) {
                p.pollNow();
            } else {
                p.stop();
            }
        }
    }

    private IStructuredSelection selection() {
        return tree.viewer().getStructuredSelection();
    }

    private RuntimeEntry runtime(String endpoint) {
        return runtimes.stream().filter(r -> r.endpoint().equals(endpoint)).findFirst().orElse(null);
    }

    /** Runs on the UI thread unless the view has been closed meanwhile. */
    private void ui(Runnable update) {
        UiThread.whileAlive(message, update);
    }
}
