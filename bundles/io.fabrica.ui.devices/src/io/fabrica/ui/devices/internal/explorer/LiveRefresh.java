package io.fabrica.ui.devices.internal.explorer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jface.viewers.ITreeViewerListener;
import org.eclipse.jface.viewers.TreeExpansionEvent;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.swt.widgets.Display;
import io.fabrica.devices.api.SampledValue;

/**
 * The Device Explorer's live values: watches the variables whose parents are expanded (per
 * connection, at most {@value #MAX_WATCHED}) and repaints the samples received since the last tick
 * in one batch, {@value #REFRESH_MS} ms apart. UI thread only.
 */
final class LiveRefresh {

    /** How often live values are repainted. */
    private static final int REFRESH_MS = 200;
    /** Most variables watched per connection, so expanding a huge server does not flood it. */
    private static final int MAX_WATCHED = 500;

    private final TreeViewer viewer;
    private final List<ConnectionNode> roots;
    private final Runnable refresher = this::refreshValues;

    LiveRefresh(TreeViewer viewer, List<ConnectionNode> roots) {
        this.viewer = viewer;
        this.roots = roots;
    }

    /** Starts the repaint timer and follows expansions. */
    void start() {
        viewer.addTreeListener(new ITreeViewerListener() {
            @Override
            public void treeExpanded(TreeExpansionEvent event) {
                Display.getCurrent().asyncExec(LiveRefresh.this::watchVisible); // after the expansion took effect
            }

            @Override
            public void treeCollapsed(TreeExpansionEvent event) {
                Display.getCurrent().asyncExec(LiveRefresh.this::watchVisible);
            }
        });
        viewer.getControl().getDisplay().timerExec(REFRESH_MS, refresher);
    }

    /** Watches the variables whose parents are expanded now, per connection. UI thread. */
    void watchVisible() {
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
        if (viewer.getControl().isDisposed()) {
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
}
