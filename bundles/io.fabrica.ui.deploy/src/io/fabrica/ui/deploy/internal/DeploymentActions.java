package io.fabrica.ui.deploy.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IContributionManager;
import org.eclipse.jface.action.IToolBarManager;
import org.eclipse.jface.action.Separator;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.PlatformUI;

/**
 * The Deployment view's actions, shared by its toolbar, view menu and context menu: Add Runtime…,
 * Deploy…, Start, Stop, Rollback, Remove, Refresh, and for runtimes Edit Credentials…, Trust Certificate…
 * and Remove Runtime. Enablement follows the selection ({@link #update}).
 *
 * <p>UI thread only; the work itself runs in the view's jobs.
 */
final class DeploymentActions {

    private final DeploymentView view;
    private IStructuredSelection selection = StructuredSelection.EMPTY;

    private final Action addRuntime;
    private final Action deploy;
    private final Action start;
    private final Action stop;
    private final Action rollback;
    private final Action remove;
    private final Action refresh;
    private final Action editCredentials;
    private final Action trustCertificate;
    private final Action removeRuntime;

    DeploymentActions(DeploymentView view) {
        this.view = view;
        addRuntime = action("Add Runtime…", "Add a Fabrica runtime by its endpoint URL, with an engineer's user name and password",
                ISharedImages.IMG_OBJ_ADD, view.dialogs()::addRuntimeInteractively);
        deploy = action("Deploy…", "Deploy a signed package (.fpkg) to the selected runtimes", ISharedImages.IMG_TOOL_UP,
                () -> view.dialogs().deployInteractively(selectedRuntimes()));
        start = action("Start", "Start the selected deployments", ISharedImages.IMG_TOOL_FORWARD,
                () -> view.dialogs().controlInteractively("Start", selectedRows()));
        stop = action("Stop", "Stop the selected deployments", ISharedImages.IMG_ELCL_STOP,
                () -> view.dialogs().controlInteractively("Stop", selectedRows()));
        rollback = action("Rollback", "Return the selected deployments to their previous version", ISharedImages.IMG_TOOL_UNDO,
                () -> view.dialogs().controlInteractively("Rollback", selectedRows()));
        remove = action("Remove…", "Stop and remove the selected deployments from their runtimes", ISharedImages.IMG_ETOOL_DELETE,
                () -> view.dialogs().controlInteractively("Remove", selectedRows()));
        refresh = action("Refresh", "Poll every runtime now (the view polls every 2 s while visible)", ISharedImages.IMG_ELCL_SYNCED,
                view::refresh);
        editCredentials = action("Edit Credentials…", "Change the user name and password for the selected runtime", null,
                () -> view.dialogs().editCredentialsInteractively(selectedRuntimes().get(0)));
        trustCertificate = action("Trust Certificate…", "Trust the selected runtime's server certificate after checking it", null,
                () -> view.dialogs().trustCertificateInteractively(selectedRuntimes().get(0)));
        removeRuntime = action("Remove Runtime…", "Remove the selected runtimes from this list (their deployments stay)",
                ISharedImages.IMG_ELCL_REMOVE, () -> view.dialogs().removeRuntimeInteractively(explicitRuntimes()));
    }

    private static Action action(String text, String tooltip, String image, Runnable run) {
        Action a = new Action(text) {
            @Override
            public void run() {
                run.run();
            }
        };
        a.setToolTipText(tooltip);
        if (image != null) {
            a.setImageDescriptor(PlatformUI.getWorkbench().getSharedImages().getImageDescriptor(image));
        }
        return a;
    }

    /** Toolbar, view menu or context menu: the same actions in the same order. */
    void contributeTo(IContributionManager manager) {
        manager.add(addRuntime);
        manager.add(deploy);
        manager.add(new Separator("deployment"));
        manager.add(start);
        manager.add(stop);
        manager.add(rollback);
        manager.add(remove);
        manager.add(new Separator("runtime"));
        if (!(manager instanceof IToolBarManager)) {
            manager.add(editCredentials);
            manager.add(trustCertificate);
            manager.add(removeRuntime);
        }
        manager.add(refresh);
    }

    /** Enables what the selection allows. */
    void update(IStructuredSelection now) {
        this.selection = now;
        boolean rows = !selectedRows().isEmpty();
        deploy.setEnabled(!view.runtimes().isEmpty());
        start.setEnabled(rows);
        stop.setEnabled(rows);
        rollback.setEnabled(rows);
        remove.setEnabled(rows);
        List<RuntimeEntry> explicit = explicitRuntimes();
        editCredentials.setEnabled(explicit.size() == 1);
        trustCertificate.setEnabled(explicit.size() == 1 && explicit.get(0).reachability().untrustedCertificate());
        removeRuntime.setEnabled(!explicit.isEmpty());
    }

    private List<DeploymentRow> selectedRows() {
        List<DeploymentRow> rows = new ArrayList<>();
        for (Object o : selection.toList()) {
            if (o instanceof DeploymentRow row) {
                rows.add(row);
            }
        }
        return rows;
    }

    /** Runtimes selected themselves. */
    private List<RuntimeEntry> explicitRuntimes() {
        List<RuntimeEntry> runtimes = new ArrayList<>();
        for (Object o : selection.toList()) {
            if (o instanceof RuntimeEntry r) {
                runtimes.add(r);
            }
        }
        return runtimes;
    }

    /** Runtimes selected themselves or through one of their deployments (the targets Deploy… proposes). */
    private List<RuntimeEntry> selectedRuntimes() {
        Set<RuntimeEntry> runtimes = new LinkedHashSet<>(explicitRuntimes());
        selectedRows().forEach(r -> runtimes.add(r.runtime()));
        return new ArrayList<>(runtimes);
    }
}
