package io.fabrica.ui.deploy.internal;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.function.Function;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.layout.TableColumnLayout;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ColumnPixelData;
import org.eclipse.jface.viewers.ColumnWeightData;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.PlatformUI;

import io.fabrica.ui.FabricaUi;

/**
 * The audit trail table: time, runtime, action, package or deployment, result — newest first. Explains
 * in its heading that the runtime's own audit log is on the runtime (it is not published over OPC UA).
 *
 * <p>UI thread only.
 */
final class AuditTable {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private final TableViewer viewer;
    private final AuditTrail trail;

    AuditTable(Composite parent, AuditTrail trail) {
        this.trail = trail;
        Composite box = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().spacing(0, 2).applyTo(box);
        Label heading = new Label(box, SWT.WRAP);
        heading.setText("Audit trail: actions from this workbench session. Each runtime also keeps its own audit log of every attempt "
                + "(audit.log in its data folder); it is not published over OPC UA.");
        GridDataFactory.fillDefaults().grab(true, false).applyTo(heading);
        Composite holder = new Composite(box, SWT.NONE);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(holder);
        TableColumnLayout layout = new TableColumnLayout();
        holder.setLayout(layout);
        viewer = new TableViewer(holder, SWT.FULL_SELECTION | SWT.BORDER);
        viewer.getTable().setHeaderVisible(true);
        viewer.getTable().setLinesVisible(true);
        viewer.getTable().setData(FabricaUi.WIDGET_KEY, "deploy.audit");
        column(layout, "Time", new ColumnPixelData(70), e -> TIME.format(e.time()));
        column(layout, "Runtime", new ColumnPixelData(230), AuditEntry::runtime);
        column(layout, "Action", new ColumnPixelData(70), AuditEntry::action);
        column(layout, "Package / deployment", new ColumnPixelData(200), AuditEntry::subject);
        column(layout, "Result", new ColumnWeightData(1, 200), AuditEntry::result);
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        viewer.setInput(trail.entries());
    }

    private void column(TableColumnLayout layout, String title, org.eclipse.jface.viewers.ColumnLayoutData width,
            Function<AuditEntry, String> text) {
        TableViewerColumn c = new TableViewerColumn(viewer, SWT.LEFT);
        c.getColumn().setText(title);
        layout.setColumnData(c.getColumn(), width);
        boolean withIcon = "Result".equals(title);
        c.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return text.apply((AuditEntry) element);
            }

            @Override
            public Image getImage(Object element) {
                if (!withIcon) {
                    return null;
                }
                return PlatformUI.getWorkbench().getSharedImages()
                        .getImage(((AuditEntry) element).ok() ? ISharedImages.IMG_OBJS_INFO_TSK : ISharedImages.IMG_OBJS_ERROR_TSK);
            }
        });
    }

    /** Shows the trail as it is now. */
    void refresh() {
        if (!viewer.getControl().isDisposed()) {
            viewer.setInput(trail.entries());
        }
    }
}
