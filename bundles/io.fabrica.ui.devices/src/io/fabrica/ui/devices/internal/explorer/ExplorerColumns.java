package io.fabrica.ui.devices.internal.explorer;

import java.util.function.Function;

import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.jface.viewers.TreeViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Image;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.PlatformUI;

import io.fabrica.devices.api.BrowseNode;
import io.fabrica.devices.api.SessionState;

/**
 * The explorer's columns: Name (with the node kind's or connection health's icon), Value, Quality,
 * Timestamp and Data type. Icons are the workbench's shared images, so nothing is created to dispose.
 */
final class ExplorerColumns {

    private ExplorerColumns() {
    }

    static void install(TreeViewer viewer) {
        viewer.getTree().setHeaderVisible(true);
        viewer.getTree().setLinesVisible(true);
        column(viewer, "Name", 260, ExplorerColumns::name, ExplorerColumns::icon);
        column(viewer, "Value", 140, n -> n instanceof DeviceNode d ? ValueText.value(d.value()) : "", n -> null);
        column(viewer, "Quality", 80, n -> n instanceof DeviceNode d ? ValueText.quality(d.value()) : "", n -> null);
        column(viewer, "Timestamp", 100, n -> n instanceof DeviceNode d ? ValueText.time(d.value()) : "", n -> null);
        column(viewer, "Data type", 110, ExplorerColumns::dataType, n -> null);
    }

    private static void column(TreeViewer viewer, String title, int width, Function<Object, String> text, Function<Object, Image> image) {
        TreeViewerColumn column = new TreeViewerColumn(viewer, SWT.LEFT);
        column.getColumn().setText(title);
        column.getColumn().setWidth(width);
        column.getColumn().setMoveable(true);
        column.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return text.apply(element);
            }

            @Override
            public Image getImage(Object element) {
                return image.apply(element);
            }

            @Override
            public Color getForeground(Object element) {
                boolean problem = element instanceof MessageNode m && m.error()
                        || element instanceof DeviceNode d && d.value() != null && !d.value().isGood();
                return problem ? viewer.getControl().getDisplay().getSystemColor(SWT.COLOR_RED) : null;
            }
        });
    }

    static String name(Object element) {
        if (element instanceof ConnectionNode c) {
            return c.endpoint() + " — " + health(c);
        }
        if (element instanceof DeviceNode d) {
            return d.node().displayName();
        }
        return element instanceof MessageNode m ? m.text() : String.valueOf(element);
    }

    /** @return Connected, Reconnecting with the reason, or Disconnected with the last error */
    static String health(ConnectionNode c) {
        SessionState s = c.state();
        return switch (s.status()) {
            case CONNECTED -> "Connected";
            case RECONNECTING -> "connecting".equals(s.reason()) ? "Connecting…" : "Reconnecting: " + s.reason();
            case FAILED -> "Disconnected" + (c.lastError().isEmpty() ? "" : ": " + c.lastError());
        };
    }

    private static Image icon(Object element) {
        ISharedImages images = PlatformUI.getWorkbench().getSharedImages();
        String key;
        if (element instanceof ConnectionNode c) {
            key = switch (c.state().status()) {
                case CONNECTED -> ISharedImages.IMG_OBJS_INFO_TSK;
                case RECONNECTING -> ISharedImages.IMG_OBJS_WARN_TSK;
                case FAILED -> ISharedImages.IMG_OBJS_ERROR_TSK;
            };
        } else if (element instanceof DeviceNode d) {
            key = d.node().kind() == BrowseNode.Kind.OBJECT ? ISharedImages.IMG_OBJ_FOLDER
                    : d.node().kind() == BrowseNode.Kind.METHOD ? ISharedImages.IMG_TOOL_FORWARD : ISharedImages.IMG_OBJ_ELEMENT;
        } else {
            return element instanceof MessageNode m && m.error() ? images.getImage(ISharedImages.IMG_OBJS_ERROR_TSK) : null;
        }
        return images.getImage(key);
    }

    private static String dataType(Object element) {
        if (element instanceof DeviceNode d && d.node().dataType() != null) {
            return d.node().dataType() + (d.node().writable() ? " (writable)" : "");
        }
        return element instanceof DeviceNode d ? d.node().kind().name().toLowerCase() : "";
    }
}
