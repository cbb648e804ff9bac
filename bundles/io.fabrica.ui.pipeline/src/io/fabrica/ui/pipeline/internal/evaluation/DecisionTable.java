package io.fabrica.ui.pipeline.internal.evaluation;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;

import io.fabrica.pipeline.api.Decision;
import io.fabrica.ui.FabricaUi;

/**
 * The decisions of an evaluation in a virtual table (time, decision, score, ground truth, strongest
 * reason): rows are made only when they scroll into view, so tens of thousands of decisions stay fast.
 * Alarms are shown in red. Selecting a row tells the listener. UI thread only.
 */
final class DecisionTable {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneId.systemDefault());

    private final Table table;
    private List<Decision> decisions = List.of();

    DecisionTable(Composite parent, Consumer<Decision> selected) {
        table = new Table(parent, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE | SWT.VIRTUAL);
        table.setData(FabricaUi.WIDGET_KEY, "evaluation.decisions");
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        column("Time", 100);
        column("Decision", 80);
        column("Score", 80);
        column("Truth", 110);
        column("Strongest reason", 180);
        table.addListener(SWT.SetData, e -> fill((TableItem) e.item, table.indexOf((TableItem) e.item)));
        table.addListener(SWT.Selection, e -> {
            int index = table.getSelectionIndex();
            selected.accept(index < 0 ? null : decisions.get(index));
        });
    }

    Table control() {
        return table;
    }

    void show(List<Decision> newDecisions) {
        decisions = newDecisions;
        table.clearAll();
        table.setItemCount(decisions.size());
    }

    /** @return the decisions listed */
    List<Decision> decisions() {
        return decisions;
    }

    /** Selects a row as a click does (the listener hears of it). */
    void select(int index) {
        table.setSelection(index);
        table.notifyListeners(SWT.Selection, new org.eclipse.swt.widgets.Event());
    }

    private void fill(TableItem item, int index) {
        Decision d = decisions.get(index);
        item.setText(new String[] {TIME.format(Instant.ofEpochMilli(d.timeMillis())), d.outcome(), String.format(Locale.ROOT, "%.4g", d.score()),
                d.groundTruth(), d.reasons().isEmpty() ? "" : d.reasons().get(0).input()});
        if (d.positive()) {
            item.setForeground(table.getDisplay().getSystemColor(SWT.COLOR_RED));
        }
    }

    private void column(String title, int width) {
        TableColumn c = new TableColumn(table, SWT.LEFT);
        c.setText(title);
        c.setWidth(width);
    }
}
