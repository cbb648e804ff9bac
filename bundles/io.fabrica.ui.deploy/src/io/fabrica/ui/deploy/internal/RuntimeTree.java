package io.fabrica.ui.deploy.internal;

import java.util.List;
import java.util.function.Supplier;

import org.eclipse.jface.layout.TreeColumnLayout;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ColumnPixelData;
import org.eclipse.jface.viewers.ColumnViewerToolTipSupport;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.jface.viewers.TreeViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.PlatformUI;

import io.fabrica.ui.FabricaUi;

/**
 * The runtimes tree: one row per runtime (endpoint, reachability, the reason when unreachable) with its
 * deployments below (name, state, version, last decision, decisions, latency, last error). Cells show
 * their full text as a tooltip, as decisions and errors are often longer than the column.
 *
 * <p>UI thread only. Images are the workbench's shared ones (not disposed here).
 */
final class RuntimeTree {

    private final TreeViewer viewer;

    /**
     * @param parent the parent composite
     * @param runtimes the runtimes to show, asked for on every refresh
     */
    RuntimeTree(Composite parent, Supplier<List<RuntimeEntry>> runtimes) {
        Composite holder = new Composite(parent, SWT.NONE);
        TreeColumnLayout layout = new TreeColumnLayout();
        holder.setLayout(layout);
        viewer = new TreeViewer(holder, SWT.MULTI | SWT.FULL_SELECTION | SWT.BORDER);
        viewer.getTree().setHeaderVisible(true);
        viewer.getTree().setLinesVisible(true);
        viewer.getTree().setData(FabricaUi.WIDGET_KEY, "deploy.tree");
        viewer.setUseHashlookup(true);
        for (DeploymentColumn column : DeploymentColumn.values()) {
            TreeViewerColumn c = new TreeViewerColumn(viewer, SWT.LEFT);
            c.getColumn().setText(column.title());
            c.getColumn().setMoveable(true);
            c.setLabelProvider(new Cell(column));
            layout.setColumnData(c.getColumn(), new ColumnPixelData(column.width(), true));
        }
        ColumnViewerToolTipSupport.enableFor(viewer);
        viewer.setContentProvider(new Content());
        viewer.setInput(runtimes);
    }

    TreeViewer viewer() {
        return viewer;
    }

    /** Rebuilds the runtime rows (after add/remove). */
    void refresh() {
        viewer.refresh();
    }

    /** Updates one runtime and its deployments (after a poll). */
    void refresh(RuntimeEntry runtime) {
        viewer.refresh(runtime, true);
    }

    /** Runtimes at the top, their deployments below. */
    private static final class Content implements ITreeContentProvider {
        @Override
        @SuppressWarnings("unchecked")
        public Object[] getElements(Object input) {
            return ((Supplier<List<RuntimeEntry>>) input).get().toArray();
        }

        @Override
        public Object[] getChildren(Object parent) {
            if (parent instanceof RuntimeEntry r) {
                return r.deployments().stream().map(s -> new DeploymentRow(r, s.id())).toArray();
            }
            return new Object[0];
        }

        @Override
        public Object getParent(Object element) {
            return element instanceof DeploymentRow row ? row.runtime() : null;
        }

        @Override
        public boolean hasChildren(Object element) {
            return element instanceof RuntimeEntry r && !r.deployments().isEmpty();
        }
    }

    /** One column's text, with an icon in the name column telling reachability or trouble at a glance. */
    private static final class Cell extends ColumnLabelProvider {
        private final DeploymentColumn column;

        Cell(DeploymentColumn column) {
            this.column = column;
        }

        @Override
        public String getText(Object element) {
            return column.text(element);
        }

        @Override
        public String getToolTipText(Object element) {
            String text = column.text(element);
            return text.length() > 20 ? text : null;
        }

        @Override
        public Image getImage(Object element) {
            if (column != DeploymentColumn.NAME) {
                return null;
            }
            String image = null;
            if (element instanceof RuntimeEntry r) {
                image = switch (r.reachability().kind()) {
                    case ONLINE -> ISharedImages.IMG_OBJ_FOLDER;
                    case CHECKING -> ISharedImages.IMG_OBJS_INFO_TSK;
                    case UNREACHABLE -> ISharedImages.IMG_OBJS_ERROR_TSK;
                };
            } else if (element instanceof DeploymentRow row) {
                boolean trouble = "FAILED".equals(row.state()) || row.status().map(s -> !s.lastError().isEmpty()).orElse(false);
                image = trouble ? ISharedImages.IMG_OBJS_WARN_TSK : ISharedImages.IMG_OBJ_ELEMENT;
            }
            return image == null ? null : PlatformUI.getWorkbench().getSharedImages().getImage(image);
        }
    }
}
