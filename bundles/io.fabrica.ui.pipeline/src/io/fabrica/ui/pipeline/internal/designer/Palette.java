package io.fabrica.ui.pipeline.internal.designer;

import java.util.List;
import java.util.function.Consumer;

import org.eclipse.swt.SWT;
import org.eclipse.swt.dnd.DND;
import org.eclipse.swt.dnd.DragSource;
import org.eclipse.swt.dnd.DragSourceAdapter;
import org.eclipse.swt.dnd.DragSourceEvent;
import org.eclipse.swt.dnd.TextTransfer;
import org.eclipse.swt.dnd.Transfer;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;

import io.fabrica.ui.FabricaUi;

/**
 * The palette: stage kinds grouped under Sources, Signal processing, Model, Decision, Sinks and Vendor.
 * Drag an entry onto the canvas to place it there; or select it (the canvas then places it where you
 * click next); or double-click it to place it in the middle of the view. UI thread.
 */
final class Palette {

    /** Widget key of the palette tree. */
    static final String KEY = "designer.palette";

    private final Tree tree;

    /**
     * @param parent the parent composite
     * @param kinds the entries, in order
     * @param armed called with the kind a click selected (the next canvas click places it)
     * @param placeNow called with the kind a double-click chose
     */
    Palette(Composite parent, List<StageKind> kinds, Consumer<StageKind> armed, Consumer<StageKind> placeNow) {
        tree = new Tree(parent, SWT.SINGLE | SWT.BORDER);
        tree.setData(FabricaUi.WIDGET_KEY, KEY);
        for (PaletteGroup group : PaletteGroup.values()) {
            TreeItem heading = new TreeItem(tree, SWT.NONE);
            heading.setText(group.label());
            List<StageKind> inGroup = kinds.stream().filter(k -> k.group() == group).toList();
            for (StageKind k : inGroup) {
                TreeItem item = new TreeItem(heading, SWT.NONE);
                item.setText(k.label());
                item.setData(k);
            }
            if (inGroup.isEmpty()) {
                new TreeItem(heading, SWT.NONE).setText(group == PaletteGroup.VENDOR ? "(no vendor stages installed)" : "(none)");
            }
            heading.setExpanded(true);
        }
        tree.addListener(SWT.Selection, e -> armed.accept(selected()));
        tree.addListener(SWT.DefaultSelection, e -> {
            StageKind k = selected();
            if (k != null) {
                placeNow.accept(k);
            }
        });
        tree.addListener(SWT.MouseHover, e -> {
            TreeItem item = tree.getItem(new org.eclipse.swt.graphics.Point(e.x, e.y));
            tree.setToolTipText(item != null && item.getData() instanceof StageKind k ? k.description() : null);
        });
        installDrag();
    }

    private void installDrag() {
        DragSource source = new DragSource(tree, DND.DROP_COPY | DND.DROP_MOVE);
        source.setTransfer(new Transfer[] {TextTransfer.getInstance()});
        source.addDragListener(new DragSourceAdapter() {
            @Override
            public void dragStart(DragSourceEvent event) {
                event.doit = selected() != null;
            }

            @Override
            public void dragSetData(DragSourceEvent event) {
                StageKind k = selected();
                event.data = k == null ? "" : DiagramCanvas.DND_PREFIX + k.id();
            }
        });
    }

    private StageKind selected() {
        TreeItem[] items = tree.getSelection();
        return items.length == 1 && items[0].getData() instanceof StageKind k ? k : null;
    }

    /** Clears the palette's selection (after the armed kind was placed or cancelled). */
    void clearSelection() {
        tree.deselectAll();
    }

    Control control() {
        return tree;
    }
}
