package io.fabrica.ui.deploy.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.function.Function;

import org.eclipse.jface.layout.TableColumnLayout;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ColumnPixelData;
import org.eclipse.jface.viewers.ColumnWeightData;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;

import io.fabrica.deploy.opcua.ApprovalsClient;
import io.fabrica.ui.FabricaUi;

/**
 * The two tables of the Approvals view: the held writes (runtime, id, parameter, current → proposed, the
 * prediction now → with the change and its interval, gain, expiry, reasons) and the latest decisions
 * (time, id, status, user, parameter, value, detail). UI thread only.
 */
final class ApprovalTables {

    private ApprovalTables() {
    }

    static TableViewer pending(Composite parent) {
        TableColumnLayout layout = new TableColumnLayout();
        TableViewer viewer = table(parent, layout, "approvals.pending", SWT.FULL_SELECTION | SWT.BORDER | SWT.SINGLE);
        column(viewer, layout, "Runtime", new ColumnPixelData(190), (ApprovalRow r) -> r.runtime().endpoint());
        column(viewer, layout, "Id", new ColumnPixelData(70), (ApprovalRow r) -> r.item().id());
        column(viewer, layout, "Parameter", new ColumnPixelData(170), (ApprovalRow r) -> name(r.item().parameter()));
        column(viewer, layout, "Current → proposed", new ColumnPixelData(150),
                (ApprovalRow r) -> number(r.item().current()) + " → " + number(r.item().proposed()));
        column(viewer, layout, "Predicted now → with [interval]", new ColumnPixelData(230), (ApprovalRow r) -> prediction(r.item()));
        column(viewer, layout, "Gain", new ColumnPixelData(60), (ApprovalRow r) -> number(r.item().gain()));
        column(viewer, layout, "Expires", new ColumnPixelData(90), (ApprovalRow r) -> time(r.item().expires()));
        column(viewer, layout, "Reasons", new ColumnWeightData(1, 200), (ApprovalRow r) -> String.join("; ", r.item().reasons())
                + (r.item().newer() > 0 ? " (" + r.item().newer() + " newer proposals since)" : ""));
        return viewer;
    }

    static TableViewer history(Composite parent) {
        TableColumnLayout layout = new TableColumnLayout();
        TableViewer viewer = table(parent, layout, "approvals.history", SWT.FULL_SELECTION | SWT.BORDER);
        column(viewer, layout, "Time", new ColumnPixelData(80), (ApprovalsClient.Event e) -> time(e.time()));
        column(viewer, layout, "Id", new ColumnPixelData(70), ApprovalsClient.Event::id);
        column(viewer, layout, "Status", new ColumnPixelData(90), ApprovalsClient.Event::status);
        column(viewer, layout, "User", new ColumnPixelData(80), ApprovalsClient.Event::user);
        column(viewer, layout, "Parameter", new ColumnPixelData(170), (ApprovalsClient.Event e) -> name(e.parameter()));
        column(viewer, layout, "Value", new ColumnPixelData(150), (ApprovalsClient.Event e) -> number(e.current()) + " → " + number(e.proposed()));
        column(viewer, layout, "Detail", new ColumnWeightData(1, 200), ApprovalsClient.Event::detail);
        return viewer;
    }

    private static TableViewer table(Composite parent, TableColumnLayout layout, String key, int style) {
        Composite holder = new Composite(parent, SWT.NONE);
        holder.setLayout(layout);
        TableViewer viewer = new TableViewer(holder, style);
        viewer.getTable().setHeaderVisible(true);
        viewer.getTable().setLinesVisible(true);
        viewer.getTable().setData(FabricaUi.WIDGET_KEY, key);
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        viewer.setInput(List.of());
        return viewer;
    }

    @SuppressWarnings("unchecked")
    private static <T> void column(TableViewer viewer, TableColumnLayout layout, String title, org.eclipse.jface.viewers.ColumnLayoutData width,
            Function<T, String> text) {
        TableViewerColumn c = new TableViewerColumn(viewer, SWT.LEFT);
        c.getColumn().setText(title);
        layout.setColumnData(c.getColumn(), width);
        c.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return text.apply((T) element);
            }
        });
    }

    private static String prediction(ApprovalsClient.Pending p) {
        if (p.quality() == null) {
            return "—";
        }
        return number(p.predictedNow()) + " → " + number(p.predictedWith()) + " [" + number(p.low()) + ", " + number(p.high()) + "] " + p.quality();
    }

    static String name(String path) {
        return path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
    }

    /** @return an instant's time of day (UTC, as the runtime writes it) */
    private static String time(String iso) {
        int t = iso == null ? -1 : iso.indexOf('T');
        return t < 0 ? "" : iso.substring(t + 1, Math.min(iso.length(), t + 9));
    }

    static String number(Double v) {
        if (v == null || !Double.isFinite(v)) {
            return "?";
        }
        return new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }
}
